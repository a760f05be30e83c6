"""The filters of a catalogue search, read leniently from a query string and written back."""

import math
import re
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from django.utils.translation import gettext_lazy as _

from rallynov.initiatives.queries.fulltext import query_terms
from rallynov.organizations.enums import OrganizationKind

MAX_VALUES = 20  # values kept per facet from a query string
MAX_QUERY_LENGTH = 200
DEPARTMENT_CODE = re.compile(r"^(\d{2,3}|2[AB])$")
SLUG = re.compile(r"^[-a-z0-9_]{1,120}$")
TRUE_VALUES = {"oui", "true", "1", "yes"}
FALSE_VALUES = {"non", "false", "0", "no"}

SORTS = {
    "pertinence": _("Pertinence"),
    "annee": _("Année de recensement (récentes d'abord)"),
    "nom": _("Nom (A → Z)"),
    "publication": _("Dernières publiées"),
}


def _clean_list(values, *, validate, convert=str):
    kept = []
    for raw in values[:MAX_VALUES]:
        value = str(raw).strip()
        if not value:
            continue
        try:
            value = convert(value)
        except (TypeError, ValueError):
            continue
        if validate(value) and value not in kept:
            kept.append(value)
    return tuple(kept)


def _parse_bbox(raw):
    try:
        parts = [float(p) for p in str(raw).split(",")]
    except ValueError:
        return None
    if len(parts) != 4 or not all(math.isfinite(p) for p in parts):
        return None
    west, south, east, north = parts
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        return None
    return (west, south, east, north)


def _as_list(value):
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


@dataclass(frozen=True)
class CatalogueFilters:
    """The filters of a catalogue search, read leniently from a query string: a value that makes
    no sense (a year "abc", a department "999999") is dropped, never an error."""

    q: str = ""
    themes: tuple = ()  # theme slugs
    departments: tuple = ()  # department codes
    years: tuple = ()
    kinds: tuple = ()  # OrganizationKind values
    laureate: bool | None = None
    sdgs: tuple = ()  # SDG numbers
    sort: str = ""
    bbox: tuple | None = None  # (west, south, east, north), for "search in this area"
    programmes: tuple = ()  # programme slugs: the national catalogue's region facet

    PARAMS = ("q", "theme", "department", "year", "kind", "laureate", "sdg", "sort", "bbox", "programme")

    @classmethod
    def from_params(cls, params):
        getlist = params.getlist if hasattr(params, "getlist") else (lambda k: _as_list(params.get(k)))
        q = " ".join(str((getlist("q") or [""])[0]).replace("\x00", " ").split())[:MAX_QUERY_LENGTH]
        laureate_raw = str((getlist("laureate") or [""])[0]).strip().lower()
        laureate = True if laureate_raw in TRUE_VALUES else False if laureate_raw in FALSE_VALUES else None
        sort = str((getlist("sort") or [""])[0]).strip()
        bbox_raw = (getlist("bbox") or [""])[0]
        return cls(
            q=q,
            themes=_clean_list(getlist("theme"), validate=SLUG.match, convert=str.lower),
            departments=_clean_list(getlist("department"), validate=DEPARTMENT_CODE.match, convert=str.upper),
            years=_clean_list(getlist("year"), validate=lambda y: 1900 <= y <= 2200, convert=int),
            kinds=_clean_list(getlist("kind"), validate=lambda k: k in OrganizationKind.values),
            laureate=laureate,
            sdgs=_clean_list(getlist("sdg"), validate=lambda n: 1 <= n <= 17, convert=int),
            sort=sort if sort in SORTS else "",
            bbox=_parse_bbox(bbox_raw) if bbox_raw else None,
            programmes=_clean_list(getlist("programme"), validate=SLUG.match, convert=str.lower),
        )

    @property
    def terms(self):
        """Stems of the query, safe in FTS5 and tsquery (fulltext.query_terms)."""
        return query_terms(self.q)

    @property
    def effective_sort(self):
        if self.sort == "pertinence" and not self.terms:
            return "annee"
        return self.sort or ("pertinence" if self.terms else "annee")

    @property
    def is_filtered(self):
        return (
            bool(
                self.q
                or self.themes
                or self.departments
                or self.years
                or self.kinds
                or self.sdgs
                or self.bbox
                or self.programmes
            )
            or self.laureate is not None
        )

    @property
    def active_filter_count(self):
        """How many facet values (and map area) narrow the list; the text query is not counted.
        The catalogue's « Filtrer » panel shows it."""
        chosen = (self.themes, self.departments, self.years, self.kinds, self.sdgs, self.programmes)
        return sum(len(values) for values in chosen) + (self.laureate is not None) + (self.bbox is not None)

    def params(self, *, with_sort=True):
        """The filters as a list of (name, value) pairs, in a stable order."""
        pairs = []
        if self.q:
            pairs.append(("q", self.q))
        pairs += [("theme", v) for v in self.themes]
        pairs += [("department", v) for v in self.departments]
        pairs += [("year", v) for v in self.years]
        pairs += [("kind", v) for v in self.kinds]
        if self.laureate is not None:
            pairs.append(("laureate", "oui" if self.laureate else "non"))
        pairs += [("sdg", v) for v in self.sdgs]
        pairs += [("programme", v) for v in self.programmes]
        if self.bbox:
            pairs.append(("bbox", ",".join(f"{c:.5f}" for c in self.bbox)))
        if with_sort and self.sort:
            pairs.append(("sort", self.sort))
        return pairs

    def querystring(self, **changes):
        filters = replace(self, **changes) if changes else self
        encoded = urlencode(filters.params())
        return f"?{encoded}" if encoded else ""

    def toggled(self, name, value):
        """The query string with one facet value switched on or off."""
        current = getattr(self, name)
        if name == "laureate":
            return self.querystring(laureate=None if current is value else value)
        values = tuple(v for v in current if v != value) if value in current else (*current, value)
        return self.querystring(**{name: values})


def parse_page(raw):
    """A page number from a query string: 1 for anything that is not one."""
    try:
        number = int(str(raw))
    except (TypeError, ValueError):
        return 1
    return max(1, min(number, 100_000))
