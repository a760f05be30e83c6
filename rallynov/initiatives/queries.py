"""Reads of the public catalogue: filters from a query string, French full-text search, facet
counts, one page of results, the map's features. Everything reads the read model
(CatalogueEntry), which holds only published initiatives.

Facets combine the usual way: values of one facet are alternatives (OR), facets narrow each other
(AND), and the counts of a facet are computed with every *other* facet applied, so that ticking a
second department shows how many more it brings.
"""

import json
import math
import re
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.db import connection
from django.db.models import BooleanField, Count, ExpressionWrapper, F, IntegerField, Q, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _

from rallynov.core.text import fold, stems
from rallynov.initiatives import facets
from rallynov.initiatives.models import (
    CatalogueEntry,
    CatalogueEntrySdg,
    CatalogueEntryTheme,
    InitiativePage,
    SustainableDevelopmentGoal,
    Theme,
)
from rallynov.organizations.enums import OrganizationKind

PER_PAGE = 20
MAX_VALUES = 20  # values kept per facet from a query string
MAX_QUERY_LENGTH = 200
DEPARTMENT_CODE = re.compile(r"^(\d{2,3}|2[AB])$")
SLUG = re.compile(r"^[-a-z0-9_]{1,120}$")
SAINT = re.compile(r"\b(st|ste)\b", re.I)
SAINT_FULL = {"st": "saint", "ste": "sainte"}
TRUE_VALUES = {"oui", "true", "1", "yes"}
FALSE_VALUES = {"non", "false", "0", "no"}

SORTS = {
    "pertinence": _("Pertinence"),
    "annee": _("Année de recensement (récentes d'abord)"),
    "nom": _("Nom (A → Z)"),
    "publication": _("Dernières publiées"),
}
ORDERINGS = {
    "annee": ("-year", "sort_key", "pk"),
    "nom": ("sort_key", "pk"),
    "publication": ("-published_at", "-pk"),
}
# Above this many matches ranking (PostgreSQL's ts_rank, SQLite's bm25, both computed row by row)
# would cost more than the page is worth; results are then listed by name, which the page says.
RANK_LIMIT = 5000
# PostgreSQL ranks from the stored search_vector (migration 0007), no longer computed per match.
RANK_LIMITS = {}


def rank_limit():
    return RANK_LIMITS.get(connection.vendor, RANK_LIMIT)


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

    PARAMS = ("q", "theme", "department", "year", "kind", "laureate", "sdg", "sort", "bbox")

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
        )

    @property
    def terms(self):
        """Stems of the query, each kept to letters and digits (safe in FTS5 and tsquery).
        "St"/"Ste" are read as "Saint"/"Sainte", as in place names ("ST CLAUDE")."""
        text = SAINT.sub(lambda m: SAINT_FULL[m.group(1).lower()], fold(self.q))
        return [t for t in dict.fromkeys(stems(text)) if re.fullmatch(r"[0-9a-z]+", t)][:12]

    @property
    def effective_sort(self):
        if self.sort == "pertinence" and not self.terms:
            return "annee"
        return self.sort or ("pertinence" if self.terms else "annee")

    @property
    def is_filtered(self):
        return bool(
            self.q or self.themes or self.departments or self.years or self.kinds or self.sdgs or self.bbox
        ) or self.laureate is not None

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


def _as_list(value):
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


# --- Filtering ---------------------------------------------------------------------------------


def search_condition(terms):
    """A WHERE condition on CatalogueEntry matching every term as a prefix of a stem."""
    if connection.vendor == "postgresql":
        query = " & ".join(f"{t}:*" for t in terms)
        return RawSQL(
            # search_vector: to_tsvector('simple', stems), stored and indexed (migration 0007).
            "search_vector @@ to_tsquery('simple'::regconfig, %s)",
            [query],
            output_field=BooleanField(),
        )
    if connection.vendor == "sqlite":
        match = " AND ".join(f'"{t}"*' for t in terms)
        return Q(pk__in=RawSQL("SELECT rowid FROM initiatives_search WHERE initiatives_search MATCH %s", [match]))
    # Other databases: every term must start one of the stems (slow, but correct).
    condition = Q()
    for term in terms:
        condition &= Q(stems__startswith=f"{term}") | Q(stems__contains=f" {term}")
    return condition


