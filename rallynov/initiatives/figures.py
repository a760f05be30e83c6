"""Key figures of the observatory, computed from the published catalogue."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from rallynov.core.figures import Figure
from rallynov.initiatives.models import CatalogueEntry


def figures(*, programme, year):
    published = CatalogueEntry.objects.filter(programme=programme)
    catalogue = reverse("initiatives:catalogue")
    years = sorted(set(published.filter(year__lte=year).values_list("year", flat=True).distinct()))
    return [
        Figure(
            key="initiatives.new",
            label=_("Nouvelles innovations sociales"),
            value=published.filter(year=year).count(),
            part="initiatives",
            records_url=f"{catalogue}?{urlencode({'year': year})}",
            details={"year": year},
        ),
        Figure(
            key="initiatives.total",
            label=_("Initiatives répertoriées"),
            value=published.filter(year__lte=year).count(),
            part="initiatives",
            # The catalogue's year facet combines years with OR: every year up to this one.
            records_url=f"{catalogue}?{urlencode([('year', y) for y in years])}" if years else catalogue,
            details={"year": year},
        ),
    ]
