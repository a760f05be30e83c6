"""The site search reads its page of results in a bounded number of queries, whatever the number
of results: one query per kind of page shown, never one per result."""

import datetime

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [3, 12])
def test_search_queries_do_not_grow_with_results(client, make_article, django_assert_max_num_queries, count):
    for day in range(1, count + 1):
        make_article(
            f"Salon régional n° {day}",
            datetime.date(2014, 5, day),
            intro=f"Chapeau {day}.",
            body_text="Un salon.",
        )
    client.get("/recherche/", {"q": "salon"})

    # The chrome included (site, programme, footer); one more per result when each read its own page.
    with django_assert_max_num_queries(11):
        response = client.get("/recherche/", {"q": "salon"})

    html = response.content.decode()
    assert f"{count} résultats pour « salon »" in html
    assert all(f"Chapeau {day}." in html for day in range(1, count + 1))


def test_results_are_kept_until_a_write_and_a_new_page_is_found_at_the_next_search(client, make_article):
    make_article("Salon régional", datetime.date(2014, 5, 1), intro="Premier chapeau.", body_text="Un salon.")
    assert "1 résultat pour « salon »" in client.get("/recherche/", {"q": "salon"}).content.decode()

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as again:
        client.get("/recherche/", {"q": "salon"})
    make_article("Salon des solidarités", datetime.date(2014, 6, 1), intro="Second chapeau.", body_text="Un salon.")

    html = client.get("/recherche/", {"q": "salon"}).content.decode()
    assert "2 résultats pour « salon »" in html and "Second chapeau." in html
    assert not any("wagtailsearch_indexentry" in query["sql"] for query in again.captured_queries)