def text_match_ids(terms, *, programme):
    """Ids of the entries matching every term (of `programme`, or of any programme on SQLite,
    where the full-text table is read alone: callers keep to their programme's entries)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            match = " AND ".join(f'"{t}"*' for t in terms)
            cursor.execute("SELECT rowid FROM initiatives_search WHERE initiatives_search MATCH %s", [match])
        else:
            ids = CatalogueEntry.objects.filter(programme=programme).filter(search_condition(terms))
            sql, params = ids.order_by().values_list("pk").query.sql_with_params()
            cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def theme_ids_for(slugs):
    if not slugs:
        return []
    return list(Theme.objects.filter(slug__in=slugs).values_list("pk", flat=True))


@dataclass
class Catalogue:
    """A catalogue search for one programme: the filtered entries and their facets."""

    programme: object
    filters: CatalogueFilters
    _theme_ids: list = field(default=None, repr=False)
    _themes: list = field(default=None, repr=False)
    _sdgs: list = field(default=None, repr=False)
    _index: object = field(default=False, repr=False)  # False: not looked for yet
    _mask: int = field(default=None, repr=False)
    _counts: dict = field(default=None, repr=False)

    @property
    def themes(self):
        """Every theme as (id, slug, name, parent id), in the editors' order (one light query)."""
        if self._themes is None:
            self._themes = list(Theme.objects.values_list("pk", "slug", "name", "parent_id"))
        return self._themes

    @property
    def sdgs(self):
        """Every SDG as (id, number, name), by number (one light query)."""
        if self._sdgs is None:
            self._sdgs = list(SustainableDevelopmentGoal.objects.order_by("number").values_list("pk", "number", "name"))
        return self._sdgs

    @property
    def theme_ids(self):
        if self._theme_ids is None:
            wanted = set(self.filters.themes)
            self._theme_ids = [pk for pk, slug, _name, _parent in self.themes if slug in wanted]
        return self._theme_ids

    def entries(self, *, skip=()):
        """The entries matching every filter except the facets named in `skip` (a name or several)."""
        skip = (skip,) if isinstance(skip, str) else skip
        f = self.filters
        qs = CatalogueEntry.objects.filter(programme=self.programme)
        terms = f.terms
        if terms:
            condition = search_condition(terms)
            qs = qs.filter(condition)
        elif f.q:
            # Only function words or punctuation ("le", "!!!"): nothing to look for.
            qs = qs.none()
        if f.themes and "theme" not in skip:
            qs = qs.filter(pk__in=CatalogueEntryTheme.objects.filter(theme_id__in=self.theme_ids).values("entry_id"))
        if f.sdgs and "sdg" not in skip:
            sdg_ids = [pk for pk, number, _name in self.sdgs if number in f.sdgs]
            qs = qs.filter(pk__in=CatalogueEntrySdg.objects.filter(sdg_id__in=sdg_ids).values("entry_id"))
        if f.departments and "department" not in skip:
            qs = qs.filter(department_code__in=f.departments)
        if f.years and "year" not in skip:
            qs = qs.filter(year__in=f.years)
        if f.kinds and "kind" not in skip:
            qs = qs.filter(organization_kind__in=f.kinds)
        if f.laureate is not None and "laureate" not in skip:
            qs = qs.filter(laureate_year__isnull=not f.laureate)
        if f.bbox:
            west, south, east, north = f.bbox
            qs = qs.filter(longitude__range=(west, east), latitude__range=(south, north))
        return qs

    # --- counts ---

    def count(self):
        # Without facets (the API) the SQL count is cheap enough: the index is used once the
        # facets have been counted from it (a first request after a change need not rebuild it).
        if self._mask is not None:
            return self._mask.bit_count()
        return self.entries().count()

    def facet_index(self):
        """The programme's in-process facet index (facets.py), or None where it cannot be used."""
        if self._index is False:
            self._index = facets.index_for(self.programme.pk)
        return self._index

    def _index_masks(self, index):
        """(selections, within) for FacetIndex.counts: the bitset of each facet's selection, and
        the bitset of the other filters (text, map area), read in one query each."""
        f = self.filters
        within = index.all
        if f.q:
            terms = f.terms
            if not terms:
                return {}, 0
            within &= index.text_bitset(terms, lambda: text_match_ids(terms, programme=self.programme))
        if f.bbox:
            west, south, east, north = f.bbox
            ids = CatalogueEntry.objects.filter(
                programme=self.programme, longitude__range=(west, east), latitude__range=(south, north)
            )
            within &= index.of_ids(list(ids.order_by().values_list("pk", flat=True)))
        selections = {}
        if f.departments:
            selections["department"] = index.union("department", f.departments)
        if f.years:
            selections["year"] = index.union("year", f.years)
        if f.kinds:
            selections["kind"] = index.union("kind", f.kinds)
        if f.laureate is not None:
            selections["laureate"] = index.union("laureate", [f.laureate])
        if f.themes:
            selections["theme"] = index.union("theme", self.theme_ids)
        if f.sdgs:
            selections["sdg"] = index.union("sdg", [pk for pk, number, _name in self.sdgs if number in f.sdgs])
        return selections, within

    def matching(self):
        """The bitset of the entries matching every filter, from the facet index (None without it)."""
        index = self.facet_index()
        if index is None:
            return None
        if self._mask is None:
            selections, within = self._index_masks(index)
            self._counts, self._mask = index.counts(selections, within) if within else ({}, 0)
        return self._mask

    def facet_counts(self):
        """{facet: {value: count}} for themes (ids), sdgs (numbers), departments, years, kinds,
        laureate (True/False), and "total", the number of entries matching every filter.

        Read from the in-process facet index (facets.py) where the database has one, else
        counted in SQL (sql_facet_counts, the reference)."""
        mask = self.matching()
        if mask is None:
            return self.sql_facet_counts()
        counts = {name: dict(values) for name, values in self._counts.items()}
        for name in ("department", "year", "kind", "laureate", "theme", "sdg"):
            counts.setdefault(name, {})
        laureates = counts.pop("laureate")
        counts["laureate"] = {True: laureates.get(True, 0), False: laureates.get(False, 0)}
        numbers = {pk: number for pk, number, _name in self.sdgs}
        counts["sdg"] = {numbers[pk]: n for pk, n in counts["sdg"].items() if pk in numbers}
        counts["total"] = mask.bit_count()
        return counts

    def sql_facet_counts(self):
        """{facet: {value: count}} for themes (ids), sdgs (numbers), departments, years, kinds,
        laureate (True/False), and "total", the number of entries matching every filter.

        One grouped query per facet whatever the size of the catalogue, each with every other
        facet applied. The department, year, kind and laureate queries group by a column that an
        index (programme, column) covers, so that an unfiltered catalogue is counted from the
        indexes without reading its rows; the total is added up from the department counts."""
        f = self.filters
        columns = {"department": "department_code", "year": "year", "kind": "organization_kind", "laureate": "laureate_year"}
        selected = {"department": f.departments, "year": f.years, "kind": f.kinds, "laureate": f.laureate is not None}
        counts = {}
        for name, column in columns.items():
            key = F(column)
            if any(value for other, value in selected.items() if other != name):
                # Another column is filtered: grouping by an expression keeps SQLite from walking
                # the whole (programme, column) index for its order instead of using the filter's
                # index (5 times slower at 10,000 entries).
                key = ExpressionWrapper(F(column) + 0, output_field=IntegerField()) if column in ("year", "laureate_year") else Concat(F(column), Value(""))
            rows = self.entries(skip=name).order_by().annotate(key=key).values_list("key").annotate(n=Count("pk"))
            counts[name] = dict(rows)
        laureates = counts.pop("laureate")
        counts["laureate"] = {
            True: sum(n for year, n in laureates.items() if year is not None),
            False: laureates.get(None, 0),
        }
        departments = counts["department"]
        selected = f.departments or departments
        counts["total"] = sum(departments.get(code, 0) for code in selected)
        for name in ("department", "year", "kind"):
            counts[name] = {value: n for value, n in counts[name].items() if value not in ("", None)}
        counts["theme"] = dict(
            CatalogueEntryTheme.objects.filter(entry_id__in=self.entries(skip="theme").values("pk"))
            .order_by()
            .values_list("theme_id")
            .annotate(n=Count("entry_id"))
        )
        numbers = {pk: number for pk, number, _name in self.sdgs}
        counts["sdg"] = {
            numbers[sdg_id]: n
            for sdg_id, n in CatalogueEntrySdg.objects.filter(entry_id__in=self.entries(skip="sdg").values("pk"))
            .order_by()
            .values_list("sdg_id")
            .annotate(n=Count("entry_id"))
            if sdg_id in numbers
        }
        return counts

    # --- one page of results ---

    def page_ids(self, *, page, total, per_page=PER_PAGE):
        offset = (page - 1) * per_page
        sort = self.filters.effective_sort
        entries = self.entries()
        if sort == "pertinence":
            ranked = self._ranked_ids(entries, total=total, offset=offset, limit=per_page)
            if ranked is not None:
                return ranked
            sort = "nom"
        if sort in ("annee", "nom"):
            mask = self._mask  # set by facet_counts() when the index is used
            if mask is not None:
                # The index keeps both orders (ORDERINGS["annee"] and ["nom"]).
                return self.facet_index().page(mask, offset=offset, limit=per_page, by_name=sort == "nom")
        return list(entries.order_by(*ORDERINGS[sort]).values_list("pk", flat=True)[offset : offset + per_page])

    def rank_is_approximate(self, total):
        return self.filters.effective_sort == "pertinence" and total > rank_limit()

    def _ranked_ids(self, entries, *, total, offset, limit):
        terms = self.filters.terms
        if total > rank_limit():
            return None
        mask = self._mask
        if mask is not None:
            # The matches are known already (facet index): rank them, without matching again.
            ids = self.facet_index().ids_of(mask)
            if connection.vendor == "sqlite":
                inner_sql, inner_params = "SELECT value FROM json_each(%s)", [json.dumps(ids)]
            else:
                inner_sql, inner_params = "SELECT unnest(%s::integer[])", [ids]
        else:
            inner_sql, inner_params = entries.values("pk").query.sql_with_params()
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                match = " AND ".join(f'"{t}"*' for t in terms)
                # bm25 weights matches in short texts; the title comes first in the stems.
                # inner_sql is Django's own compiled SQL with its parameters; terms are [0-9a-z]+.
                # "+rowid": the other filters must not be handed to FTS5 as rowid constraints,
                # or it runs the whole MATCH again for each of them (seconds at 10,000 entries).
                sql = f"SELECT rowid FROM initiatives_search WHERE initiatives_search MATCH %s AND +rowid IN ({inner_sql}) ORDER BY rank, rowid LIMIT %s OFFSET %s"  # noqa: E501, S608
                cursor.execute(sql, [match, *inner_params, limit, offset])
            elif connection.vendor == "postgresql":
                query = " & ".join(f"{t}:*" for t in terms)
                rank = "ts_rank(e.search_vector, to_tsquery('simple'::regconfig, %s))"
                sql = f"SELECT e.page_id FROM initiatives_catalogueentry e WHERE e.page_id IN ({inner_sql}) ORDER BY {rank} DESC, e.sort_key, e.page_id LIMIT %s OFFSET %s"  # noqa: E501, S608
                cursor.execute(sql, [*inner_params, query, limit, offset])
            else:
                return None
            return [row[0] for row in cursor.fetchall()]


