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
included, for the moderator. The names below are re-exported, imported at first use, so that `from
rallynov.initiatives.queries import search` keeps working.
"""

import importlib

# Where each re-exported name lives. Resolved at first use (PEP 562): a command that needs one
# job (the key figures read `yearly`) does not import the others' libraries (numpy for the facet
# index and related initiatives, rapidfuzz for the duplicates).
_HOMES = {
    "ResultCard": "cards",
    "initiatives_in_order": "cards",
    "result_cards": "cards",
    "ORDERINGS": "catalogue",
    "PER_PAGE": "catalogue",
    "Catalogue": "catalogue",
    "catalogue_page": "catalogue",
    "possible_duplicates": "duplicates",
    "Facet": "facet_display",
    "FacetOption": "facet_display",
    "build_facets": "facet_display",
    "SORTS": "filters",
    "CatalogueFilters": "filters",
    "parse_page": "filters",
    "department_counts": "maps",
    "geojson": "maps",
    "geojson_text": "maps",
    "related_initiatives": "related",
    "SearchResults": "results",
    "search": "results",
}


def __getattr__(name):
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


__all__ = sorted(_HOMES)
