"""The "Observatoire" admin menu: themes (editable by staff), SDGs, public reports, import."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from rallynov.initiatives import admin_views, rules
from rallynov.initiatives.harvest.admin import HarvestSourceViewSet
from rallynov.initiatives.models import SustainableDevelopmentGoal, Theme


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = "Thèmes"
    list_display = ["__str__", "slug", "position"]
    list_filter = ["parent"]
    search_fields = ["name"]
    ordering = ["parent__position", "position", "name"]


class SdgViewSet(SnippetViewSet):
    model = SustainableDevelopmentGoal
    icon = "globe"
    menu_label = "Objectifs de développement durable"
    list_display = ["number", "name"]


class ObservatoryGroup(SnippetViewSetGroup):
    menu_label = "Observatoire"
    menu_icon = "search"
    menu_order = 250
    items = (ThemeViewSet, SdgViewSet, HarvestSourceViewSet)


register_snippet(ObservatoryGroup)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("initiatives/import/", admin_views.import_initiatives, name="initiatives_admin_import"),
        path("initiatives/import/<uuid:job_id>/", admin_views.import_status, name="initiatives_admin_import_status"),
        path("initiatives/signalements/", admin_views.submissions, name="initiatives_admin_submissions"),
        path("initiatives/signalements/<int:pk>/refuser/", admin_views.reject, name="initiatives_admin_reject"),
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return rules.can_import_initiatives(request.user)


class SubmissionsMenuItem(MenuItem):
    def is_shown(self, request):
        return rules.can_moderate_submissions(request.user)


@hooks.register("register_admin_menu_item")
def register_submissions_menu():
    return SubmissionsMenuItem(
        "Signalements d'initiatives", reverse("initiatives_admin_submissions"), icon_name="warning", order=251
    )


@hooks.register("register_admin_menu_item")
def register_import_menu():
    return ImportMenuItem("Importer des initiatives", reverse("initiatives_admin_import"), icon_name="upload", order=252)