def initiatives_in_order(ids):
    """The pages of `ids`, in that order, with what a result card shows (constant query count)."""
    pages = (
        InitiativePage.objects.filter(pk__in=ids)
        .select_related("main_commune__department", "programme")
        .prefetch_related("themes", "organizations")
    )
    by_id = {p.pk: p for p in pages}
    return [by_id[i] for i in ids if i in by_id]


@dataclass
class ResultCard:
    """What a result of the catalogue shows, read from the catalogue's tables (no page objects)."""

    pk: int
    title: str
    url: str
    commune_name: str
    department_code: str
    year: int
    laureate_year: int | None
    summary: str = ""
    organizations: list = field(default_factory=list)  # names
    themes: list = field(default_factory=list)  # names, in the editors' order


def result_cards(ids, *, themes=None):
    """The result cards of `ids`, in that order: four light queries whatever the page size.
    `themes`, when given, is Catalogue.themes (saves a query)."""
    if not ids:
        return []
    cards = {
        row[0]: ResultCard(*row)
        for row in CatalogueEntry.objects.filter(pk__in=ids).values_list(
            "pk", "title", "url", "commune_name", "department_code", "year", "laureate_year"
        )
    }
    for pk, summary in InitiativePage.objects.filter(pk__in=ids).values_list("pk", "summary"):
        if pk in cards:
            cards[pk].summary = summary
    organizations = InitiativePage.organizations.through.objects.filter(initiativepage_id__in=ids)
    for pk, name in organizations.order_by("organization__name", "pk").values_list("initiativepage_id", "organization__name"):
        if pk in cards:
            cards[pk].organizations.append(name)
    if themes is None:
        themes = Theme.objects.values_list("pk", "slug", "name", "parent_id")
    order = {theme[0]: (position, theme[2]) for position, theme in enumerate(themes)}
    links = InitiativePage.themes.through.objects.filter(initiativepage_id__in=ids).values_list("initiativepage_id", "theme_id")
    for pk, theme_id in sorted(links, key=lambda link: order.get(link[1], (0, ""))):
        if pk in cards and theme_id in order:
            cards[pk].themes.append(order[theme_id][1])
    return [cards[i] for i in ids if i in cards]


