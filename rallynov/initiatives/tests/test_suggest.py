"""« Vouliez-vous dire … » : typos corrected with the catalogue's own words (queries/suggest.py)."""

import pytest
from django.http import QueryDict
from django.test import Client
from django.urls import reverse

from rallynov.initiatives.queries.filters import CatalogueFilters
from rallynov.initiatives.queries.results import search
from rallynov.initiatives.queries.suggest import Vocabulary, suggest

pytestmark = pytest.mark.django_db


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
            summary="Des épiceries solidaires pour les familles du pays.",
        ),
        "innovation": initiative_factory(
            "Semaine de 4 jours",
            commune="21231",
            year=2023,
            themes=["semaine-de-4-jours"],
            summary="Une innovation sociale : la semaine de quatre jours pour toute l'équipe.",
        ),
    }


@pytest.mark.parametrize(
    ("typed", "meant", "found"),
    [
        ("epicries", "épiceries", "epicerie"),
        ("innovasion", "innovation", "innovation"),
        ("innovasion sociale", "innovation sociale", "innovation"),
        ("EPICRIES solidaires", "épiceries solidaires", "epicerie"),
    ],
)
def test_typo_finds_nothing_and_offers_the_word_meant(programme, sample, typed, meant, found):
    results = run(programme, f"q={typed}")

    assert results.total == 0
    assert results.suggestion.q == meant
    assert [i.title for i in run(programme, results.suggestion.querystring[1:]).initiatives] == [
        sample[found].title
    ]


def test_suggestion_keeps_the_other_filters(programme, sample):
    results = run(programme, "q=epicries&year=2014")

    assert results.suggestion.querystring == "?q=%C3%A9piceries&year=2014"


def test_no_suggestion_when_the_correction_finds_nothing_either(programme, sample):
    results = run(programme, "q=epicries&year=2023")

    assert (results.total, results.suggestion) == (0, None)


def test_no_suggestion_for_known_words_or_nonsense(programme, sample):
    assert run(programme, "q=épiceries").suggestion is None  # found: nothing to correct
    assert run(programme, "q=xqzwvk").suggestion is None  # close to nothing
    assert run(programme, "q=semaine&year=2014").suggestion is None  # known word, other filters


def test_vocabulary_follows_the_catalogue(programme, sample, initiative_factory):
    assert run(programme, "q=recyclerei").suggestion is None

    initiative_factory("Recyclerie du Doubs", commune="25462", year=2021, themes=["reemploi"])

    assert run(programme, "q=recyclerei").suggestion.q == "recyclerie"


def test_correction_prefers_the_closest_then_the_most_frequent_word():
    def vocabulary(frequency):
        return Vocabulary(
            token=None, words=tuple(frequency), shown={w: w for w in frequency}, frequency=frequency
        )

    words = vocabulary({"garage": 1, "barrage": 5, "lapin": 5, "lupin": 1})

    assert words.correct("garrage") == "garage"  # 92 against 86: the closest, however rare
    assert words.correct("barage") == "barrage"  # 92 against 83
    assert words.correct("lopin") == "lapin"  # 80 for both: the more frequent
    assert vocabulary({"lapin": 1, "lupin": 5}).correct("lopin") == "lupin"
    assert words.correct("gar") is None  # too short to correct
    assert words.correct("Garage") is None  # known


def test_catalogue_page_offers_the_link(programme, sample):
    page = Client().get(reverse("initiatives:catalogue"), {"q": "innovasion"}).content.decode()

    assert 'Vouliez-vous dire <a href="/initiatives/?q=innovation"' in page
    assert "« innovation »" in page


def test_api_returns_the_suggestion(programme, sample):
    found = Client().get("/api/v1/initiatives", {"q": "innovasion"}).json()
    nothing = Client().get("/api/v1/initiatives", {"q": "innovation"}).json()

    assert (found["count"], found["suggestion"]) == (0, "innovation")
    assert (nothing["count"], nothing["suggestion"]) == (1, None)


def test_suggest_without_query_is_none(programme, sample):
    assert suggest(programme=programme, filters=CatalogueFilters()) is None
