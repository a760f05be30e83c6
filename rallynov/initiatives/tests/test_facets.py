"""The in-process facet index (facets.py) counts exactly what the SQL path counts, and follows
every change of the catalogue at once."""

import dataclasses

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rallynov.initiatives import facets
from rallynov.initiatives.models import CatalogueEntry, InitiativePage, Theme
from rallynov.initiatives.queries.catalogue import ORDERINGS, Catalogue
from rallynov.initiatives.queries.filters import CatalogueFilters
from rallynov.initiatives.queries.results import search

pytestmark = pytest.mark.django_db

WORDS = ["", "solidaire", "innovation", "epicerie", "mobilite", "le", "zzzz", "salaries"]


@pytest.fixture
def generated(programme, catalogue):
    """A catalogue of 150 generated initiatives (the benchmark's generator), plus the values
    its filters may take."""
    from rallynov.initiatives.management.commands.benchmark_data import generate

    generate(programme=programme, count=150, seed=11)
    facets.clear()
    entries = CatalogueEntry.objects.filter(programme=programme)
    return {
        "departments": sorted(set(entries.values_list("department_code", flat=True))) + ["975"],
        "years": sorted(set(entries.values_list("year", flat=True))) + [1999],
        "themes": list(Theme.objects.values_list("slug", flat=True)) + ["inconnu"],
    }


def filters_from(data, draw):
    pick = lambda values: draw(st.lists(st.sampled_from(values), max_size=3))  # noqa: E731
    params = QueryDict(mutable=True)
    params.setlist("department", pick(data["departments"]))
    params.setlist("year", [str(y) for y in pick(data["years"])])
    params.setlist("theme", pick(data["themes"]))
    params.setlist("kind", pick(["association", "entreprise", "collectivite", "scop", "autre"]))
    params.setlist("sdg", [str(n) for n in pick(list(range(1, 18)))])
    params["laureate"] = draw(st.sampled_from(["", "oui", "non"]))
    params["q"] = draw(st.sampled_from(WORDS))
    if draw(st.booleans()):
        params["bbox"] = draw(st.sampled_from(["4.0,46.5,6.0,48.0", "2.8,46.1,7.2,48.5", "-1,40,0,41"]))
    return CatalogueFilters.from_params(params)


def test_index_counts_like_sql_on_random_filters(programme, generated):
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.data())
    def check(data):
        filters = filters_from(generated, data.draw)
        catalogue = Catalogue(programme=programme, filters=filters)
        assert catalogue.facet_index() is not None
        expected = Catalogue(programme=programme, filters=filters).sql_facet_counts()
        assert catalogue.facet_counts() == expected
        total = expected["total"]
        assert catalogue.count() == total
        for sort in ("annee", "nom"):
            entries = Catalogue(programme=programme, filters=filters).entries()
            by_sql = list(entries.order_by(*ORDERINGS[sort]).values_list("pk", flat=True))
            for page in (1, 2, 5):
                found = catalogue.facet_index().page(
                    catalogue.matching(), offset=(page - 1) * 20, limit=20, by_name=sort == "nom"
                )
                assert found == by_sql[(page - 1) * 20 : page * 20]

    check()


def test_unfiltered_catalogue_is_counted_and_listed_from_the_index(programme, generated):
    search(programme=programme, filters=CatalogueFilters())  # builds the index
    with CaptureQueriesContext(connection) as captured:
        results = search(
            programme=programme,
            filters=CatalogueFilters.from_params(QueryDict("department=21&theme=mobilite")),
        )
    statements = " ".join(q["sql"] for q in captured.captured_queries)
    assert "COUNT(" not in statements.upper()
    sql = Catalogue(programme=programme, filters=results.filters).sql_facet_counts()
    assert results.total == sql["total"]


def test_changes_show_at_once(programme, generated, initiative_factory):
    def total(query=""):
        return search(programme=programme, filters=CatalogueFilters.from_params(QueryDict(query))).total

    before, in_21, in_2014 = total(), total("department=21"), total("year=2014")
    page = initiative_factory("Atelier Zorglub du Val", commune="21231", year=2014)
    assert (total(), total("department=21"), total("year=2014")) == (before + 1, in_21 + 1, in_2014 + 1)

    page.year = 2015
    page.save_revision().publish()
    assert total("year=2014") == in_2014
    assert total("q=zorglub&year=2015") == 1

    page.unpublish()
    assert total() == before
    assert total("q=zorglub") == 0


