"""History as it was: a record of 2014 shows the region of its time on the sheet and in the API."""

import pytest

pytestmark = pytest.mark.django_db

THEN_AND_NOW = "Franche-Comté, aujourd'hui Bourgogne-Franche-Comté"


@pytest.fixture
def old_and_new(initiative_factory):
    old = initiative_factory("Épicerie d'Héricourt", commune="70285", year=2014)
    new = initiative_factory("Covoiturage du Haut-Doubs", commune="25462", year=2023)
    return old, new


def test_api_gives_the_region_of_the_time(client, old_and_new):
    old, new = old_and_new
    detail = client.get(f"/api/v1/initiatives/{old.pk}").json()
    assert detail["region_at_the_time"]["label"] == THEN_AND_NOW
    assert (detail["region_at_the_time"]["code"], detail["region_at_the_time"]["current_code"]) == (
        "43",
        "27",
    )
    listed = {r["name"]: r["region_at_the_time"] for r in client.get("/api/v1/initiatives").json()["results"]}
    assert listed["Épicerie d'Héricourt"]["label"] == THEN_AND_NOW
    assert listed["Covoiturage du Haut-Doubs"] == {
        "code": "27",
        "name": "Bourgogne-Franche-Comté",
        "current_code": "27",
        "current_name": "Bourgogne-Franche-Comté",
        "changed": False,
        "label": "Bourgogne-Franche-Comté",
    }


def test_sheet_shows_the_region_of_the_time(client, old_and_new):
    old, new = old_and_new
    assert THEN_AND_NOW in client.get(old.url).content.decode().replace("&#x27;", "'")
    body = client.get(new.url).content.decode().replace("&#x27;", "'")
    assert "Bourgogne-Franche-Comté" in body and "aujourd'hui Bourgogne" not in body
