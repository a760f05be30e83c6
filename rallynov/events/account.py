"""My registrations, in the personal space ("Mon espace")."""

from django.utils.translation import gettext as _

from rallynov.events.queries import registrations_for_user


def dashboard_section(user):
    registrations = list(registrations_for_user(user)[:20])
    if not registrations:
        return None
    return {
        "title": _("Mes inscriptions aux événements"),
        "template": "events/includes/account_section.html",
        "context": {"registrations": registrations},
    }
