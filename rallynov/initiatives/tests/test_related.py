"""Initiatives close to a sheet: ranked by shared themes, department and words, from a bounded
set of candidates, the same through the facet index and through SQL, in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rallynov.initiatives import facets
from rallynov.initiatives.models import CatalogueEntry
from rallynov.initiatives.queries import related
from rallynov.initiatives.queries.related import related_initiatives

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheets(initiative_factory):
    epicerie = {"themes": ["epicerie-solidaire"], "summary": "Une épicerie solidaire pour les familles."}
    return {
        "page": initiative_factory("Épicerie solidaire de Dijon", commune="21231", **epicerie),
        "twin": initiative_factory("Épicerie solidaire de Besançon", commune="25056", **epicerie),
        "neighbour": initiative_factory("Garage solidaire de Dijon", commune="21231", summary="Un garage."),
        "far": initiative_factory("Crèche de Vesoul", commune="70550", summary="Une crèche."),
    }


def test_related_ranks_shared_themes_and_words_before_the_department(sheets):
    found = related_initiatives(sheets["page"])

    assert [p.title for p in found] == ["Épicerie solidaire de Besançon", "Garage solidaire de Dijon"]


def test_related_are_the_same_through_the_index_and_through_sql(programme, catalogue, monkeypatch):
    from rallynov.initiatives.management.commands.benchmark_data import generate

    generate(programme=programme, count=120, seed=5)
    facets.clear()
    pages = list(
        CatalogueEntry.objects.filter(programme=programme).order_by("pk").values_list("pk", flat=True)
    )
    from rallynov.initiatives.models import InitiativePage

    sample = InitiativePage.objects.filter(pk__in=pages[::15])
    through_index = {page.pk: [p.pk for p in related_initiatives(page)] for page in sample}
    monkeypatch.setattr(facets, "index_for", lambda programme_id: None)
    through_sql = {page.pk: [p.pk for p in related_initiatives(page)] for page in sample}

    assert through_index == through_sql
    assert all(len(found) == 4 for found in through_index.values())


def test_related_read_a_bounded_number_of_candidates(programme, catalogue, monkeypatch):
    from rallynov.initiatives.management.commands.benchmark_data import generate
    from rallynov.initiatives.models import InitiativePage

    generate(programme=programme, count=60, seed=7)
    facets.clear()
    monkeypatch.setattr(related, "CANDIDATES", 10)
    page = InitiativePage.objects.filter(pk__in=CatalogueEntry.objects.values("pk")).first()
    related_initiatives(page)  # builds the facet index
    facets.index_for(page.programme_id).related.clear()  # computed again, not read from the index

    with CaptureQueriesContext(connection) as captured:
        found = related_initiatives(page)

    stems_query = [q for q in captured.captured_queries if '"stems"' in q["sql"] and "IN (" in q["sql"]]
    assert len(found) == 4
    assert len(stems_query) == 1
    assert stems_query[0]["sql"].count(",") - stems_query[0]["sql"].split("IN (")[0].count(",") <= 9
    # The entry, the stamp, the candidates' stems, the four cards.
    assert len(captured) == 4


def test_related_are_kept_with_the_index_until_the_catalogue_changes(sheets, initiative_factory):
    related_initiatives(sheets["page"])

    with CaptureQueriesContext(connection) as captured:
        found = related_initiatives(sheets["page"])
    initiative_factory("Épicerie solidaire de Dole", commune="39198", themes=["epicerie-solidaire"],
                       summary="Une épicerie solidaire pour les familles.")
    after_change = related_initiatives(sheets["page"])

    # The stamp and the cards.
    assert len(captured) == 2
    assert [p.title for p in found] == ["Épicerie solidaire de Besançon", "Garage solidaire de Dijon"]
    assert [p.title for p in after_change] == [
        "Épicerie solidaire de Besançon", "Épicerie solidaire de Dole", "Garage solidaire de Dijon"
    ]
