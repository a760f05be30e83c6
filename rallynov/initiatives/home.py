"""The home page's observatory section: how many initiatives, and the latest published."""

from django.utils import timezone

from rallynov.core.queries import programme_for_request
from rallynov.initiatives.figures import total_figure
from rallynov.initiatives.models import CatalogueEntry, InitiativePage


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
    # What the section shows of each: title, address, picture, commune, year, summary (one query).
    pages = {
        page.pk: page
        for page in InitiativePage.objects.filter(pk__in=latest).select_related("main_commune", "image")
    }
    return {
        "template": "initiatives/includes/home_section.html",
        "context": {"total": total, "latest": [pages[pk] for pk in latest if pk in pages]},
        "order": 10,
    }
