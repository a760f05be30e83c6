"""The open-data API: same filters as the catalogue, published data only, consented contacts only."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(initiative_factory):
    return [
        initiative_factory("Épicerie solidaire", commune="70285", year=2014, themes=["epicerie-solidaire"],
                           laureate_year=2014, contact_name="Anne", contact_email="anne@example.org"),
        initiative_factory("Covoiturage", commune="25462", year=2023, themes=["covoiturage"],
                           contact_name="Paul", contact_email="paul@example.org", contact_consent_at=timezone.now()),
        initiative_factory("Brouillon secret", commune="25462", year=2023, live=False),
    ]


def test_list_filters_like_the_catalogue(client, data):
    body = client.get("/api/v1/initiatives", {"q": "epiceries", "laureate": "true"}).json()
    assert (body["count"], [r["name"] for r in body["results"]]) == (1, ["Épicerie solidaire"])
    body = client.get("/api/v1/initiatives", {"department": "25", "year": "2023"}).json()
    assert [r["name"] for r in body["results"]] == ["Covoiturage"]
    assert body["results"][0]["themes"] == [{"slug": "covoiturage", "name": "Covoiturage", "parent": "mobilite"}]


def test_list_never_shows_drafts_or_contacts(client, data):
    body = client.get("/api/v1/initiatives").json()
    assert sorted(r["name"] for r in body["results"]) == ["Covoiturage", "Épicerie solidaire"]
    assert "anne@example.org" not in str(body) and "paul@example.org" not in str(body)


def test_detail_shows_contact_only_with_consent(client, data):
    first, second, draft = data
    assert client.get(f"/api/v1/initiatives/{first.pk}").json()["contact"] is None
    assert client.get(f"/api/v1/initiatives/{second.pk}").json()["contact"] == {"name": "Paul", "email": "paul@example.org"}
    assert client.get(f"/api/v1/initiatives/{draft.pk}").status_code == 404


def test_geojson_and_cors_and_openapi(client, data):
    response = client.get("/api/v1/initiatives.geojson", {"department": "70"}, HTTP_ORIGIN="https://data.example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    body = response.json()
    assert [f["properties"]["name"] for f in body["features"]] == ["Épicerie solidaire"]
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/initiatives", "/api/v1/initiatives/{initiative_id}", "/api/v1/initiatives.geojson"} <= set(paths)


def test_list_query_count_does_not_grow(client, initiative_factory, django_assert_num_queries):
    initiative_factory("Une", themes=["handicap"])
    client.get("/api/v1/initiatives")
    with CaptureQueriesContext(connection) as one:
        client.get("/api/v1/initiatives")
    expected = len(one.captured_queries)  # read now: the next request empties Django's query log
    # In other departments: each department's region is read with the others, not one by one.
    initiative_factory("Deux", themes=["covoiturage"], commune="25462")
    initiative_factory("Trois", themes=["jeunes"], commune="70285")
    # The first request after a change reads the catalogue's facet index again (never stale).
    assert client.get("/api/v1/initiatives").json()["count"] == 3
    with django_assert_num_queries(expected):
        assert client.get("/api/v1/initiatives").json()["count"] == 3
    # The chrome included (site, programme); 10 before the themes, SDGs and structures were read
    # as rows of their link tables, the themes with their parents.
    assert len(one.captured_queries) <= 9


def test_odd_parameters_never_fail(client, data):
    response = client.get("/api/v1/initiatives", {"page": "x", "year": "abc", "q": "\x00'\"", "bbox": "1,2"})
    assert (response.status_code, response.json()["count"]) == (200, 0)


def test_identifier_beyond_64_bits_is_a_french_404(client, data):
    for identifier in (2**63, 10**30):
        response = client.get(f"/api/v1/initiatives/{identifier}")
        assert response.status_code == 404
        # SQLite raises OverflowError (answered by the API's handler); Django checks the range
        # itself on PostgreSQL and finds nothing. Either way a French 404.
        assert response.json()["detail"] in (
            "Aucun enregistrement ne correspond : identifiant hors limites.",
            "Initiative introuvable.",
        )
    assert client.get(f"/api/v1/initiatives/{2**63 - 1}").status_code == 404
    assert client.get(f"/api/v1/initiatives/{data[1].pk}").json()["name"] == "Covoiturage"
