"""Key figures of the observatory, computed from the published catalogue."""

from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from rallynov.core.figures import Figure
from rallynov.initiatives.models import CatalogueEntry


def figures(*, programme, year):
    catalogue = reverse("initiatives:catalogue")
    # One grouped pass over the published catalogue gives the years, the new ones and the total.
    per_year = dict(
        CatalogueEntry.objects.filter(programme=programme, year__lte=year)
        .order_by()
        .values("year")
        .annotate(n=Count("pk"))
        .values_list("year", "n")
    )
    years = sorted(per_year)
    return [
        Figure(
            key="initiatives.new",
            label=_("Nouvelles innovations sociales"),
            value=per_year.get(year, 0),
            part="initiatives",
            records_url=f"{catalogue}?{urlencode({'year': year})}",
            details={"year": year},
        ),
        Figure(
            key="initiatives.total",
            label=_("Initiatives répertoriées"),
            value=sum(per_year.values()),
            part="initiatives",
            # The catalogue's year facet combines years with OR: every year up to this one.
            records_url=f"{catalogue}?{urlencode([('year', y) for y in years])}" if years else catalogue,
            details={"year": year},
        ),
    ]
