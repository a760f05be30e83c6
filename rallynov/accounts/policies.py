"""Wagtail's page permissions narrowed to the territory of partner editors.

The partner editors' group has `add` and `change` on the catalogue and on the news index
(initiatives.domain.ensure_catalogue, site.domain.grant_site_permissions). In Wagtail a
permission on a page holds for the whole subtree, and every initiative is a child of the
catalogue, so the tree alone cannot say "Côte-d'Or, not Doubs". For the pages that belong to a
territory (initiatives, news), this policy replaces the group's `change` on a parent page with one
`change` per child page that `rules.can_edit_in_territory` allows, and drops the group's `add`
there (Wagtail lets the owner of a page edit it wherever they may add pages, territory or not).

Wagtail builds a `PagePermissionTester` from the policy of the page's model for each page screen
(edit, revert, preview, draft, history, revisions, compare, usage, delete, lock, unpublish,
workflow), so these screens all answer with the predicate.
"""

from django.apps import apps
from wagtail.models import GroupPagePermission, Page
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import register_permission_policy

from rallynov.accounts import roles
from rallynov.accounts.rules import (
    INITIATIVE,
    NEWS,
    TERRITORY_PAGE_MODELS,
    can_edit_in_territory,
    is_partner_editor,
    is_programme_team,
)


class TerritoryPagePermissionPolicy(PagePermissionPolicy):
    """The page policy of one page model: `territory_models` ({model: how to load its territory})
    are the territory page types it narrows, the model itself for InitiativePage and NewsPage, all
    of them for the base Page class (Wagtail reads base pages in a few screens: workflow history,
    move, copy, bulk actions, listings)."""

    def __init__(self, model, *, territory_models, keep_add=False):
        super().__init__(model)
        # A cache of its own on the user: Wagtail's page policy and the territory policies of
        # the other page types would otherwise read each other's list (one attribute name for all).
        self.permission_cache_name = f"_rallynov_territory_permissions_{model._meta.label_lower}"
        self.territory_models = territory_models
        # The base Page class keeps the group's `add` on the catalogue and the news index: the
        # explorer opens on the part of the tree where one may add pages. With it, Wagtail's owner
        # rule shows an editor the workflow history of their own proposals outside the territory,
        # screens that read base pages; editing them is refused by the model's policy.
        self.keep_add = keep_add

    def _narrowed(self, user):
        return (
            user.is_active
            and not user.is_superuser
            and is_partner_editor(user)
            and not is_programme_team(user)
        )

    def get_all_permissions_for_user(self, user):
        permissions = super().get_all_permissions_for_user(user)
        if not self._narrowed(user):
            return permissions
        kept = []
        for permission in permissions.select_related("group"):
            codename = permission.permission.codename
            partners = permission.group.name == roles.PARTNER_EDITOR
            if partners and codename == "change_page":
                kept.extend(
                    GroupPagePermission(group=permission.group, page=page, permission=permission.permission)
                    for page in self.editable_below(user, permission.page)
                )
            elif not (partners and codename == "add_page" and not self.keep_add):
                kept.append(permission)
        return kept

    def editable_below(self, user, parent):
        """The territory pages below `parent` that `user` may edit."""
        editable = []
        for model, fields in self.territory_models.items():
            pages = model._default_manager.descendant_of(parent).select_related(*fields["select_related"])
            pages = list(pages.only("id", "path", "depth", "programme_id", "owner_id", *fields["only"]))
            # One object per author, so that each author's territory is read once (rules caches
            # it on the user object).
            owners = {}
            for page in pages:
                if "owner" in fields["select_related"] and page.owner_id:
                    page.owner = owners.setdefault(page.owner_id, page.owner)
            editable.extend(page for page in pages if can_edit_in_territory(user, page))
        return editable

    def instances_user_has_any_permission_for(self, user, actions):
        # Wagtail's answer minus the territory pages left out: one query, where Wagtail's OR of
        # one subtree per permission would grow with the territory.
        pages = PagePermissionPolicy(self.model).instances_user_has_any_permission_for(user, actions)
        if not self._narrowed(user):
            return pages
        editable = {
            permission.page_id
            for permission in self.get_cached_permissions_for_user(user)
            if permission.permission.codename == "change_page"
        }
        for model in self.territory_models:
            pages = pages.exclude(pk__in=model._default_manager.exclude(pk__in=editable).values("pk"))
        return pages

    def explorable_instances(self, user):
        return PagePermissionPolicy(self.model).explorable_instances(user)

    def editable_page_ids(self, user):
        """The ids of the territory pages `user` may edit (None: no narrowing, all they may)."""
        if not self._narrowed(user):
            return None
        return {
            permission.page_id
            for permission in self.get_cached_permissions_for_user(user)
            if permission.permission.codename == "change_page"
        }


# What the territory of each page type is read from (rules.territory_of), loaded in one query.
TERRITORY_FIELDS = {
    INITIATIVE: {"only": ("main_commune_id", "main_commune__insee"), "select_related": ("main_commune",)},
    NEWS: {"only": ("owner__id",), "select_related": ("owner",)},
}


def register_territory_policies():
    """Give InitiativePage, NewsPage and the base Page class (exactly: other page types keep
    Wagtail's policy) the territory policy. Run once, when the admin hooks are loaded."""
    models = {}
    for label in TERRITORY_PAGE_MODELS:
        try:
            models[apps.get_model(label)] = TERRITORY_FIELDS[label]
        except LookupError:  # a part not installed
            continue
    for model, fields in models.items():
        register_permission_policy(
            model, TerritoryPagePermissionPolicy(model, territory_models={model: fields})
        )
    register_permission_policy(
        Page, TerritoryPagePermissionPolicy(Page, territory_models=models, keep_add=True), exact_class=True
    )
    return list(models)
