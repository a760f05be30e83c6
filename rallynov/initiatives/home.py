"""The home page's observatory section: how many initiatives, and the latest published."""

from django.utils import timezone

from rallynov.core.queries import programme_for_request
from rallynov.initiatives.figures import total_figure
from rallynov.initiatives.models import CatalogueEntry
from rallynov.initiatives.queries.cards import initiatives_in_order


def home_section(request):
    programme = programme_for_request(request)
    if programme is None:
        return None
    # The figure `initiatives.total` of this year, as the key figures, the API and the report say it.
    total = total_figure(programme=programme, year=timezone.localdate().year).value
    if not total:
        return None
    entries = CatalogueEntry.objects.filter(programme=programme)
    latest = list(entries.order_by("-published_at", "-pk").values_list("pk", flat=True)[:3])
    return {
        "template": "initiatives/includes/home_section.html",
        "context": {"total": total, "latest": initiatives_in_order(latest)},
        "order": 10,
    }
