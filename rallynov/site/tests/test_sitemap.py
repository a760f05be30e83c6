"""The site map reads its pages in a bounded number of queries, whatever their number and kinds."""

import datetime

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [3, 12])
def test_sitemap_queries_do_not_grow_with_pages(client, make_article, django_assert_max_num_queries, count):
    for day in range(1, count + 1):
        make_article(f"Salon régional n° {day}", datetime.date(2014, 5, day))
    client.get("/plan-du-site/")

    # The chrome included (site, programme, footer); 13 here (one more per kind of page) when each
    # page was read as its own kind.
    with django_assert_max_num_queries(9):
        response = client.get("/plan-du-site/")

    html = response.content.decode()
    assert all(f'/salon-regional-n-{day}/">Salon régional n° {day}</a>' in html for day in range(1, count + 1))
