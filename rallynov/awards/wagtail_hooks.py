"""The prize in the Wagtail admin: editions with their call, questions, criteria grid and letter
templates (one form), plus a link to the prize management screens."""

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from rallynov.accounts.admin_scoping import ProgrammeScopedViewSet
from rallynov.awards.models import Edition


class EditionViewSet(ProgrammeScopedViewSet, SnippetViewSet):
    model = Edition
    icon = "pick"
    menu_label = "Prix : éditions"
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["year", "title", "opens_at", "closes_at", "published_at", "is_generated"]
    list_filter = ["is_generated"]
    search_fields = ["title"]
    ordering = ["-year"]


register_snippet(EditionViewSet)


@hooks.register("register_admin_menu_item")
def prize_management_menu_item():
    from rallynov.awards.rules import is_prize_staff

    class PrizeMenuItem(MenuItem):
        def is_shown(self, request):
            return is_prize_staff(request.user)

    return PrizeMenuItem(
        "Prix : gestion des dossiers", reverse("awards:manage_index"), icon_name="clipboard-list", order=251
    )
