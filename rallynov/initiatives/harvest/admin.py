"""The harvest sources in the admin (Observatoire › Sources moissonnées): the programme team sets
the address, the column and theme mapping and the schedule; each team sees its programme's."""

from wagtail.snippets.views.snippets import SnippetViewSet

from rallynov.accounts.admin_scoping import ProgrammeScopedViewSet
from rallynov.accounts.rules import team_programme_ids
from rallynov.initiatives.harvest.models import HarvestSource


class HarvestSourceViewSet(ProgrammeScopedViewSet, SnippetViewSet):
    model = HarvestSource
    icon = "download"
    menu_label = "Sources moissonnées"
    list_display = ["name", "programme", "schedule", "last_run_at", "last_status"]
    list_filter = ["programme", "schedule", "active"]
    search_fields = ["name"]

    def get_queryset(self, request):
        sources = HarvestSource.objects.select_related("programme")
        if request.user.is_superuser:
            return sources
        return sources.filter(programme_id__in=team_programme_ids(request.user))
