"""The open-data feed: CSV, JSON and the DCAT-AP description of the published catalogue."""

import csv
import io

import pytest

from rallynov.initiatives.interchange.reading import COLUMNS


@pytest.fixture
def sheets(initiative_factory):
    published = initiative_factory(
        "Épicerie solidaire de Dijon",
        themes=["epicerie-solidaire"],
        sdgs=[2, 10],
        summary="Une épicerie pour les familles.",
    )
    draft = initiative_factory("Projet pas encore publié", live=False)
    return published, draft


@pytest.mark.django_db
def test_feed_csv_has_the_import_columns_then_programme_sdgs_coordinates(sheets, client):
    published, _draft = sheets

    response = client.get("/initiatives/donnees.csv")

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [*COLUMNS, "programme", "sdgs", "latitude", "longitude", "url", "id"]
    assert len(rows) == 2  # the draft is not published
    record = dict(zip(rows[0], rows[1], strict=True))
    assert (record["name"], record["commune_insee"], record["programme"], record["sdgs"], record["id"]) == (
        "Épicerie solidaire de Dijon",
        "21231",
        "bfc",
        "2|10",
        str(published.pk),
    )
    assert record["themes"] == "Épicerie solidaire"
    assert (float(record["latitude"]), float(record["longitude"])) == pytest.approx((47.32, 5.04), abs=0.1)
    assert "Set-Cookie" not in response  # no cookie for an anonymous visitor


@pytest.mark.django_db
def test_feed_json_lists_the_same_records(sheets, client):
    published, _draft = sheets

    records = client.get("/initiatives/donnees.json").json()

    assert [(r["id"], r["name"], r["programme"], r["sdgs"]) for r in records] == [
        (published.pk, "Épicerie solidaire de Dijon", "bfc", "2|10")
    ]
    assert records[0]["url"].endswith("/initiatives/%C3%A9picerie-solidaire-de-dijon/")


@pytest.mark.django_db
def test_dataset_description_is_dcat_with_its_licence_and_distributions(sheets, client):
    response = client.get("/initiatives/donnees.jsonld")

    dataset = response.json()
    assert response["Content-Type"] == "application/ld+json"
    assert dataset["@type"] == "dcat:Dataset"
    assert dataset["dct:license"]["dct:title"] == "Licence Ouverte 2.0"
    assert dataset["dct:spatial"] == "Bourgogne-Franche-Comté"
    assert [d["dcat:downloadURL"]["@id"] for d in dataset["dcat:distribution"]] == [
        "http://testserver/initiatives/donnees.csv",
        "http://testserver/initiatives/donnees.json",
    ]
    assert dataset["dct:modified"]["@value"] is not None


@pytest.mark.django_db
def test_feed_of_an_unknown_programme_is_a_french_404(sheets, client):
    response = client.get("/initiatives/donnees.csv?programme=atlantide")

    assert response.status_code == 404
