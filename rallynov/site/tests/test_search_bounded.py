"""The site search reads a bounded number of results, whatever the number of matching pages, and
says that it shows the best ones."""

import datetime

import pytest

from rallynov.site import queries

pytestmark = pytest.mark.django_db


def test_search_shows_the_best_results_when_there_are_more(client, make_article, monkeypatch):
    monkeypatch.setattr(queries, "MAX_RESULTS", 2)
    for day in (1, 2, 3):
        make_article(f"Salon régional n° {day}", datetime.date(2014, 5, day), body_text="Un salon régional.")

    response = client.get("/recherche/", {"q": "salon"})

    assert len(response.context["results"]) == 2
    assert "Les 2 meilleurs résultats pour « salon »" in response.content.decode()


def test_search_under_the_bound_counts_every_result(client, make_article, monkeypatch):
    monkeypatch.setattr(queries, "MAX_RESULTS", 5)
    for day in (1, 2):
        make_article(f"Salon régional n° {day}", datetime.date(2014, 5, day), body_text="Un salon régional.")

    html = client.get("/recherche/", {"q": "salon"}).content.decode()

    assert "2 résultats pour « salon »" in html
