"""Public pages of the observatory: catalogue (with and without HTMX), map data, exports, sheet."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rallynov.initiatives.models import FollowUp

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(initiative_factory):
    first = initiative_factory(
        "Le Drive fermier 39", commune="39300", year=2014, themes=["circuits-courts"], laureate_year=2014,
        summary="28 agriculteurs vendent en ligne.", description="<p>Créé en <b>2013</b>.</p><script>alert(1)</script>",
        contact_name="Marie Martin", contact_email="marie@example.org",
    )
    second = initiative_factory(
        "=cmd|' /C calc'!A0 Circuit court", commune="39300", year=2020, themes=["circuits-courts"],
        summary="Une autre initiative de circuits courts à Lons-le-Saunier.",
    )
    return first, second


def test_catalogue_lists_published_initiatives_with_facets(client, two):
    response = client.get(reverse("initiatives:catalogue"), {"theme": "circuits-courts"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "2 initiatives" in html
    assert 'id="f-theme-circuits-courts" name="theme" value="circuits-courts" checked' in html
    assert "Le Drive fermier 39" in html
    assert "Lauréate du prix 2014" in html


def test_catalogue_htmx_request_gets_only_the_results(client, two):
    response = client.get(
        reverse("initiatives:catalogue"), {"q": "drive"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="catalogue-results"
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="catalogue-results"')
    assert "<html" not in html
    assert 'hx-swap-oob="true">1 initiative trouvée</p>' in html


def _catalogue_queries(client, params, headers):
    """The queries of reading a page of results (not served from what was kept of the same page:
    queries.results.KEPT_RESULTS, tested in test_kept_cards.py)."""
    from rallynov.initiatives.queries.results import KEPT_RESULTS

    KEPT_RESULTS.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("initiatives:catalogue"), params, **headers)
    assert response.status_code == 200
    return len(captured), response.content.decode()


# `most`: what each costs now, the chrome included (site, programme, footer) for the whole pages;
# 18, 18 and 10 before the catalogue page was found from the request's site and each card's
# entry and page were read in one query.
@pytest.mark.parametrize(
    ("params", "headers", "most"),
    [
        ({}, {}, 15),
        ({"theme": "emploi-et-inclusion", "department": "21"}, {}, 15),
        (
            {"q": "solidaire", "theme": "emploi-et-inclusion", "department": "21", "sort": "nom"},
            {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "catalogue-results"},
            9,
        ),
    ],
    ids=["page-sans-filtre", "deux-facettes", "htmx-texte-et-facettes"],
)
def test_catalogue_query_count_is_the_same_with_60_initiatives_as_with_1(
    client, initiative_factory, programme, params, headers, most
):
    from rallynov.initiatives.management.commands.benchmark_data import generate

    initiative_factory(
        "Garage solidaire de Dijon", commune="21231", themes=["handicap", "mobilite-solidaire"], sdgs=[1], laureate_year=2020,
        summary="Réparation solidaire.",
    )
    _catalogue_queries(client, params, headers)  # warm caches (site, programme, content types)
    small, small_html = _catalogue_queries(client, params, headers)
    # 60 more in every department of the region, of every kind, year, theme and SDG: three pages
    # of results and every facet filled.
    generate(programme=programme, count=60, seed=3)
    # The first request after a change rebuilds the facet index (six queries, as many at any
    # size), runs its text query again (the index remembers the last ones) and a whole page reads
    # again what it keeps for a data stamp (core.snapshot: its site, programme and national sites,
    # and its chrome's settings and footer partners, six queries).
    rebuilding, _html = _catalogue_queries(client, params, headers)
    large, large_html = _catalogue_queries(client, params, headers)
    assert large == small <= most
    assert rebuilding - large <= 13
    assert large_html.count('class="result card"') > small_html.count('class="result card"')
    assert large_html.count('class="facet-count"') > small_html.count('class="facet-count"')


def test_map_geojson_follows_the_filters(client, two, initiative_factory):
    initiative_factory("À Dijon", commune="21231", themes=["handicap"])
    data = client.get(reverse("initiatives:map_geojson"), {"department": "39"}).json()
    assert sorted(f["properties"]["name"] for f in data["features"]) == [
        "=cmd|' /C calc'!A0 Circuit court",
        "Le Drive fermier 39",
    ]
    assert data["features"][0]["geometry"] == {"type": "Point", "coordinates": [5.55762, 46.67471]}


def test_department_layer_counts(client, two):
    data = client.get(reverse("initiatives:map_departments")).json()
    counts = {f["properties"]["code"]: f["properties"]["count"] for f in data["features"]}
    assert counts == {"21": 0, "25": 0, "39": 2, "58": 0, "70": 0, "71": 0, "89": 0, "90": 0}


def test_map_card_of_a_published_initiative(client, two):
    response = client.get(reverse("initiatives:map_card", args=[two[0].pk]))
    assert "Le Drive fermier 39" in response.content.decode()
    assert client.get(reverse("initiatives:map_card", args=[999999])).status_code == 404


def test_exports_neutralise_formulas_and_reimport_unchanged(client, two, programme):
    from rallynov.initiatives.interchange import import_file

    csv_bytes = client.get(reverse("initiatives:export", args=["csv"])).content
    text = csv_bytes.decode("utf-8-sig")
    assert text.splitlines()[0] == (
        "name;organization;organization_kind;siret;commune_insee;commune;postal_code;themes;year;summary;"
        "description;website;video_url;laureate_year"
    )
    assert "'=cmd|' /C calc'!A0 Circuit court" in text
    xlsx = client.get(reverse("initiatives:export", args=["xlsx"]))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    geo = json.loads(client.get(reverse("initiatives:export", args=["geojson"])).content)
    assert len(geo["features"]) == 2
    # Re-importing the export of the first initiative changes nothing.
    lines = [line for line in text.splitlines() if "Drive fermier" in line or line.startswith("name;")]
    report = import_file("\n".join(lines).encode(), filename="export.csv", programme=programme)
    assert (report.created, report.updated, report.unchanged, report.rejected) == (0, 0, 1, 0)


def test_sheet_shows_sections_json_ld_and_consented_contact_only(client, two):
    first = two[0]
    FollowUp.objects.create(initiative=first, date="2023-05-10", title="Nouveau point de retrait", jobs_created=2)
    response = client.get(first.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in html
    assert "Nouveau point de retrait" in html and "2 emplois créés" in html
    assert "marie@example.org" not in html  # no consent recorded
    start = html.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    data = json.loads(html[start : html.index("</script>", start)])
    assert (data["@type"], data["name"], data["location"]["address"]["postalCode"], data["award"]) == (
        "Project",
        "Le Drive fermier 39",
        "39000",
        "Prix de l'innovation sociale 2014",
    )
    assert "Initiatives proches" in html and "Circuit court" in html


def test_sheet_shows_contact_with_consent(client, two):
    from django.utils import timezone

    from rallynov.initiatives.models import InitiativePage

    InitiativePage.objects.filter(pk=two[0].pk).update(contact_consent_at=timezone.now())
    assert "marie@example.org" in client.get(two[0].url).content.decode()


def test_sheet_pdf_is_a_pdf_and_drafts_have_none(client, two, initiative_factory):
    response = client.get(reverse("initiatives:sheet_pdf", args=[two[0].slug]))
    assert (response.status_code, response["Content-Type"], response.content[:5]) == (200, "application/pdf", b"%PDF-")
    draft = initiative_factory("Brouillon", live=False)
    assert client.get(reverse("initiatives:sheet_pdf", args=[draft.slug])).status_code == 404


def test_sheet_pdf_of_a_slug_with_accents(client, initiative_factory):
    # Wagtail keeps accents in slugs ("le-mas-dhéricourt"): the sheet and its PDF must resolve.
    page = initiative_factory("Le Mas d'Héricourt", commune="70400", year=2014)
    assert page.slug == "le-mas-dhéricourt"
    sheet = client.get(page.url)
    assert sheet.status_code == 200
    url = reverse("initiatives:sheet_pdf", args=[page.slug])
    assert url in sheet.content.decode()
    response = client.get(url)
    assert (response.status_code, response.content[:5]) == (200, b"%PDF-")
    assert response["Content-Disposition"] == "inline; filename*=utf-8''fiche-le-mas-dh%C3%A9ricourt.pdf"


def test_reserved_slug_is_refused(catalogue, programme):
    from django.core.exceptions import ValidationError

    from rallynov.initiatives.models import InitiativePage

    page = InitiativePage(title="Carte", slug="carte", programme=programme, year=2020)
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert error.value.message_dict["slug"] == ["« carte » est réservé par le catalogue."]


def test_map_points_carry_only_what_the_map_uses(client, two, initiative_factory):
    # Written by the database on SQLite and PostgreSQL: valid JSON whatever the name holds.
    initiative_factory('Le "Café" d\'Émile \\ 39', commune="39300", themes=["circuits-courts"])
    data = client.get(reverse("initiatives:map_geojson"), {"department": "39"}).json()
    assert {f["properties"]["name"] for f in data["features"]} == {
        "=cmd|' /C calc'!A0 Circuit court",
        "Le Drive fermier 39",
        'Le "Café" d\'Émile \\ 39',
    }
    assert all(set(f["properties"]) == {"id", "name"} and f["id"] == f["properties"]["id"] for f in data["features"])
    assert [f["id"] for f in data["features"]] == sorted(f["id"] for f in data["features"])
    assert client.get(reverse("initiatives:map_geojson"), {"department": "90"}).json() == {
        "type": "FeatureCollection",
        "features": [],
    }


@pytest.mark.parametrize("count", [1, 6])
def test_sheet_queries_do_not_grow_with_what_it_shows(client, initiative_factory, django_assert_max_num_queries, count):
    from rallynov.initiatives.models import InitiativePage
    from rallynov.organizations.models import Organization

    themes = ["circuits-courts", "jeunes", "handicap", "covoiturage", "epicerie-solidaire", "mobilite"][:count]
    sheet = initiative_factory("Le Drive fermier 39", commune="39300", themes=themes, sdgs=range(1, count + 1))
    sheet.organizations.add(*(Organization.objects.create(name=f"Partenaire {n}") for n in range(count)))
    sheet.save_revision().publish()
    for n in range(count):
        FollowUp.objects.create(initiative=sheet, date=f"2023-05-{n + 1:02d}", title=f"Étape {n}")
        initiative_factory(f"Voisine {n}", commune="39300", themes=themes)
    sheet = InitiativePage.objects.get(pk=sheet.pk)
    client.get(sheet.url)

    # The chrome included (site, programme, footer); 31 before the sheet was read with its commune
    # and image, its themes and structures once, its closest initiatives kept with the index, and
    # its breadcrumb taken from the pages routing had read.
    with django_assert_max_num_queries(23):
        response = client.get(sheet.url)

    html = response.content.decode()
    assert all(f"Étape {n}" in html and f"Partenaire {n}" in html for n in range(count))
    assert html.count('<li class="card"><h3>') == min(count, 4)
