"""Pictures: initiatives (cards and sheets), events and news show their image in responsive sizes
(Wagtail renditions in a srcset) with its alternative text; a catalogue page's query count does
not grow with the number of pictures; the demo's illustrations are drawn here and marked."""

import datetime
import io
import re

import pytest
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.images import get_image_model

from rallynov.core.illustrations import png_bytes

pytestmark = pytest.mark.django_db


def make_image(motif="alimentation", description="Des cercles verts et jaunes"):
    image = get_image_model()(title=f"Image {motif}", description=description)
    image.file = ImageFile(io.BytesIO(png_bytes(motif, size=(1200, 675))), name=f"{motif}.png")
    image.save()
    return image


def img_tags(html, css_class=None):
    tags = re.findall(r"<img [^>]*>", html)
    return [t for t in tags if css_class is None or f'class="{css_class}"' in t]


def test_sheet_shows_the_picture_in_three_sizes_with_its_alt_text(client, initiative_factory):
    page = initiative_factory(
        "Épicerie solidaire du Doubs", image=make_image(), image_alt="La façade de l'épicerie"
    )

    html = client.get(page.url).content.decode()

    [tag] = [t for t in img_tags(html) if "srcset" in t]
    assert 'alt="La façade de l&#x27;épicerie"' in tag
    assert re.findall(r"\s(\d+)w", tag) == ["400", "800", "1200"]
    assert 'sizes="(max-width: 50em) 100vw, 800px"' in tag


def test_alt_text_falls_back_to_the_image_description(client, initiative_factory):
    page = initiative_factory("Drive fermier", image=make_image(description="Un panier de légumes"))

    html = client.get(page.url).content.decode()

    assert 'alt="Un panier de légumes"' in [t for t in img_tags(html) if "srcset" in t][0]


def test_catalogue_cards_show_pictures_without_a_query_per_card(client, initiative_factory):
    image = make_image()
    initiative_factory("Première", image=image, image_alt="Première image")
    client.get("/initiatives/")  # renditions made on the first view
    with CaptureQueriesContext(connection) as one:
        html = client.get("/initiatives/").content.decode()
    assert len(img_tags(html, "result-image")) == 1

    initiative_factory("Deuxième", image=make_image("mobilite"), image_alt="Deuxième image")
    initiative_factory("Troisième", image=image, image_alt="Troisième image")
    client.get("/initiatives/")
    with CaptureQueriesContext(connection) as three:
        html = client.get("/initiatives/").content.decode()

    cards = img_tags(html, "result-image")
    assert sorted(re.search(r'alt="([^"]*)"', t).group(1) for t in cards) == [
        "Deuxième image",
        "Première image",
        "Troisième image",
    ]
    assert all(re.findall(r"\s(\d+)w", t) == ["480", "960"] and 'loading="lazy"' in t for t in cards)
    assert len(three.captured_queries) == len(one.captured_queries)


def test_event_and_news_pages_show_their_picture(client, home_page, programme):
    from rallynov.events.enums import EventKind
    from rallynov.events.models import EventIndexPage, EventPage
    from rallynov.site.models import NewsIndexPage, NewsPage

    index = EventIndexPage(title="Événements", slug="evenements")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    starts = timezone.now() + datetime.timedelta(days=20)
    event = EventPage(
        title="Les Défis de l'IS",
        slug="defis",
        programme=programme,
        kind=EventKind.WORKSHOP,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=8),
        image=make_image("evenement"),
        image_alt="Une salle en ateliers",
    )
    index.add_child(instance=event)
    event.save_revision().publish()
    news_index = NewsIndexPage.objects.get()
    article = NewsPage(
        title="Lancement",
        slug="lancement",
        programme=programme,
        date=datetime.date(2026, 1, 5),
        image=make_image("actualite", description="Des bandes colorées"),
    )
    news_index.add_child(instance=article)
    article.save_revision().publish()

    event_html = client.get(event.url).content.decode()
    news_html = client.get(article.url).content.decode()

    [event_tag] = [t for t in img_tags(event_html) if "srcset" in t]
    assert 'alt="Une salle en ateliers"' in event_tag
    [news_tag] = [t for t in img_tags(news_html) if "srcset" in t]
    assert 'alt="Des bandes colorées"' in news_tag
    assert re.findall(r"\s(\d+)w", news_tag) == ["400", "800", "1200"]


def test_demo_illustrations_are_drawn_marked_and_purged(initiative_factory, programme):
    from rallynov.core.demo import purge_generated
    from rallynov.initiatives.models import InitiativePage
    from rallynov.site import demo_pictures

    page = initiative_factory("Covoiturage", themes=["covoiturage"])

    demo_pictures.load(programme=programme, log=lambda *args: None)

    page = InitiativePage.objects.get(pk=page.pk)
    assert page.image.collection.name == demo_pictures.COLLECTION
    assert page.alt_text == "Illustration géométrique aux couleurs du thème « Mobilité »"
    assert png_bytes("mobilite") == png_bytes("mobilite")  # the same drawing every time
    purge_generated(log=lambda *args: None)
    assert not get_image_model().objects.filter(collection__name=demo_pictures.COLLECTION).exists()
    assert InitiativePage.objects.get(pk=page.pk).image is None


def test_news_cards_show_pictures_without_a_query_per_card(client, home_page, programme):
    from rallynov.site.models import NewsIndexPage, NewsPage

    news_index = NewsIndexPage.objects.get()

    def article(n):
        page = NewsPage(
            title=f"Article {n}",
            slug=f"article-{n}",
            programme=programme,
            date=datetime.date(2026, 1, n),
            image=make_image("actualite", description=f"Image {n}"),
        )
        news_index.add_child(instance=page)
        page.save_revision().publish()

    def count():
        client.get(news_index.url)  # renditions made on the first view
        with CaptureQueriesContext(connection) as queries:
            html = client.get(news_index.url).content.decode()
        return len(queries.captured_queries), img_tags(html, "news-card-image")

    article(1)
    one, cards = count()
    assert len(cards) == 1
    article(2)
    article(3)
    three, cards = count()
    assert sorted(re.search(r'alt="([^"]*)"', t).group(1) for t in cards) == ["Image 1", "Image 2", "Image 3"]
    assert all(re.findall(r"\s(\d+)w", t) == ["320", "640"] for t in cards)
    assert three == one


def test_home_page_latest_initiatives_show_their_picture(client, initiative_factory):
    initiative_factory("Épicerie solidaire", image=make_image(), image_alt="Les rayons de l'épicerie")
    initiative_factory("Garage solidaire")

    html = client.get("/").content.decode()

    [tag] = img_tags(html, "result-image")
    assert 'alt="Les rayons de l&#x27;épicerie"' in tag
    assert re.findall(r"\s(\d+)w", tag) == ["480", "960"]
