"""Key figures of the public site: visitors and pages viewed in a year (audience measurement)."""

import datetime

from django.utils.translation import gettext_noop

from rallynov.core.figures import Figure
from rallynov.site import audience
from rallynov.site.models import PageViewDay, VisitorDay


def figures(*, programme, year):
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    totals = audience.totals(programme=programme, start=start, end=end)
    generated = (
        VisitorDay.objects.filter(programme=programme, day__range=(start, end), is_generated=True).exists()
        or PageViewDay.objects.filter(programme=programme, day__range=(start, end), is_generated=True).exists()
    )
    note = "mesures générées pour la démonstration" if generated else ""
    return [
        Figure(key="site.visitors", label=gettext_noop("Visiteurs du site"), value=totals["visitors"], unit="visiteurs",
               part="site", note=note),
        Figure(key="site.page_views", label=gettext_noop("Pages consultées"), value=totals["page_views"], unit="pages",
               part="site", note=note),
    ]
