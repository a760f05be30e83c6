"""The news list is kept per data stamp (site.news) and never stale: an article published,
unpublished or tagged shows at the next view, on every page and tag of the list."""

import datetime

import pytest

pytestmark = pytest.mark.django_db


def titles(client, **params):
    response = client.get("/actualites/", params)
    assert response.status_code == 200
    return [article.title for article in response.context["articles"]]


def test_a_new_or_unpublished_article_shows_at_the_next_view(client, make_article):
    first = make_article("Salon régional", datetime.date(2014, 5, 1), tags=["salon"])
    assert titles(client) == ["Salon régional"]
    assert titles(client) == ["Salon régional"]  # from what was kept

    make_article("Forum des solidarités", datetime.date(2014, 6, 1), tags=["salon"])
    assert titles(client) == ["Forum des solidarités", "Salon régional"]
    assert titles(client, tag="salon") == ["Forum des solidarités", "Salon régional"]

    first.unpublish()
    assert titles(client) == ["Forum des solidarités"]
    assert titles(client, tag="salon") == ["Forum des solidarités"]


def test_each_page_of_the_list_is_its_own(client, make_article):
    for day in range(1, 13):
        make_article(f"Brève {day:02}", datetime.date(2014, 5, day))
    assert titles(client)[0] == "Brève 12"
    assert titles(client, page=2) == ["Brève 02", "Brève 01"]
    assert titles(client, page="abc")[0] == "Brève 12"
