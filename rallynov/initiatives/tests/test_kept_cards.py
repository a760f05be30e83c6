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
