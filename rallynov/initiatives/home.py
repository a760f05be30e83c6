"""The home page's observatory section: how many initiatives, and the latest published."""

from rallynov.core.queries import programme_for_request
from rallynov.initiatives.models import CatalogueEntry
from rallynov.initiatives.queries import initiatives_in_order


def home_section(request):
    programme = programme_for_request(request)
    if programme is None:
        return None
    entries = CatalogueEntry.objects.filter(programme=programme)
    total = entries.count()
    if not total:
        return None
    latest = list(entries.order_by("-published_at", "-pk").values_list("pk", flat=True)[:3])
    return {
        "template": "initiatives/includes/home_section.html",
        "context": {"total": total, "latest": initiatives_in_order(latest)},
        "order": 10,
    }
