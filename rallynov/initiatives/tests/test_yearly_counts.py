"""The initiatives per year (the key figures' "new" and "total"): the facet index counts what the
grouped SQL query counts, and follows a newly published initiative at once."""

import pytest

from rallynov.initiatives import facets
from rallynov.initiatives.queries.yearly import count_per_year

pytestmark = pytest.mark.django_db


def test_count_per_year_through_the_index_is_the_sql_count(programme, catalogue, monkeypatch):
    from rallynov.initiatives.management.commands.benchmark_data import generate

    generate(programme=programme, count=90, seed=3)
    facets.clear()
    through_sql = count_per_year(programme, up_to=2020)  # no index kept: never built for a count
    assert facets.kept_index(programme.pk) is None
    index = facets.index_for(programme.pk)  # what the catalogue's pages build
    used = []
    monkeypatch.setattr(facets, "kept_index", lambda pk: used.append(pk) or index)
    through_index = count_per_year(programme, up_to=2020)

    assert used == [programme.pk]
    assert through_index == through_sql
    assert max(through_index) <= 2020
    assert sum(through_index.values()) > 0


def test_count_per_year_sees_a_new_initiative_at_once(programme, initiative_factory):
    initiative_factory("Épicerie solidaire", year=2019)
    before = count_per_year(programme, up_to=2020)

    initiative_factory("Garage solidaire", year=2019)
    after = count_per_year(programme, up_to=2020)

    assert (before, after) == ({2019: 1}, {2019: 2})
