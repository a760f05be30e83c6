"""Two programmes on one instance: each host, command and team sees only its own programme."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from rallynov.initiatives.tests.factories import make_initiative
from tests.trust.hosts import NATIONAL_HOST, OCC_HOST


def _call(*args, **options):
    out = io.StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("option", "expected"), [([], 0), (["--programme", "occitanie"], 1), (["--programme", "bfc"], 0)]
)
def test_export_initiatives_exports_the_named_programme(two_programmes, tmp_path, option, expected):
    sheets = two_programmes[2:]
    output = tmp_path / "export.csv"

    call_command("export_initiatives", "--output", str(output), *option)

    text = output.read_text(encoding="utf-8-sig")
    assert [sheet.title in text for sheet in sheets] == [expected == 0, expected == 1]


@pytest.mark.django_db
@pytest.mark.parametrize("command", ["figures", "export_initiatives", "import_initiatives", "report"])
def test_commands_refuse_an_unknown_programme_in_french(two_programmes, command, tmp_path):
    args = {
        "figures": ["--year", "2023"],
        "export_initiatives": [],
        "import_initiatives": [str(tmp_path / "x.csv")],
        "report": ["--year", "2023", "--output", str(tmp_path / "x.pdf")],
    }[command]
    (tmp_path / "x.csv").write_text("name\n", encoding="utf-8")

    with pytest.raises(CommandError) as refused:
        call_command(command, *args, "--programme", "atlantide")

    assert str(refused.value) == "Programme inconnu : « atlantide » (programmes existants : bfc, occitanie)."


@pytest.mark.django_db
def test_figures_of_each_programme_count_its_own_catalogue(two_programmes):
    _bfc, occ, _bfc_sheet, occ_sheet = two_programmes
    make_initiative(occ_sheet.get_parent().specific, occ, "Tiers-lieu de Montpellier", commune="34172")

    def new_initiatives(*option):
        figures = json.loads(_call("figures", "--year", "2020", "--format", "json", *option))["figures"]
        return next(f["value"] for f in figures if f["key"] == "initiatives.new")

    assert [
        new_initiatives(),
        new_initiatives("--programme", "occitanie"),
        new_initiatives("--programme", "bfc"),
    ] == [
        1,
        2,
        1,
    ]


def _api_names(client, host, query=""):
    response = client.get(f"/api/v1/initiatives{query}", HTTP_HOST=host)
    assert response.status_code == 200, response.content
    return sorted((item["name"], item["programme"]) for item in response.json()["results"])


DIJON = ("Épicerie solidaire de Dijon", "bfc")
LAURAGAIS = ("Covoiturage rural du Lauragais", "occitanie")


@pytest.mark.django_db
def test_api_of_each_host_lists_its_own_programme(two_programmes, client, any_host):
    assert _api_names(client, "localhost") == [DIJON]
    assert _api_names(client, OCC_HOST) == [LAURAGAIS]
    assert _api_names(client, "localhost", "?programme=occitanie") == [LAURAGAIS]
    assert _api_names(client, OCC_HOST, "?programme=bfc") == [DIJON]


@pytest.mark.django_db
def test_api_refuses_an_unknown_programme_in_french(two_programmes, client, any_host):
    response = client.get("/api/v1/initiatives?programme=atlantide", HTTP_HOST=OCC_HOST)

    assert response.status_code == 404
    assert response.json() == {"detail": "Programme inconnu : « atlantide »."}


@pytest.mark.django_db
def test_catalogue_and_sheet_of_a_host_show_only_its_programme(two_programmes, client, any_host):
    _bfc, _occ, bfc_sheet, occ_sheet = two_programmes

    occ_page = client.get("/initiatives/", HTTP_HOST=OCC_HOST).content.decode()
    bfc_page = client.get("/initiatives/", HTTP_HOST="localhost").content.decode()

    assert (occ_sheet.title in occ_page, bfc_sheet.title in occ_page) == (True, False)
    assert (occ_sheet.title in bfc_page, bfc_sheet.title in bfc_page) == (False, True)
    assert client.get(f"/api/v1/initiatives/{bfc_sheet.pk}", HTTP_HOST=OCC_HOST).status_code == 404
    assert client.get(f"/initiatives/carte/{bfc_sheet.pk}/", HTTP_HOST=OCC_HOST).status_code == 404


@pytest.mark.django_db
def test_national_site_lists_every_programme_with_links_to_the_regions(two_programmes, client, any_host):
    from rallynov.initiatives.national import create_national_site

    create_national_site(host=NATIONAL_HOST)

    assert _api_names(client, NATIONAL_HOST) == [LAURAGAIS, DIJON]
    assert _api_names(client, NATIONAL_HOST, "?programme=bfc") == [DIJON]
    page = client.get("/", HTTP_HOST=NATIONAL_HOST).content.decode()
    assert '<span class="brand-name">Carrefour des innovations sociales</span>' in page
    # Its menu offers what it gathers from every region, not the default programme's prize or events.
    menu = page.split('class="main-nav"', 1)[1].split("</nav>", 1)[0]
    assert ('href="/initiatives/"' in menu, 'href="/chiffres-cles/"' in menu) == (True, True)
    assert 'href="/prix/"' not in menu and 'href="/evenements/"' not in menu
    # Nor does its footer name the default programme's funders and partners as its own.
    footer = page.split('class="site-footer"', 1)[1]
    assert 'id="footer-funders"' not in footer and 'id="footer-partners"' not in footer
    assert '<h2 id="footer-programme" class="footer-title">Carrefour des innovations sociales</h2>' in footer
    assert 'href="http://occitanie.example.org/initiatives/covoiturage-rural-du-lauragais/"' in page
    assert 'href="http://localhost/initiatives/%C3%A9picerie-solidaire-de-dijon/"' in page
    assert 'id="f-programme-occitanie"' in page and 'id="f-programme-bfc"' in page
    filtered = client.get("/initiatives/?programme=occitanie", HTTP_HOST=NATIONAL_HOST).content.decode()
    assert ("Lauragais" in filtered, "Dijon</a>" in filtered) == (True, False)
    geojson = client.get("/api/v1/initiatives.geojson", HTTP_HOST=NATIONAL_HOST).json()
    assert sorted(f["properties"]["url"] for f in geojson["features"]) == [
        "http://localhost/initiatives/%C3%A9picerie-solidaire-de-dijon/",
        "http://occitanie.example.org/initiatives/covoiturage-rural-du-lauragais/",
    ]


def test_signaler_on_the_national_site_sends_to_each_region_and_files_nothing(two_programmes, client, any_host):
    """The national site has no team of its own: « Signaler » lists the regions' forms, and a
    submission posted to it is filed under no programme (not the default one)."""
    from rallynov.initiatives.models import Submission
    from rallynov.initiatives.national import create_national_site

    create_national_site(host=NATIONAL_HOST)
    page = client.get("/initiatives/signaler/", HTTP_HOST=NATIONAL_HOST).content.decode()
    assert 'href="http://occitanie.example.org/initiatives/signaler/"' in page
    assert 'href="http://localhost/initiatives/signaler/"' in page
    assert "<form" not in page.split("<main", 1)[1]
    before = Submission.objects.count()
    posted = client.post("/initiatives/signaler/", {"title": "Une idée"}, HTTP_HOST=NATIONAL_HOST)
    assert posted.status_code == 200 and Submission.objects.count() == before


@pytest.mark.django_db
def test_create_national_site_again_changes_nothing_and_a_taken_host_is_refused(two_programmes):
    from wagtail.models import Site

    from rallynov.core.programmes import ProgrammeError
    from rallynov.initiatives.national import create_national_site

    first, created = create_national_site(host=NATIONAL_HOST)
    again, created_again = create_national_site(host=NATIONAL_HOST)
    with pytest.raises(
        ProgrammeError, match="Le nom d'hôte « occitanie.example.org » sert déjà un autre site."
    ):
        create_national_site(host=OCC_HOST)

    assert (created, created_again, again.pk == first.pk, Site.objects.count()) == (True, False, True, 3)


@pytest.mark.django_db
def test_team_member_of_one_programme_cannot_edit_the_other(two_programmes, make_user, client):
    from rallynov.accounts import roles
    from rallynov.accounts.rules import can_edit_in_territory

    _bfc, _occ, bfc_sheet, occ_sheet = two_programmes
    bfc_team = make_user("equipe-bfc@example.org", roles.PROGRAMME_TEAM)
    occ_team = make_user("equipe-occ@example.org", "Équipe du programme · occitanie")

    assert [can_edit_in_territory(bfc_team, s) for s in (bfc_sheet, occ_sheet)] == [True, False]
    assert [can_edit_in_territory(occ_team, s) for s in (bfc_sheet, occ_sheet)] == [False, True]
    client.force_login(occ_team)
    assert client.get(f"/admin/pages/{occ_sheet.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{bfc_sheet.pk}/edit/").status_code == 302


@pytest.mark.django_db
def test_national_key_figures_add_up_the_regions_and_name_them(two_programmes, client, any_host):
    from rallynov.initiatives.national import create_national_site

    _bfc, occ, _bfc_sheet, occ_sheet = two_programmes
    make_initiative(occ_sheet.get_parent().specific, occ, "Tiers-lieu de Montpellier", commune="34172")
    create_national_site(host=NATIONAL_HOST)

    def new_initiatives(host, query=""):
        figures = client.get(f"/api/v1/figures/2020{query}", HTTP_HOST=host).json()["figures"]
        row = next(f for f in figures if f["key"] == "initiatives.new")
        return row["value"], row["details"].get("regions")

    assert new_initiatives(NATIONAL_HOST) == (3, ["Bourgogne-Franche-Comté", "Occitanie"])
    assert new_initiatives(NATIONAL_HOST, "?programme=occitanie")[0] == 2
    assert new_initiatives(OCC_HOST)[0] == 2
    assert new_initiatives("localhost")[0] == 1


@pytest.mark.django_db
def test_team_screens_of_a_host_refuse_another_programmes_team(two_programmes, make_user, client, any_host):
    from django.urls import reverse

    from rallynov.accounts import roles

    bfc_team = make_user("equipe-bfc@example.org", roles.PROGRAMME_TEAM)
    occ_team = make_user("equipe-occ@example.org", "Équipe du programme · occitanie")
    dashboard = reverse("reporting:dashboard")

    def status(user, host):
        client.force_login(user)
        return client.get(dashboard, HTTP_HOST=host).status_code

    assert [status(occ_team, OCC_HOST), status(occ_team, "localhost")] == [200, 403]
    assert [status(bfc_team, "localhost"), status(bfc_team, OCC_HOST)] == [200, 403]


@pytest.mark.django_db
def test_import_into_a_programme_files_the_sheets_under_its_catalogue(two_programmes, tmp_path):
    from rallynov.initiatives.models import InitiativePage

    _bfc, occ, _bfc_sheet, occ_sheet = two_programmes
    path = tmp_path / "occitanie.csv"
    path.write_text(
        "name;organization;commune_insee;year\nCantine solidaire de Toulouse;Asso Cantine;31555;2024\n",
        encoding="utf-8",
    )

    _call("import_initiatives", str(path), "--programme", "occitanie")

    page = InitiativePage.objects.get(title="Cantine solidaire de Toulouse")
    assert (page.programme_id, page.get_parent().pk) == (occ.pk, occ_sheet.get_parent().pk)
