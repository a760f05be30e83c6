"""One page of the catalogue with its total and facets, as the catalogue page and its HTMX
partials show it."""

import math
from dataclasses import dataclass
from urllib.parse import urlencode

from rallynov.core import snapshot
from rallynov.initiatives.queries.cards import result_cards
from rallynov.initiatives.queries.catalogue import PER_PAGE, Catalogue
from rallynov.initiatives.queries.facet_display import build_facets
from rallynov.initiatives.queries.filters import CatalogueFilters
from rallynov.initiatives.queries.suggest import suggest


@dataclass
class SearchResults:
    filters: CatalogueFilters
    total: int
    page: int
    pages: int
    initiatives: list
    facets: list
    rank_is_approximate: bool = False
    suggestion: object = None  # suggest.Suggestion, when the query found nothing and a correction would

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


# The last pages of results asked for, per programme, filters and page (core.snapshot).
KEPT_RESULTS = snapshot.KeptValues(128)


def search(*, programme, filters, page=1, with_facets=True, per_page=PER_PAGE):
    """One page of the filtered catalogue (`read_results`), kept per data stamp: the same filters
    and page asked again before any write, by any visitor, are read from what was kept."""
    return KEPT_RESULTS.get(
        (programme.pk if programme else None, filters, page, with_facets, per_page),
        lambda: read_results(programme=programme, filters=filters, page=page, with_facets=with_facets, per_page=per_page),
    )


def read_results(*, programme, filters, page=1, with_facets=True, per_page=PER_PAGE):
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
        # The vocabulary is one programme's: no suggestion on the national catalogue.
        suggestion=None if total or programme is None else suggest(programme=programme, filters=filters),
    )