def test_a_write_outside_indexing_is_seen(programme, generated):
    """The stamp is kept by the database (triggers): a bulk update or a cascade is seen too."""
    year = CatalogueEntry.objects.filter(programme=programme).values_list("year", flat=True).first()
    search(programme=programme, filters=CatalogueFilters())
    CatalogueEntry.objects.filter(programme=programme).update(year=2001)
    assert (
        search(programme=programme, filters=CatalogueFilters.from_params(QueryDict("year=2001"))).total == 150
    )
    assert (
        search(programme=programme, filters=CatalogueFilters.from_params(QueryDict(f"year={year}"))).total
        == 0
    )
    InitiativePage.objects.filter(pk=CatalogueEntry.objects.values_list("pk", flat=True)[0]).delete()
    assert search(programme=programme, filters=CatalogueFilters()).total == 149


def test_a_text_query_is_run_once_while_facets_are_ticked(programme, generated, initiative_factory):
    def run(query):
        return search(programme=programme, filters=CatalogueFilters.from_params(QueryDict(query)))

    first = run("q=solidaire&sort=annee")
    with CaptureQueriesContext(connection) as captured:
        ticked = run("q=solidaire&sort=annee&department=21")
    statements = " ".join(q["sql"] for q in captured.captured_queries)
    assert "initiatives_search" not in statements
    assert "search_vector" not in statements
    assert ticked.total == Catalogue(programme=programme, filters=ticked.filters).sql_facet_counts()["total"]
    # A new match is found at once: the remembered text results go with the catalogue's token.
    initiative_factory("Garage Zorglub solidaire", commune="21231")
    assert run("q=solidaire&sort=annee").total == first.total + 1


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_without_its_triggers_sqlite_counts_in_sql(programme, generated):
    """A migration that rebuilds the entries' table on SQLite drops its triggers: the token would
    no longer follow the catalogue, so the index is not used."""
    assert facets.triggers_in_place()
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER initiatives_catalogueentry_stamp_update")
    facets.clear()
    catalogue = Catalogue(
        programme=programme, filters=CatalogueFilters.from_params(QueryDict("department=21"))
    )
    assert catalogue.facet_index() is None
    assert (
        catalogue.facet_counts()
        == Catalogue(programme=programme, filters=catalogue.filters).sql_facet_counts()
    )


def test_national_index_counts_like_sql_with_the_region_facet(programme, generated, home_page):
    """The national catalogue (every programme) is counted from its own index, the region facet
    (programme) included, exactly as in SQL; one programme's index leaves the others out."""
    from rallynov.core.programmes import create_programme
    from rallynov.initiatives.management.commands.benchmark_data import generate

    occitanie, _created = create_programme(
        slug="occitanie", name="Rally'nov Occitanie", region_code="76", host="occitanie.example.org"
    )
    generate(programme=occitanie, count=60, seed=5)
    data = {**generated, "departments": generated["departments"] + ["31", "34"]}

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.data())
    def check(draw_data):
        filters = filters_from(data, draw_data.draw)
        programmes = draw_data.draw(st.lists(st.sampled_from([programme.slug, "occitanie", "inconnu"]), max_size=2))
        filters = dataclasses.replace(filters, programmes=tuple(programmes))
        national = Catalogue(programme=None, filters=filters)
        assert national.facet_index() is not None
        expected = Catalogue(programme=None, filters=filters).sql_facet_counts()
        assert national.facet_counts() == expected
        entries = Catalogue(programme=None, filters=filters).entries()
        by_sql = list(entries.order_by(*ORDERINGS["annee"]).values_list("pk", flat=True))
        assert national.facet_index().page(national.matching(), offset=0, limit=20) == by_sql[:20]

    check()
    unfiltered = Catalogue(programme=None, filters=CatalogueFilters()).facet_counts()
    assert unfiltered["programme"] == {programme.slug: 150, "occitanie": 60}
    assert unfiltered["total"] == 210
    assert Catalogue(programme=programme, filters=CatalogueFilters()).facet_counts()["total"] == 150
