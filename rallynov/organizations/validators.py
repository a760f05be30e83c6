"""SIRET: 14 digits whose Luhn key is right; La Poste's establishments (SIREN 356 000 000) use a
different rule: the sum of their digits is a multiple of 5."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

LA_POSTE_SIREN = "356000000"


def luhn_ok(digits):
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def normalise_siret(value):
    return "".join(str(value or "").split()).replace(".", "").replace("-", "")


def siret_error(value):
    """None when `value` is a valid SIRET, else a French message that names it."""
    siret = normalise_siret(value)
    if len(siret) != 14 or not siret.isdigit():
        return _("SIRET « %(value)s » invalide : 14 chiffres attendus.") % {"value": value}
    if siret.startswith(LA_POSTE_SIREN):
        if luhn_ok(siret) or sum(int(c) for c in siret) % 5 == 0:
            return None
        return _("SIRET « %(value)s » invalide : la clé de contrôle (La Poste) est fausse.") % {"value": value}
    if not luhn_ok(siret[:9]):
        return _("SIRET « %(value)s » invalide : le SIREN (9 premiers chiffres) a une clé de contrôle fausse.") % {
            "value": value
        }
    if not luhn_ok(siret):
        return _("SIRET « %(value)s » invalide : la clé de contrôle est fausse.") % {"value": value}
    return None


def validate_siret(value):
    error = siret_error(value)
    if error:
        raise ValidationError(error, code="invalid_siret")
