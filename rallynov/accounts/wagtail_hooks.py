"""Partner editors' territories in the admin, and the territory held at every admin door of the
pages that belong to one (initiatives, news): see `rules.can_edit_in_territory`."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import Page
from wagtail.permissions import policy_registry
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from rallynov.accounts.admin_scoping import ProgrammeScopedViewSet, refuse_foreign_rows
from rallynov.accounts.models import PartnerTerritory
from rallynov.accounts.policies import register_territory_policies
from rallynov.accounts.rules import TERRITORY_PAGE_MODELS, can_edit_in_territory


class PartnerTerritoryViewSet(ProgrammeScopedViewSet, SnippetViewSet):
    model = PartnerTerritory
    icon = "site"
    menu_label = "Territoires des éditeurs partenaires"
    add_to_settings_menu = True
    list_display = ["user", "programme", "region"]
    list_filter = ["programme", "region"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    ordering = ["user__email"]


register_snippet(PartnerTerritoryViewSet)

TERRITORY_MODELS = register_territory_policies()


def refuse_outside_territory(request, *pages):
    """The refusal of a door when one of `pages` is out of the user's territory, else None."""
    for page in pages:
        specific = page.specific_deferred if type(page) is Page else page
        if specific._meta.label in TERRITORY_PAGE_MODELS and not can_edit_in_territory(
            request.user, specific
        ):
            messages.error(
                request,
                _(
                    "« %(title)s » n'est pas dans votre territoire : seule l'équipe du programme peut la modifier."
                )
                % {"title": specific.title},
            )
            return redirect("wagtailadmin_home")
    return None


@hooks.register("before_copy_page")
def before_copy_page(request, page):
    return refuse_outside_territory(request, page)


@hooks.register("before_move_page")
def before_move_page(request, page, destination):
    return refuse_outside_territory(request, page)


@hooks.register("before_convert_alias_page")
def before_convert_alias_page(request, page):
    return refuse_outside_territory(request, page)


@hooks.register("before_bulk_action")
def before_bulk_action(request, action_type, objects, action_class_instance):
    pages = [obj for obj in objects if isinstance(obj, Page)]
    return refuse_outside_territory(request, *pages)


@hooks.register("construct_explorer_page_queryset")
def show_only_territory(parent_page, pages, request):
    """A partner editor's explorer lists, of the initiatives and news, those they may edit."""
    editable = policy_registry.get_by_type(Page).editable_page_ids(request.user)
    if editable is None:
        return pages
    hidden = Q(content_type__in=[ContentType.objects.get_for_model(model) for model in TERRITORY_MODELS])
    return pages.exclude(hidden & ~Q(pk__in=editable))


# A bulk action of the admin (delete…) on a row of another programme is refused (admin_scoping).
hooks.register("before_bulk_action", refuse_foreign_rows)
