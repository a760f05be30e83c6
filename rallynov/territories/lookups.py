"""The department of a postal code or of a commune, asked for by every registration to an event
(and by anything else that files people by department).

The answers are kept in memory once found (a miss is asked again): they change only when the
territories do, and `clear_reference_caches()` empties them then (connected to the saves and
deletions of communes and departments in territories.apps, and called before each test).
"""

import re

from rallynov.territories.models import Commune, Department

POSTAL_CODE = re.compile(r"\d{5}")

_POSTAL_CODE_DEPARTMENTS = {}
_COMMUNE_DEPARTMENTS = {}
# Bounds on the caches: postal codes and communes of France both stay well under them.
_MAX_POSTAL_CODES = 10_000
_MAX_COMMUNES = 50_000


def clear_reference_caches(**_kwargs):
    """Forget the departments found so far (also a signal receiver, hence **_kwargs)."""
    _POSTAL_CODE_DEPARTMENTS.clear()
    _COMMUNE_DEPARTMENTS.clear()


def department_id_for_postal_code(postal_code):
    """The id of the department of a French postal code ("21000" -> Côte-d'Or), else None.

    Most communes list their main code first, which the index on `postal_codes` finds; "|code"
    covers the others; a code no commune lists falls back on its first digits (2 or, overseas, 3)."""
    postal_code = (postal_code or "").strip()
    if not POSTAL_CODE.fullmatch(postal_code):
        return None
    department_id = _POSTAL_CODE_DEPARTMENTS.get(postal_code)
    if department_id is not None:
        return department_id
    communes = Commune.objects.order_by("pk").values_list("department_id", flat=True)
    department_id = communes.filter(postal_codes__startswith=postal_code).first()
    if department_id is None:
        department_id = communes.filter(postal_codes__contains=f"|{postal_code}").first()
    if department_id is None:
        prefix = postal_code[:3] if postal_code.startswith("97") else postal_code[:2]
        department_id = Department.objects.filter(code=prefix).values_list("pk", flat=True).first()
    if department_id is not None and len(_POSTAL_CODE_DEPARTMENTS) < _MAX_POSTAL_CODES:
        _POSTAL_CODE_DEPARTMENTS[postal_code] = department_id
    return department_id


def department_id_for_commune(commune_id):
    """The id of the department of a commune (by its id), else None."""
    department_id = _COMMUNE_DEPARTMENTS.get(commune_id)
    if department_id is None:
        department_id = Commune.objects.filter(pk=commune_id).values_list("department_id", flat=True).first()
        if department_id is not None and len(_COMMUNE_DEPARTMENTS) < _MAX_COMMUNES:
            _COMMUNE_DEPARTMENTS[commune_id] = department_id
    return department_id


def department_id_for(*, commune_id=None, postal_code=""):
    """The department of a commune when it is known, else of a postal code, else None."""
    if commune_id:
        department_id = department_id_for_commune(commune_id)
        if department_id:
            return department_id
    return department_id_for_postal_code(postal_code)