# --- Facets for display --------------------------------------------------------------------------


@dataclass
class FacetOption:
    value: object
    label: str
    count: int
    selected: bool
    url: str
    children: list = field(default_factory=list)
    input_id: str = ""


@dataclass
class Facet:
    name: str  # query-string parameter
    label: str
    options: list

    @property
    def has_selection(self):
        return any(o.selected or any(c.selected for c in o.children) for o in self.options)


def build_facets(catalogue, counts):
    """Facets ready for the template: options with a count, or selected, in a useful order."""
    from rallynov.territories.models import Department

    f = catalogue.filters
    facets = []

    children = {}
    for theme in catalogue.themes:
        if theme[3]:
            children.setdefault(theme[3], []).append(theme)
    theme_counts = counts["theme"]
    theme_options = []
    for pk, slug, name, parent_id in catalogue.themes:
        if parent_id:
            continue
        kids = [
            FacetOption(
                value=child_slug,
                label=child_name,
                count=theme_counts.get(child_pk, 0),
                selected=child_slug in f.themes,
                url=f.toggled("themes", child_slug),
                input_id=f"f-theme-{child_slug}",
            )
            for child_pk, child_slug, child_name, _parent in children.get(pk, [])
            if theme_counts.get(child_pk, 0) or child_slug in f.themes
        ]
        count = theme_counts.get(pk, 0)
        if count or slug in f.themes or kids:
            theme_options.append(
                FacetOption(
                    value=slug,
                    label=name,
                    count=count,
                    selected=slug in f.themes,
                    url=f.toggled("themes", slug),
                    children=kids,
                    input_id=f"f-theme-{slug}",
                )
            )
    facets.append(Facet("theme", _("Thèmes"), theme_options))

    dep_counts = counts["department"]
    codes = set(dep_counts) | set(f.departments)
    departments = dict(Department.objects.filter(code__in=codes).values_list("code", "name")) if codes else {}
    facets.append(
        Facet(
            "department",
            _("Département"),
            [
                FacetOption(
                    code,
                    f"{departments.get(code, code)} ({code})",
                    dep_counts.get(code, 0),
                    code in f.departments,
                    f.toggled("departments", code),
                    input_id=f"f-department-{code}",
                )
                for code in sorted(codes)
            ],
        )
    )

    kind_counts = counts["kind"]
    facets.append(
        Facet(
            "kind",
            _("Type de structure"),
            [
                FacetOption(
                    value,
                    str(label),
                    kind_counts.get(value, 0),
                    value in f.kinds,
                    f.toggled("kinds", value),
                    input_id=f"f-kind-{value}",
                )
                for value, label in OrganizationKind.choices
                if kind_counts.get(value) or value in f.kinds
            ],
        )
    )

    year_counts = counts["year"]
    years = sorted(set(year_counts) | set(f.years), reverse=True)
    facets.append(
        Facet(
            "year",
            _("Année de recensement"),
            [
                FacetOption(
                    y, str(y), year_counts.get(y, 0), y in f.years, f.toggled("years", y), input_id=f"f-year-{y}"
                )
                for y in years
            ],
        )
    )

    laureate_counts = counts["laureate"]
    facets.append(
        Facet(
            "laureate",
            _("Prix de l'innovation sociale"),
            [
                FacetOption(
                    "oui",
                    str(_("Lauréates du prix")),
                    laureate_counts[True],
                    f.laureate is True,
                    f.toggled("laureate", True),
                    input_id="f-laureate-oui",
                ),
                FacetOption(
                    "non",
                    str(_("Non lauréates")),
                    laureate_counts[False],
                    f.laureate is False,
                    f.toggled("laureate", False),
                    input_id="f-laureate-non",
                ),
            ],
        )
    )

    sdg_counts = counts["sdg"]
    facets.append(
        Facet(
            "sdg",
            _("Objectifs de développement durable"),
            [
                FacetOption(
                    number,
                    f"{number}. {name}",
                    sdg_counts.get(number, 0),
                    number in f.sdgs,
                    f.toggled("sdgs", number),
                    input_id=f"f-sdg-{number}",
                )
                for _pk, number, name in catalogue.sdgs
                if sdg_counts.get(number) or number in f.sdgs
            ],
        )
    )
    return facets


