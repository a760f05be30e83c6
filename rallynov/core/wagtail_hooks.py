"""The "Confiance" admin menu (programme team only): audit journal, RGPD register, one
person's data request; and a "Données personnelles" button on each person of the directory."""

from urllib.parse import urlencode

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.widgets import Button

from rallynov.accounts.rules import is_programme_team
from rallynov.core import admin_views, programme_admin


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("journal/", admin_views.journal, name="core_journal"),
        path("rgpd/registre/", admin_views.privacy_register, name="core_privacy_register"),
        path("rgpd/personne/", admin_views.data_subject, name="core_data_subject"),
        path("programmes/", programme_admin.programmes, name="core_programmes"),
    ]


class TeamMenuItem(MenuItem):
    def is_shown(self, request):
        return is_programme_team(request.user)


@hooks.register("register_admin_menu_item")
def register_trust_menu():
    menu = Menu(
        items=[
            TeamMenuItem(
                "Journal des modifications", reverse("core_journal"), icon_name="history", order=100
            ),
            TeamMenuItem("Registre RGPD", reverse("core_privacy_register"), icon_name="list-ul", order=200),
            TeamMenuItem("Demande d'une personne", reverse("core_data_subject"), icon_name="user", order=300),
        ]
    )
    return SubmenuMenuItem("Confiance", menu, icon_name="lock", order=9000, name="confiance")


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_settings_menu_item")
def register_programmes_menu():
    return SuperuserMenuItem("Programmes", reverse("core_programmes"), icon_name="site", order=50)


@hooks.register("register_snippet_listing_buttons")
def person_data_button(snippet, user, next_url=None):
    from rallynov.organizations.models import Person

    if not isinstance(snippet, Person) or not is_programme_team(user):
        return
    query = urlencode({"email": snippet.email} if snippet.email else {"person": snippet.pk})
    yield Button(
        "Données personnelles (RGPD)",
        f"{reverse('core_data_subject')}?{query}",
        icon_name="user",
        priority=90,
    )
