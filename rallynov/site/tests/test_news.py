import datetime
import xml.etree.ElementTree as ET  # noqa: S405 - parses our own feed in tests

import pytest

pytestmark = pytest.mark.django_db


def test_news_url_serves_the_news_index_newest_first(client, make_article):
    make_article("Séminaire de lancement 2023", datetime.date(2023, 2, 28))
    make_article("Rencontre régionale à Dijon", datetime.date(2023, 9, 26))
    make_article("Brouillon non publié", datetime.date(2023, 10, 1), live=False)

    response = client.get("/actualites/")

    assert response.status_code == 200
    assert [a.title for a in response.context["articles"]] == ["Rencontre régionale à Dijon", "Séminaire de lancement 2023"]


def test_news_index_filters_by_tag(client, make_article):
    make_article("Euwin à Sofia", datetime.date(2014, 9, 30), tags=["Europe"])
    make_article("Printemps des solutions", datetime.date(2014, 5, 15), tags=["Salons"])

    response = client.get("/actualites/?tag=europe")

    assert [a.title for a in response.context["articles"]] == ["Euwin à Sofia"]
    assert [t.name for t in response.context["tags"]] == ["Europe", "Salons"]
    assert response.context["current_tag"].name == "Europe"


def test_news_index_unknown_tag_says_so_and_lists_everything(client, make_article):
    make_article("Euwin à Sofia", datetime.date(2014, 9, 30), tags=["Europe"])

    response = client.get("/actualites/?tag=inconnu")

    assert "Aucune actualité ne porte le mot-clé « inconnu »" in response.content.decode()
    assert [a.title for a in response.context["articles"]] == ["Euwin à Sofia"]


def test_news_index_bad_page_number_shows_first_page(client, make_article):
    make_article("Euwin à Sofia", datetime.date(2014, 9, 30))

    response = client.get("/actualites/?page=abc")

    assert response.status_code == 200
    assert response.context["articles"].number == 1


def count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_news_index_query_count_does_not_grow(client, make_article):
    make_article("Un", datetime.date(2023, 1, 1), tags=["A"])
    client.get("/actualites/")  # warm the caches (site, settings)
    with_one = count_queries(client, "/actualites/")
    make_article("Deux", datetime.date(2023, 1, 2), tags=["B"])
    make_article("Trois", datetime.date(2023, 1, 3), tags=["C"])
    client.get("/actualites/")  # the page's chrome is read again once after the change (site.chrome)

    assert count_queries(client, "/actualites/") == with_one
    # The chrome included (site, programme, footer); 15 before the private sections were read
    # once for the tags and the articles.
    assert with_one <= 14


def test_article_page_shows_date_intro_and_tags(client, make_article):
    article = make_article("Euwin à Sofia", datetime.date(2014, 9, 30), intro="Une communication fin septembre.",
                           tags=["Europe"])

    html = client.get(article.url).content.decode()

    assert "30 septembre 2014" in html
    assert "Une communication fin septembre." in html
    assert 'href="/actualites/?tag=europe"' in html


def test_article_alt_text_falls_back_to_the_image_description(make_article):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    image = Image.objects.create(title="photo", description="Salle du Cinéma Olympia", file=get_test_image_file())
    article = make_article("Rencontre", datetime.date(2023, 9, 26))
    article.image = image

    assert article.alt_text == "Salle du Cinéma Olympia"
    article.image_alt = "Le public de la Rencontre régionale"
    assert article.alt_text == "Le public de la Rencontre régionale"


def test_rss_feed_lists_articles_with_dates_and_tags(client, make_article):
    make_article("Euwin à Sofia", datetime.date(2014, 9, 30), intro="Fin septembre.", tags=["Europe"])
    make_article("Rencontre régionale", datetime.date(2023, 9, 26))

    response = client.get("/actualites/rss/")

    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")  # noqa: S314 - our own feed
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == ["Rencontre régionale", "Euwin à Sofia"]
    assert items[1].findtext("link") == "http://testserver/actualites/euwin-a-sofia/"
    assert items[1].findtext("category") == "Europe"
    assert items[1].findtext("pubDate").startswith("Tue, 30 Sep 2014")


def test_atom_feed_is_atom(client, make_article):
    make_article("Euwin à Sofia", datetime.date(2014, 9, 30))

    response = client.get("/actualites/atom/")

    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert [e.findtext("a:title", namespaces=ns) for e in root.findall("a:entry", ns)] == ["Euwin à Sofia"]


def test_home_page_shows_the_three_latest_news(client, make_article):
    for day in range(1, 5):
        make_article(f"Actualité {day}", datetime.date(2023, 3, day))

    response = client.get("/")

    html = response.content.decode()
    assert "Dernières actualités" in html
    assert [a.title for a in response.context["sections"][0]["context"]["articles"]] == [
        "Actualité 4", "Actualité 3", "Actualité 2"
    ]


def test_home_page_without_news_has_no_news_section(client, site_pages):
    assert "Dernières actualités" not in client.get("/").content.decode()


def test_partner_editor_may_add_news_but_not_publish(news_index, partner_editor, team_member):
    from wagtail.models import Page

    editor_perms = news_index.permissions_for_user(partner_editor)
    team_perms = news_index.permissions_for_user(team_member)

    assert editor_perms.can_add_subpage() is True
    assert editor_perms.can_publish_subpage() is False
    assert team_perms.can_publish_subpage() is True
    assert news_index.get_workflow().name == "Relecture des actualités"
    assert Page.objects.get(pk=news_index.get_parent().pk).permissions_for_user(partner_editor).can_edit() is False
