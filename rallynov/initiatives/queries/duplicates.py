"""Initiatives that may be the same as another, for the moderator (moderation panel, admin)."""

import difflib

from django.utils.translation import gettext_lazy as _

from rallynov.core.text import fold
from rallynov.initiatives.models import InitiativePage


def possible_duplicates(page, *, siret=""):
    """Other initiatives that may be the same as `page`, with the reason, for the moderator:
    a structure with the same SIRET, or a similar name in the same commune."""
    found = {}
    sirets = {s for s in page.organizations.values_list("siret", flat=True) if s} if page.pk else set()
    if siret:
        sirets.add(siret)
    others = InitiativePage.objects.exclude(pk=page.pk).filter(programme_id=page.programme_id)
    if sirets:
        for other in others.filter(organizations__siret__in=sirets).distinct():
            found[other.pk] = (other, _("même SIRET de structure"))
    key = fold(page.title)
    if page.main_commune_id:
        for other in others.filter(main_commune_id=page.main_commune_id):
            ratio = difflib.SequenceMatcher(None, key, fold(other.title)).ratio()
            if ratio >= 0.75 or key in fold(other.title) or fold(other.title) in key:
                found.setdefault(other.pk, (other, _("nom proche dans la même commune")))
    return sorted(found.values(), key=lambda item: item[0].title)
