"""The catalogue's French search and facets, on the read model (SQLite FTS5 or PostgreSQL)."""

import pytest
from django.http import QueryDict

from rallynov.initiatives.queries.catalogue import Catalogue
from rallynov.initiatives.queries.filters import CatalogueFilters
from rallynov.initiatives.queries.results import search

pytestmark = pytest.mark.django_db


def titles(results):
    return sorted(i.title for i in results.initiatives)


def run(programme, query):
    return search(programme=programme, filters=CatalogueFilters.from_params(QueryDict(query)))


@pytest.fixture
def sample(initiative_factory):
    return {
        "epicerie": initiative_factory(
            "Épiceries solidaires du Pays d'Héricourt",
            commune="70285",
            year=2014,
            themes=["epicerie-solidaire"],
            sdgs=[1, 2],
            laureate_year=2014,
        ),
        "covoiturage": initiative_factory(
            "Covoiturage domicile-travail",
            commune="25462",
            year=2014,
            themes=["covoiturage"],
            kind="entreprise",
            summary="Un véhicule de covoiturage pour les trajets des salariés.",
        ),
        "semaine": initiative_factory(
            "Semaine de 4 jours",
            commune="21231",
            year=2023,
            themes=["semaine-de-4-jours"],
            kind="entreprise",
            sdgs=[8],
        ),
        "handicap": initiative_factory(
            "Les Délices Bleus",
            commune="21231",
            year=2022,
            themes=["handicap"],
            laureate_year=2022,
            summary="Un restaurant dont l'équipe compte trois jeunes autistes.",
        ),
        "claude": initiative_factory("Atelier partagé", commune="39478", year=2020, themes=["reemploi"]),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("epicerie solidaire", ["Épiceries solidaires du Pays d'Héricourt"]),
        ("ÉPICERIES", ["Épiceries solidaires du Pays d'Héricourt"]),
        ("covoiturer", ["Covoiturage domicile-travail"]),
        ("autiste", ["Les Délices Bleus"]),
        ("delices bleus dijon", ["Les Délices Bleus"]),
        ("ST CLAUDE", ["Atelier partagé"]),
        ("jours semaine", ["Semaine de 4 jours"]),
        ("épicerie covoiturage", []),
        ("le la les", []),
    ],
)
def test_search_matches_french_word_forms(programme, sample, query, expected):
    assert titles(run(programme, f"q={query}")) == expected


def test_search_finds_theme_and_structure_names(programme, sample):
    assert titles(run(programme, "q=mobilite")) == ["Covoiturage domicile-travail"]
    assert titles(run(programme, "q=structure+delices")) == ["Les Délices Bleus"]


@pytest.mark.parametrize(
    "query",
    [
        "q=%00%27%22<script>&year=abc&department=999999&page=-3&bbox=a,b,c",
        'q="AND OR NOT * ( ) : ^ -&sort=drop&laureate=peut-etre',
        "q=" + "x" * 5000,
        "theme=../../etc&sdg=99&kind=robot&year=99999",
    ],
)
def test_search_odd_input_never_fails(programme, sample, query):
    results = run(programme, query)
    assert results.total in (0, 5)


def test_facets_combine_and_count_other_facets(programme, sample):
    results = run(programme, "department=21&theme=organisation-du-travail")
    assert titles(results) == ["Semaine de 4 jours"]
    facets = {f.name: f for f in results.facets}
    # Department counts apply the theme filter only: Dijon has one "Organisation du travail".
    assert [(o.value, o.count, o.selected) for o in facets["department"].options] == [("21", 1, True)]
    # Theme counts apply the department filter only: both Dijon initiatives are counted.
    themes = {o.value: o.count for o in facets["theme"].options}
    assert themes == {"organisation-du-travail": 1, "emploi-et-inclusion": 1}
    children = {c.value: c.count for o in facets["theme"].options for c in o.children}
    assert children == {"semaine-de-4-jours": 1, "handicap": 1}


def test_facets_values_of_one_facet_are_alternatives(programme, sample):
    results = run(programme, "department=21&department=70&laureate=oui")
    assert titles(results) == ["Les Délices Bleus", "Épiceries solidaires du Pays d'Héricourt"]
    facets = {f.name: f for f in results.facets}
    assert [(o.value, o.count) for o in facets["laureate"].options] == [("oui", 2), ("non", 1)]
    assert [(o.value, o.count) for o in facets["year"].options] == [(2022, 1), (2014, 1)]
    assert [(o.value, o.count) for o in facets["kind"].options] == [("association", 2)]
    assert [(o.value, o.count) for o in facets["sdg"].options] == [(1, 1), (2, 1)]


def test_facet_links_keep_other_filters_in_the_url(programme, sample):
    results = run(programme, "q=semaine&year=2023&sort=nom")
    year = next(f for f in results.facets if f.name == "year")
    assert [(o.value, o.url) for o in year.options] == [(2023, "?q=semaine&sort=nom")]
    assert results.filters.querystring() == "?q=semaine&year=2023&sort=nom"


def test_unpublished_initiatives_never_appear(programme, sample, initiative_factory):
    initiative_factory("Épicerie solidaire en brouillon", commune="70285", live=False)
    sample["covoiturage"].unpublish()
    assert titles(run(programme, "q=epicerie")) == ["Épiceries solidaires du Pays d'Héricourt"]
    assert run(programme, "").total == 4


def test_sort_and_pagination(programme, sample):
    results = search(
        programme=programme, filters=CatalogueFilters.from_params(QueryDict("sort=nom")), page=2, per_page=2
    )
    assert [i.title for i in results.initiatives] == [
        "Épiceries solidaires du Pays d'Héricourt",
        "Les Délices Bleus",
    ]
    assert (results.page, results.pages, results.next_url, results.previous_url) == (
        2,
        3,
        "?sort=nom&page=3",
        "?sort=nom",
    )
    by_year = run(programme, "sort=annee")
    assert [i.year for i in by_year.initiatives] == [2023, 2022, 2020, 2014, 2014]


def test_relevance_puts_the_best_match_first(programme, sample, initiative_factory):
    initiative_factory("Garage solidaire", commune="21231", summary="Aussi une petite épicerie le samedi.")
    results = run(programme, "q=epicerie")
    assert results.initiatives[0].title == "Épiceries solidaires du Pays d'Héricourt"
    assert results.total == 2


def test_bbox_limits_to_the_visible_area(programme, sample):
    # Around Dijon only.
    assert titles(run(programme, "bbox=4.9,47.2,5.2,47.4")) == ["Les Délices Bleus", "Semaine de 4 jours"]


def test_laureate_change_moves_the_facet(programme, sample):
    from rallynov.initiatives.domain import set_laureate

    set_laureate(initiative=sample["semaine"], year=2024)
    assert Catalogue(programme=programme, filters=CatalogueFilters(laureate=True)).count() == 3
