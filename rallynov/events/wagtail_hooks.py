from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from rallynov.accounts.admin_scoping import ProgrammeScopedViewSet
from rallynov.events import rules
from rallynov.events.models import Video


class VideoViewSet(ProgrammeScopedViewSet, SnippetViewSet):
    model = Video
    icon = "media"
    menu_label = "Vidéos et vues"
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["title", "kind", "event", "published_on", "is_generated"]
    list_filter = ["kind", "is_generated"]
    search_fields = ["title", "url"]


register_snippet(VideoViewSet)


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return rules.can_manage_events(request.user)


@hooks.register("register_admin_menu_item")
def register_registrations_menu_item():
    return StaffMenuItem(
        "Inscriptions et accueil", reverse("events:staff_list"), icon_name="date", order=305
    )
