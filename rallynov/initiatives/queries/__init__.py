"""Reads of the public catalogue, one module per job:

- `filters`: the filters of a search, read leniently from a query string (`CatalogueFilters`);
- `fulltext`: French full-text query building, the one place for SQLite FTS5 and PostgreSQL tsquery;
- `catalogue`: a search for one programme (`Catalogue`): entries, facet counts, one page of ids;
- `facet_display`: the facets as the page shows them;
- `cards`: result cards and pages in a given order;
- `results`: one page of results with its facets (`search`);
- `maps`: GeoJSON and counts per department;
- `related`: initiatives close to a sheet;
- `duplicates`: initiatives that may be the same, for the moderator;
- `yearly`: initiatives by year catalogued, for the key figures, the dashboard and the yearly report.

The facet index (bitsets of the facet values, kept per process) is `initiatives.facets`.

Search, facets, maps, related initiatives and the yearly counts read the read model
(CatalogueEntry), which holds only published initiatives; `duplicates` reads the pages, drafts
included, for the moderator. The names below are re-exported so that `from rallynov.initiatives.queries import search` keeps working.
"""

from rallynov.initiatives.queries.cards import ResultCard, initiatives_in_order, result_cards
from rallynov.initiatives.queries.catalogue import ORDERINGS, PER_PAGE, Catalogue, catalogue_page
from rallynov.initiatives.queries.duplicates import possible_duplicates
from rallynov.initiatives.queries.facet_display import Facet, FacetOption, build_facets
from rallynov.initiatives.queries.filters import SORTS, CatalogueFilters, parse_page
from rallynov.initiatives.queries.maps import department_counts, geojson, geojson_text
from rallynov.initiatives.queries.related import related_initiatives
from rallynov.initiatives.queries.results import SearchResults, search

__all__ = [
    "ORDERINGS",
    "PER_PAGE",
    "SORTS",
    "Catalogue",
    "CatalogueFilters",
    "Facet",
    "FacetOption",
    "ResultCard",
    "SearchResults",
    "build_facets",
    "catalogue_page",
    "department_counts",
    "geojson",
    "geojson_text",
    "initiatives_in_order",
    "parse_page",
    "possible_duplicates",
    "related_initiatives",
    "result_cards",
    "search",
]
