"""A catalogue search for one programme: the filtered entries of the read model (CatalogueEntry,
published initiatives only), their facet counts and one page of their ids.

Facets combine the usual way: values of one facet are alternatives (OR), facets narrow each other
(AND), and the counts of a facet are computed with every *other* facet applied, so that ticking a
second department shows how many more it brings. Counts come from the in-process facet index
(initiatives.facets) where the database has one, else from SQL (`sql_facet_counts`, the reference).
"""

from dataclasses import dataclass, field

from django.db.models import Count, ExpressionWrapper, F, IntegerField, Value
from django.db.models.functions import Concat

from rallynov.core.models import Programme
from rallynov.initiatives.facets import FACETS, index_for
from rallynov.initiatives.models import (
    CatalogueEntry,
    CatalogueEntrySdg,
    CatalogueEntryTheme,
    CataloguePage,
    SustainableDevelopmentGoal,
    Theme,
)
from rallynov.initiatives.queries.filters import CatalogueFilters
from rallynov.initiatives.queries.fulltext import rank_limit, ranked_ids, search_condition, text_match_ids

PER_PAGE = 20
ORDERINGS = {
    "annee": ("-year", "sort_key", "pk"),
    "nom": ("sort_key", "pk"),
    "publication": ("-published_at", "-pk"),
}


@dataclass
class Catalogue:
    """A catalogue search for one programme, or for every programme (`programme=None`: the
    national catalogue, with its region facet `filters.programmes`): the filtered entries and
    their facets."""

    programme: object
    filters: CatalogueFilters
    _theme_ids: list = field(default=None, repr=False)
    _themes: list = field(default=None, repr=False)
    _sdgs: list = field(default=None, repr=False)
    _programmes: list = field(default=None, repr=False)
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
            self._sdgs = list(
                SustainableDevelopmentGoal.objects.order_by("number").values_list("pk", "number", "name")
            )
        return self._sdgs

    @property
    def programmes(self):
        """Every programme as (id, slug, name) (one light query, made only where programmes are
        counted or filtered: the national catalogue and its region facet)."""
        if self._programmes is None:
            self._programmes = list(Programme.objects.values_list("pk", "slug", "name"))
        return self._programmes

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
        if self.programme is None:
            qs = CatalogueEntry.objects.all()
        else:
            qs = CatalogueEntry.objects.filter(programme=self.programme)
        if f.programmes and "programme" not in skip:
            qs = qs.filter(programme__slug__in=f.programmes)
        terms = f.terms
        if terms:
            condition = search_condition(terms)
            qs = qs.filter(condition)
        elif f.q:
            # Only function words or punctuation ("le", "!!!"): nothing to look for.
            qs = qs.none()
        if f.themes and "theme" not in skip:
            qs = qs.filter(
                pk__in=CatalogueEntryTheme.objects.filter(theme_id__in=self.theme_ids).values("entry_id")
            )
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
        """How many entries match, from the facet index where there is one (then page_ids reads
        its order from it too): at 100,000 initiatives on PostgreSQL the SQL count and order of
        the national API cost 70 ms, the index well under one."""
        mask = self.matching()
        if mask is not None:
            return mask.bit_count()
        return self.entries().count()

    def facet_index(self):
        """The programme's in-process facet index (initiatives.facets), or None where it cannot be used."""
        if self._index is False:
            # One programme's index, or every programme's for the national catalogue.
            self._index = index_for(None if self.programme is None else self.programme.pk)
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
            ids = CatalogueEntry.objects.filter(longitude__range=(west, east), latitude__range=(south, north))
            if self.programme is not None:
                ids = ids.filter(programme=self.programme)
            within &= index.of_ids(list(ids.order_by().values_list("pk", flat=True)))
        selections = {}
        if f.programmes:
            ids = {slug: pk for pk, slug, _name in self.programmes}
            selections["programme"] = index.union("programme", [ids[s] for s in f.programmes if s in ids])
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
            selections["sdg"] = index.union(
                "sdg", [pk for pk, number, _name in self.sdgs if number in f.sdgs]
            )
        return selections, within

    def matching(self):
        """The bitset of the entries matching every filter, from the facet index (None without it)."""
        index = self.facet_index()
        if index is None:
            return None
        if self._mask is None:
            selections, within = self._index_masks(index)
            national = self.programme is None
            self._counts, self._mask = index.counts(selections, within, national=national) if within else ({}, 0)
        return self._mask

    def facet_counts(self):
        """{facet: {value: count}} for themes (ids), sdgs (numbers), departments, years, kinds,
        laureate (True/False), and "total", the number of entries matching every filter.

        Read from the in-process facet index (initiatives.facets) where the database has one, else
        counted in SQL (sql_facet_counts, the reference)."""
        mask = self.matching()
        if mask is None:
            return self.sql_facet_counts()
        counts = {name: dict(values) for name, values in self._counts.items()}
        for name in FACETS:
            counts.setdefault(name, {})
        if self.programme is None:
            slugs = {pk: slug for pk, slug, _name in self.programmes}
            counts["programme"] = {slugs[pk]: n for pk, n in counts.get("programme", {}).items() if pk in slugs}
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
        columns = {
            "department": "department_code",
            "year": "year",
            "kind": "organization_kind",
            "laureate": "laureate_year",
        }
        selected = {
            "department": f.departments,
            "year": f.years,
            "kind": f.kinds,
            "laureate": f.laureate is not None,
        }
        counts = {}
        for name, column in columns.items():
            key = F(column)
            if any(value for other, value in selected.items() if other != name):
                # Another column is filtered: grouping by an expression keeps SQLite from walking
                # the whole (programme, column) index for its order instead of using the filter's
                # index (5 times slower at 10,000 entries).
                key = (
                    ExpressionWrapper(F(column) + 0, output_field=IntegerField())
                    if column in ("year", "laureate_year")
                    else Concat(F(column), Value(""))
                )
            rows = (
                self.entries(skip=name)
                .order_by()
                .annotate(key=key)
                .values_list("key")
                .annotate(n=Count("pk"))
            )
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
        if self.programme is None:
            counts["programme"] = dict(
                self.entries(skip="programme").order_by().values_list("programme__slug").annotate(n=Count("pk"))
            )
        numbers = {pk: number for pk, number, _name in self.sdgs}
        counts["sdg"] = {
            numbers[sdg_id]: n
            for sdg_id, n in CatalogueEntrySdg.objects.filter(
                entry_id__in=self.entries(skip="sdg").values("pk")
            )
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
        return list(
            entries.order_by(*ORDERINGS[sort]).values_list("pk", flat=True)[offset : offset + per_page]
        )

    def rank_is_approximate(self, total):
        return self.filters.effective_sort == "pertinence" and total > rank_limit()

    def _ranked_ids(self, entries, *, total, offset, limit):
        if total > rank_limit():
            return None
        mask = self._mask
        # The matches are known already when the facet index was used: rank them, without
        # matching again.
        within = (
            self.facet_index().ids_of(mask)
            if mask is not None
            else entries.values("pk").query.sql_with_params()
        )
        return ranked_ids(self.filters.terms, within=within, limit=limit, offset=offset)


def catalogue_page(programme=None, *, site=None):
    """The live catalogue page of the programme's site (or the first one there is). `site`: the
    request's site, already read with its root page, used when it is the programme's."""
    pages = CataloguePage.objects.live()
    if programme is not None and programme.site_id:
        if site is None or site.pk != programme.site_id:
            site = programme.site
        site_pages = pages.descendant_of(site.root_page)
        found = site_pages.first()
        if found:
            return found
    return pages.first()