# --- Search results as a whole -------------------------------------------------------------------


@dataclass
class SearchResults:
    filters: CatalogueFilters
    total: int
    page: int
    pages: int
    initiatives: list
    facets: list
    rank_is_approximate: bool = False

    @property
    def has_previous(self):
        return self.page > 1

    @property
    def has_next(self):
        return self.page < self.pages

    def page_url(self, number):
        pairs = self.filters.params()
        if number > 1:
            pairs.append(("page", number))
        encoded = urlencode(pairs)
        return f"?{encoded}" if encoded else "?"

    @property
    def previous_url(self):
        return self.page_url(self.page - 1)

    @property
    def next_url(self):
        return self.page_url(self.page + 1)

    @property
    def first_index(self):
        return (self.page - 1) * PER_PAGE + 1 if self.total else 0

    @property
    def last_index(self):
        return min(self.page * PER_PAGE, self.total)


def parse_page(raw):
    try:
        number = int(str(raw))
    except (TypeError, ValueError):
        return 1
    return max(1, min(number, 100_000))


def search(*, programme, filters, page=1, with_facets=True, per_page=PER_PAGE):
    """One page of the filtered catalogue, with its total and (optionally) its facets.

    A constant number of SQL queries whatever the size of the catalogue and the filters: with
    facets, one grouped count per facet (the total comes with them), the reference lists (themes,
    SDGs, names of the departments shown), the ids of the page and its cards."""
    catalogue = Catalogue(programme=programme, filters=filters)
    counts = catalogue.facet_counts() if with_facets else None
    total = counts["total"] if with_facets else catalogue.count()
    pages = max(1, math.ceil(total / per_page))
    page = min(page, pages)
    ids = catalogue.page_ids(page=page, total=total, per_page=per_page) if total else []
    return SearchResults(
        filters=filters,
        total=total,
        page=page,
        pages=pages,
        initiatives=result_cards(ids, themes=catalogue.themes if with_facets else None),
        facets=build_facets(catalogue, counts) if with_facets else [],
        rank_is_approximate=catalogue.rank_is_approximate(total),
    )


