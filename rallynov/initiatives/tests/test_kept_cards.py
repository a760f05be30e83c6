"""The catalogue's result cards are kept per data stamp ({% kept %}) and never stale."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_renamed_initiative_shows_in_the_catalogue_at_the_next_view(client, initiative_factory):
    page = initiative_factory("Épicerie solidaire")
    assert "Épicerie solidaire<" in client.get("/initiatives/").content.decode()

    page.title = "Épicerie citoyenne"
    page.save_revision().publish()

    html = client.get("/initiatives/").content.decode()
    assert "Épicerie citoyenne<" in html and "Épicerie solidaire<" not in html


def test_a_card_is_shown_in_the_language_of_the_page(client, initiative_factory):
    initiative_factory("Épicerie solidaire", laureate_year=2022)
    assert "Lauréate du prix 2022" in client.get("/initiatives/").content.decode()

    assert "2022 prize laureate" in client.get("/en/initiatives/").content.decode()


def test_the_maps_points_are_kept_until_a_write(client, initiative_factory):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    url = reverse("initiatives:map_geojson")
    initiative_factory("Épicerie de Dole", commune="39198")

    def names():
        return {f["properties"]["name"] for f in client.get(url, {"department": "39"}).json()["features"]}

    assert names() == {"Épicerie de Dole"}
    with CaptureQueriesContext(connection) as again:
        assert names() == {"Épicerie de Dole"}
    initiative_factory("Garage de Lons", commune="39300")

    assert names() == {"Épicerie de Dole", "Garage de Lons"}
    assert not any("latitude" in query["sql"] for query in again.captured_queries)  # served as kept
    api = client.get("/api/v1/initiatives.geojson", {"department": "39"}).json()
    assert {f["properties"]["name"] for f in api["features"]} == {"Épicerie de Dole", "Garage de Lons"}


def test_a_sheet_shows_a_new_follow_up_and_theme_at_the_next_view(client, initiative_factory):
    from rallynov.initiatives.models import FollowUp

    page = initiative_factory("Épicerie solidaire", themes=["handicap"])
    html = client.get(page.url).content.decode()
    assert "Nouveau local" not in html and "mobilite-solidaire" not in html

    FollowUp.objects.create(initiative=page, date="2023-04-15", title="Nouveau local", people_reached=300)
    html = client.get(page.url).content.decode()
    assert "Nouveau local" in html and "300 personnes touchées" in html

    from rallynov.initiatives.models import Theme

    page.themes.add(Theme.objects.get(slug="mobilite-solidaire"))
    page.save_revision().publish()
    assert "?theme=mobilite-solidaire" in client.get(page.url).content.decode()


def test_a_sheet_describes_itself_with_the_address_of_the_host_it_is_viewed_on(client, initiative_factory, settings):
    settings.ALLOWED_HOSTS = ["*"]
    page = initiative_factory("Épicerie solidaire")
    first = client.get(page.url, HTTP_HOST="rallynov.localhost").content.decode()
    second = client.get(page.url, HTTP_HOST="autre.localhost").content.decode()
    assert f'"url": "http://rallynov.localhost{page.url}"' in first
    assert f'"url": "http://autre.localhost{page.url}"' in second


def test_the_api_lists_a_renamed_initiative_at_the_next_request_with_the_hosts_address(client, initiative_factory, settings):
    settings.ALLOWED_HOSTS = ["*"]
    page = initiative_factory("Épicerie solidaire")

    def names(host="rallynov.localhost"):
        results = client.get("/api/v1/initiatives", HTTP_HOST=host).json()["results"]
        return [(item["name"], item["url"]) for item in results]

    assert names() == [("Épicerie solidaire", f"http://rallynov.localhost{page.url}")]
    assert names("autre.localhost") == [("Épicerie solidaire", f"http://autre.localhost{page.url}")]
    page.title = "Épicerie citoyenne"
    page.save_revision().publish()

    assert names() == [("Épicerie citoyenne", f"http://rallynov.localhost{page.url}")]
    initiative_factory("Garage solidaire")
    assert client.get("/api/v1/initiatives", HTTP_HOST="rallynov.localhost").json()["count"] == 2


def test_a_page_of_results_is_kept_until_a_write(client, initiative_factory):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    initiative_factory("Épicerie solidaire", commune="21231")
    params = {"q": "epicerie", "department": "21"}
    assert client.get("/initiatives/", params).content.decode().count('class="result card"') == 1
    with CaptureQueriesContext(connection) as again:
        client.get("/initiatives/", params)
    initiative_factory("Épicerie citoyenne", commune="21231")

    html = client.get("/initiatives/", params).content.decode()
    assert "Épicerie citoyenne<" in html and "Épicerie solidaire<" in html
    assert html.count('class="result card"') == 2
    assert not any("initiatives_catalogueentry" in query["sql"] for query in again.captured_queries)


def test_a_drafts_preview_shows_the_draft_not_the_kept_sheet(client, initiative_factory, settings):
    from rallynov.initiatives.models import FollowUp, InitiativePage

    settings.ALLOWED_HOSTS = ["*"]
    page = initiative_factory("Épicerie solidaire", summary="Le texte publié.")
    # Viewed on the host the preview is made for: what a visitor saw there is kept.
    site = page.get_site()
    host = site.hostname if site.port == 80 else f"{site.hostname}:{site.port}"
    assert "Le texte publié." in client.get(page.url, HTTP_HOST=host).content.decode()

    draft = InitiativePage.objects.get(pk=page.pk)
    draft.summary = "Le texte du brouillon."
    draft.follow_ups.add(FollowUp(date="2024-01-10", title="Suivi du brouillon"))
    html = draft.make_preview_request().content.decode()

    assert "Le texte du brouillon." in html and "Suivi du brouillon" in html
    assert "Le texte publié." in client.get(page.url, HTTP_HOST=host).content.decode()


def test_routes_are_kept_until_a_write_and_follow_every_change(client, initiative_factory):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    page = initiative_factory("Épicerie solidaire")
    url = page.url
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as again:
        assert client.get(url).status_code == 200
    assert not any('"wagtailcore_page"."slug"' in q["sql"] for q in again.captured_queries)  # kept

    page.slug = "epicerie-citoyenne"
    page.save_revision().publish()
    assert client.get(url).status_code == 404
    assert client.get("/initiatives/epicerie-citoyenne/").status_code == 200

    page.unpublish()
    assert client.get("/initiatives/epicerie-citoyenne/").status_code == 404
    assert client.get("/initiatives/inconnue/").status_code == 404
