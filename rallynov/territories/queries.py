"""Reads about territories, above all the commune resolver used by imports and forms."""

import difflib
import re

from django.utils.translation import gettext as _

from rallynov.core.text import place_key_without_article
from rallynov.territories.models import Commune

INSEE_CODE = re.compile(r"^(\d{5}|2[AaBb]\d{3})$")
POSTAL_CODE = re.compile(r"^\d{5}$")
DEPARTMENT_HINT = re.compile(r"\s*\((\d{2,3}|2[AaBb])\)\s*$")


class CommuneError(ValueError):
    """A commune could not be resolved; the message is in French and names the value."""


class UnknownCommune(CommuneError):
    def __init__(self, message, suggestions=()):
        super().__init__(message)
        self.suggestions = list(suggestions)


class AmbiguousCommune(CommuneError):
    def __init__(self, message, candidates):
        super().__init__(message)
        self.candidates = list(candidates)


def _describe(commune):
    return f"{commune.name} ({commune.department.code}, {commune.main_postal_code or 'sans code postal'})"


def _with_postal_code(queryset, postal_code):
    return [c for c in queryset if postal_code in c.postal_code_list]


def resolve_commune(text, postal_code="", *, region=None):
    """Return the one Commune that `text` names, or raise UnknownCommune / AmbiguousCommune.

    `text` is an INSEE code ("25056"), or a name written with or without accents, hyphens, case,
    "St"/"Saint", optionally followed by a department in brackets ("Saint-Claude (39)").
    `postal_code` and `region` (a Region of today) break ties between homonyms.
    """
    # NUL characters are never part of a name, and PostgreSQL refuses them in text parameters.
    raw = str(text or "").replace("\x00", "").strip()
    postal_code = str(postal_code or "").replace("\x00", "").strip()
    if not raw and not postal_code:
        raise UnknownCommune(_("Aucune commune indiquée."))
    if postal_code and not POSTAL_CODE.match(postal_code):
        raise UnknownCommune(_("Code postal « %(code)s » invalide : 5 chiffres attendus.") % {"code": postal_code})

    base = Commune.objects.select_related("department")
    if not raw:
        candidates = list(base.filter(postal_codes__contains=postal_code))
        return _pick(candidates, label=postal_code, postal_code="", region=region)

    if INSEE_CODE.match(raw):
        commune = base.filter(insee=raw.upper()).first()
        if commune is not None:
            return commune
        if POSTAL_CODE.match(raw):  # not an INSEE code: perhaps a postal code
            candidates = list(base.filter(postal_codes__contains=raw))
            if candidates:
                return _pick(candidates, label=raw, postal_code="", region=region)
        raise UnknownCommune(_("Aucune commune n'a le code INSEE « %(code)s ».") % {"code": raw})

    department_code = None
    hint = DEPARTMENT_HINT.search(raw)
    if hint:
        department_code = hint.group(1).upper()
        raw = raw[: hint.start()]
    key = place_key_without_article(raw)
    if not key:
        raise UnknownCommune(_("« %(name)s » n'est pas un nom de commune.") % {"name": text})
    candidates = base.filter(name_key=key)
    if department_code:
        candidates = candidates.filter(department__code=department_code)
    candidates = list(candidates)
    if not candidates:
        suggestions = suggest_communes(key)
        message = _("Commune inconnue : « %(name)s ».") % {"name": text}
        if suggestions:
            message += " " + _("Vouliez-vous dire : %(list)s ?") % {
                "list": ", ".join(_describe(c) for c in suggestions)
            }
        raise UnknownCommune(message, suggestions)
    return _pick(candidates, label=text, postal_code=postal_code, region=region)


def _pick(candidates, *, label, postal_code, region):
    if not candidates:
        raise UnknownCommune(_("Aucune commune n'a le code postal « %(code)s ».") % {"code": label})
    if postal_code:
        matching = _with_postal_code(candidates, postal_code)
        if not matching:
            raise UnknownCommune(
                _("« %(name)s » n'a pas le code postal %(code)s (codes connus : %(known)s).")
                % {
                    "name": label,
                    "code": postal_code,
                    "known": ", ".join(_describe(c) for c in candidates[:5]),
                },
                candidates,
            )
        candidates = matching
    if len(candidates) > 1 and region is not None:
        in_region = [c for c in candidates if c.department.region_id == region.pk]
        if in_region:
            candidates = in_region
    if len(candidates) == 1:
        return candidates[0]
    candidates.sort(key=lambda c: (c.department.code, c.name))
    raise AmbiguousCommune(
        _("« %(name)s » est ambigu : %(count)s communes possibles (%(list)s). Précisez le code postal ou le code INSEE.")
        % {"name": label, "count": len(candidates), "list": ", ".join(_describe(c) for c in candidates[:6])},
        candidates,
    )


def suggest_communes(key, limit=3):
    """Communes whose name is close to `key` (typos), among names that start alike."""
    prefix = key[:2]
    keys = list(Commune.objects.filter(name_key__startswith=prefix).values_list("name_key", flat=True).distinct())
    close = difflib.get_close_matches(key, keys, n=limit, cutoff=0.8)
    if not close:
        return []
    by_key = {}
    for commune in Commune.objects.select_related("department").filter(name_key__in=close):
        by_key.setdefault(commune.name_key, commune)
    return [by_key[k] for k in close if k in by_key]