def geojson(*, programme, filters, limit=None):
    """The filtered initiatives as a GeoJSON FeatureCollection (points at their main commune)."""
    entries = (
        Catalogue(programme=programme, filters=filters)
        .entries()
        .filter(latitude__isnull=False, longitude__isnull=False)
        .order_by("pk")
        .values_list("pk", "title", "url", "commune_name", "department_code", "year", "laureate_year", "longitude", "latitude")
    )
    if limit:
        entries = entries[:limit]
    features = [
        {
            "type": "Feature",
            "id": pk,
            "geometry": {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]},
            "properties": {
                "id": pk,
                "name": title,
                "url": url,
                "commune": commune,
                "department": department,
                "year": year,
                "laureate_year": laureate_year,
            },
        }
        for pk, title, url, commune, department, year, laureate_year, lon, lat in entries
    ]
    return {"type": "FeatureCollection", "features": features}


GEOJSON_FEATURE_SQL = {
    # One feature per row, written by the database itself: building 20,000 Python dictionaries
    # and encoding them took most of the time of a department's map at 100,000 initiatives.
    # The map needs only where each initiative is, its id and its name (the marker's title); a
    # click fetches its card (views.map_card). The open data keep every property (geojson()).
    "sqlite": (
        "json_object('type', 'Feature', 'id', pk, 'geometry', json_object('type', 'Point', 'coordinates', "
        "json_array(round(longitude, 5), round(latitude, 5))), 'properties', json_object('id', pk, 'name', title))"
    ),
    # Plain concatenation is twice as fast as json_build_object here; to_json() escapes the name.
    "postgresql": (
        "'{\"type\":\"Feature\",\"id\":' || pk || ',\"geometry\":{\"type\":\"Point\",\"coordinates\":[' "
        "|| round(longitude::numeric, 5) || ',' || round(latitude::numeric, 5) || ']},\"properties\":{\"id\":' "
        "|| pk || ',\"name\":' || to_json(title)::text || '}}'"
    ),
}


