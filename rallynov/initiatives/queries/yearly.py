"""Initiatives by the year they were catalogued, read from the published catalogue (CatalogueEntry).

The key figures (`initiatives.figures`), the dashboard's charts and map, and the yearly report's
list all start from `catalogued()`, so that "new initiatives of the year" is one number wherever
it is shown: the report's list, the dashboard's breakdowns and the figure count the same rows.
"""

import sys

from django.db.models import Count

from rallynov.initiatives.models import CatalogueEntry, CatalogueEntryTheme, Theme
from rallynov.initiatives.queries.cards import result_cards
from rallynov.territories.models import Department

NO_DEPARTMENT = "Non renseigné"


def catalogued(programme, year):
    """The published initiatives of `programme` catalogued in `year`."""
    return CatalogueEntry.objects.filter(programme=programme, year=year)


def count_per_year(programme, *, up_to):
    """{year: number of published initiatives catalogued that year}, for every year up to `up_to`:
    counted in the facet index when this process keeps one for the catalogue as it is (its year
    bitsets: one tiny query), else one grouped query. Never built for this: a web process builds
    it for the catalogue's pages; a command (`rallynov figures`) counts in SQL rather than build
    an index of every initiative and import numpy to count them once."""
    facets = sys.modules.get("rallynov.initiatives.facets")  # a process that never loaded it keeps none
    index = facets.kept_index(programme.pk) if facets is not None and programme is not None else None
    if index is not None:
        return {year: n for year, bits in index.year.items() if year <= up_to and (n := bits.bit_count())}
    rows = (
        CatalogueEntry.objects.filter(programme=programme, year__lte=up_to)
        .order_by()
        .values("year")
        .annotate(n=Count("pk"))
        .values_list("year", "n")
    )
    return dict(rows)


def by_department(programme, year):
    """[(department label, count)] of the year's new initiatives, largest first."""
    rows = (
        catalogued(programme, year)
        .order_by()
        .values("department_code")
        .annotate(n=Count("pk"))
        .values_list("department_code", "n")
    )
    codes = [code for code, _n in rows if code]
    names = {d.code: str(d) for d in Department.objects.filter(code__in=codes)}
    labelled = [(names.get(code, code) if code else NO_DEPARTMENT, n) for code, n in rows]
    return sorted(labelled, key=lambda item: (-item[1], item[0]))


def by_theme(programme, year):
    """[(top-level theme, count)] of the year's new initiatives, largest first. An initiative
    counts once per top-level theme, whether it has the theme or one of its sub-themes (the
    catalogue links each entry to the parents of its themes)."""
    rows = (
        CatalogueEntryTheme.objects.filter(
            entry__in=catalogued(programme, year).values("pk"), theme__parent__isnull=True
        )
        .order_by()
        .values("theme_id")
        .annotate(n=Count("entry_id", distinct=True))
        .values_list("theme_id", "n")
    )
    counts = dict(rows)
    names = dict(Theme.objects.filter(pk__in=counts).values_list("pk", "name"))
    return sorted(((names[pk], n) for pk, n in counts.items()), key=lambda item: (-item[1], item[0]))


def map_points(programme, year):
    """The year's new initiatives that have a position, for the dashboard map."""
    rows = (
        catalogued(programme, year)
        .filter(latitude__isnull=False, longitude__isnull=False)
        .order_by("sort_key", "pk")
        .values_list("title", "url", "commune_name", "latitude", "longitude")
    )
    return [
        {"title": title, "url": url, "commune": commune, "lat": lat, "lon": lon}
        for title, url, commune, lat, lon in rows
    ]


def listed(programme, year, *, limit=None):
    """The year's new initiatives by name, the first `limit` of them, as plain dicts (the yearly
    report's list: web page and PDF)."""
    ids = list(catalogued(programme, year).order_by("sort_key", "pk").values_list("pk", flat=True)[:limit])
    return [
        {
            "id": card.pk,
            "title": card.title,
            "url": card.url,
            "summary": card.summary,
            "organizations": card.organizations,
            "commune": card.commune_name,
            "department": card.department_code,
            "themes": card.themes,
        }
        for card in result_cards(ids)
    ]
