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
    latest_ids = CatalogueEntry.objects.filter(programme=programme).order_by("-published_at", "-pk").values("pk")[:3]
    # What the section shows of each: title, address, picture, commune, year, summary, in one
    # query: the three latest entries are its subquery (an entry's pk is its page's).
    latest = (
        InitiativePage.objects.filter(pk__in=latest_ids)
        .select_related("main_commune", "image")
        .order_by("-catalogue_entry__published_at", "-pk")
    )
    return {
        "template": "initiatives/includes/home_section.html",
        "context": {"total": total, "latest": list(latest)},
        "order": 10,
    }