def geojson_text(*, programme, filters):
    """The map's points as GeoJSON text (id, name, position), written by the database."""
    feature_sql = GEOJSON_FEATURE_SQL.get(connection.vendor)
    if feature_sql is None:
        data = geojson(programme=programme, filters=filters)
        for feature in data["features"]:
            feature["properties"] = {"id": feature["properties"]["id"], "name": feature["properties"]["name"]}
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    entries = (
        Catalogue(programme=programme, filters=filters)
        .entries()
        .filter(latitude__isnull=False, longitude__isnull=False)
        .order_by("pk")
        .values_list("pk", "title", "longitude", "latitude")
    )
    if entries.query.is_empty():
        return '{"type":"FeatureCollection","features":[]}'
    # inner_sql is Django's own compiled SQL with its parameters; its columns carry the names
    # used above ("page_id" AS "pk", "title" AS "title"…).
    inner_sql, params = entries.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One row: the features joined by the database (20,000 rows fetched one by one cost
            # more than writing them).
            cursor.execute(f"SELECT string_agg({feature_sql}, ',' ORDER BY pk) FROM ({inner_sql}) AS entries", params)  # noqa: S608
            features = cursor.fetchone()[0] or ""
        else:
            cursor.execute(f"SELECT {feature_sql} FROM ({inner_sql}) AS entries", params)  # noqa: S608
            features = ",".join(row[0] for row in cursor.fetchall())
    return '{"type":"FeatureCollection","features":[' + features + "]}"


def department_counts(*, programme, filters):
    """{department code: count} of the filtered initiatives, for the map's department layer."""
    rows = (
        Catalogue(programme=programme, filters=filters)
        .entries()
        .order_by()
        .values_list("department_code")
        .annotate(n=Count("pk"))
    )
    return {code: n for code, n in rows if code}


def catalogue_page(programme=None):
    from rallynov.initiatives.models import CataloguePage

    pages = CataloguePage.objects.live()
    if programme is not None and programme.site_id:
        site_pages = pages.descendant_of(programme.site.root_page)
        found = site_pages.first()
        if found:
            return found
    return pages.first()


# --- Sheets: related initiatives, duplicates, follow-ups -----------------------------------------


def related_initiatives(page, *, limit=4):
    """Published initiatives close to `page`: shared themes, same department, shared words
    (a Jaccard similarity of their stems). Candidates come from the read model, at most 400."""
    entry = CatalogueEntry.objects.filter(pk=page.pk).first()
    if entry is None:
        return []
    theme_ids = list(CatalogueEntryTheme.objects.filter(entry=entry).values_list("theme_id", flat=True))
    candidates = CatalogueEntry.objects.filter(programme_id=entry.programme_id).exclude(pk=entry.pk)
    condition = Q(department_code=entry.department_code) if entry.department_code else Q(pk__in=[])
    if theme_ids:
        condition |= Q(pk__in=CatalogueEntryTheme.objects.filter(theme_id__in=theme_ids).values("entry_id"))
    rows = list(candidates.filter(condition).order_by("-year", "pk").values_list("pk", "department_code", "stems")[:400])
    if not rows:
        return []
    shared = dict(
        CatalogueEntryTheme.objects.filter(entry_id__in=[r[0] for r in rows], theme_id__in=theme_ids)
        .order_by()
        .values_list("entry_id")
        .annotate(n=Count("theme_id"))
    )
    words = set(entry.stems.split())
    scored = []
    for pk, department, text in rows:
        other = set(text.split())
        jaccard = len(words & other) / len(words | other) if words and other else 0
        score = 2 * shared.get(pk, 0) + (1 if department == entry.department_code else 0) + 6 * jaccard
        scored.append((score, pk))
    scored.sort(key=lambda s: (-s[0], s[1]))
    return initiatives_in_order([pk for _score, pk in scored[:limit]])


def possible_duplicates(page, *, siret=""):
    """Other initiatives that may be the same as `page`, with the reason, for the moderator:
    a structure with the same SIRET, or a similar name in the same commune."""
    import difflib

    from rallynov.core.text import fold

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


def laureate_sheets_updated(*, programme, year):
    """Published laureates' sheets with at least one follow-up dated in `year`."""
    from rallynov.initiatives.models import FollowUp

    return (
        FollowUp.objects.filter(
            date__year=year, initiative__programme=programme, initiative__live=True, initiative__laureate_year__lt=year
        )
        .values("initiative_id")
        .distinct()
        .count()
    )
