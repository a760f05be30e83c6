import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from rallynov.reporting.models import ReportEdition

pytestmark = pytest.mark.django_db


def _events_with_details(fake_parts, **extra):
    from rallynov.core.figures import Figure

    participants = Figure(
        key="events.participants",
        label="Participants aux événements",
        value=218,
        part="events",
        records_url="/evenements/?annee=2023",
        details={
            "by_event": [
                {"id": 1, "title": "Séminaire de lancement", "participants": 22, "structures": 16},
                {"id": 2, "title": "Les Défis de l'IS", "participants": 53, "structures": 30},
                {
                    "id": 3,
                    "title": "Rencontre régionale de l'innovation sociale",
                    "participants": 143,
                    "structures": 90,
                },
            ],
            "by_kind": {"entreprise": 120, "association": 60, "": 38},
            "by_size_band": {"10-49": 100, "1-9": 80, "": 38},
            "by_department": {"21": 150, "25": 68},
        },
    )
    return fake_parts({"events": {2023: {"events.count": 3, "events.participants": participants}}, **extra})


def test_figures_page_shows_values_links_and_missing_parts(client, home_page, fake_parts):
    fake_parts({"initiatives": {2023: {"initiatives.new": 15, "initiatives.total": 163}}})

    response = client.get(reverse("reporting:figures"), {"annee": "2023"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Chiffres clés 2023</h1>" in html
    assert '<span class="figure-value">163</span>' in html
    assert 'href="/initiatives/?annee=2023"' in html
    assert (
        html.count('<span class="figure-status">pas encore disponible</span>')
        == len(response.context["figures"].rows) - 2
    )
    assert "Partie pas encore en service : Prix de l&#x27;innovation sociale" in html


def test_figures_page_bad_year_gets_a_french_message(client, home_page, fake_parts):
    fake_parts({})

    response = client.get(reverse("reporting:figures"), {"annee": "deux-mille"})

    assert response.status_code == 400
    assert (
        "Choisissez une année de la liste (deux-mille n&#x27;en fait pas partie)."
        in response.content.decode()
    )
    assert 'aria-describedby="annee-erreur"' in response.content.decode()


def test_figures_page_year_without_data_is_graceful(client, home_page, fake_parts):
    fake_parts({"initiatives": {}})

    response = client.get(reverse("reporting:figures"), {"annee": "2016"})

    assert response.status_code == 200
    assert "Aucune donnée n'est encore enregistrée pour 2016." in response.content.decode()


def test_figures_page_defaults_to_the_latest_complete_year(client, home_page, fake_parts, make_initiative):
    fake_parts({})
    make_initiative("Épicerie solidaire", year=2023)

    response = client.get(reverse("reporting:figures"))

    assert response.context["year"] == 2023


def test_api_figures_of_a_year(client, home_page, fake_parts):
    fake_parts({"initiatives": {2023: {"initiatives.new": 15}}})

    data = client.get("/api/v1/figures/2023").json()

    assert data["year"] == 2023
    assert data["programme"] == "Rally'nov Bourgogne-Franche-Comté"
    first = data["figures"][0]
    assert (first["key"], first["value"], first["available"]) == ("initiatives.new", 15, True)
    assert first["records_url"] == "http://testserver/initiatives/?annee=2023"
    laureates = next(f for f in data["figures"] if f["key"] == "awards.laureates")
    assert (laureates["value"], laureates["status"]) == (None, "pas encore disponible")


@pytest.mark.parametrize("year", ["1800", "3000"])
def test_api_refuses_a_year_out_of_range(client, home_page, fake_parts, year):
    fake_parts({})

    response = client.get(f"/api/v1/figures/{year}")

    assert response.status_code == 404
    assert response.json()["detail"].startswith("L'année doit être comprise entre 1990 et")


def test_api_refuses_a_year_that_is_not_a_number(client, home_page):
    response = client.get("/api/v1/figures/abc")

    assert response.status_code == 422
    assert response.json() == {"detail": "L'année doit être un nombre, par exemple 2023."}


def test_dashboard_compares_with_previous_year(client, home_page, team_member, fake_parts, make_initiative):
    fake_parts({"initiatives": {2023: {"initiatives.new": 15}, 2022: {"initiatives.new": 10}}})
    make_initiative("Les Délices Bleus", year=2023)
    client.force_login(team_member)

    response = client.get(reverse("reporting:dashboard"), {"annee": "2023"})

    html = response.content.decode()
    comparison = {item["row"].key: item for item in response.context["comparison"]}
    assert comparison["initiatives.new"]["change"] == {"difference": 5, "percent": 50, "direction": "up"}
    assert comparison["awards.laureates"]["change"] is None
    assert '<span class="change change-up">+5 (+50 %)</span>' in html
    assert response.context["by_department"] == [("Côte-d'Or (21)", 1)]
    assert response.context["map_points"][0]["title"] == "Les Délices Bleus"
    assert 'id="dashboard-map-points"' in html
    assert '<svg class="chart"' in html


def test_dashboard_is_for_the_team_only(client, home_page, applicant):
    assert client.get(reverse("reporting:dashboard")).status_code == 302
    client.force_login(applicant)
    assert client.get(reverse("reporting:dashboard")).status_code == 403


def test_indicators_by_kind_size_and_department(client, home_page, team_member, fake_parts):
    _events_with_details(fake_parts)
    client.force_login(team_member)

    response = client.get(reverse("reporting:indicators"), {"annee": "2023"})

    tables = {table["key"]: table["rows"] for table in response.context["indicators"]["tables"]}
    assert tables["by_kind"] == [
        ("Entreprise", 120, 55.0),
        ("Association", 60, 27.5),
        ("Non renseigné", 38, 17.4),
    ]
    assert tables["by_size_band"][0] == ("10 à 49 salariés", 100, 45.9)
    assert tables["by_department"] == [("Côte-d'Or (21)", 150, 68.8), ("Doubs (25)", 68, 31.2)]


def test_indicators_export_xlsx(client, home_page, team_member, fake_parts):
    _events_with_details(fake_parts)
    client.force_login(team_member)

    response = client.get(reverse("reporting:indicators_export"), {"annee": "2023"})

    assert response["Content-Disposition"] == 'attachment; filename="indicateurs-participants-2023.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Programme", "Année", "Indicateur", "Modalité", "Participants", "Part (%)")
    assert rows[1] == ("Rally'nov Bourgogne-Franche-Comté", 2023, "Type de structure", "Entreprise", 120, 55)
    assert rows[-1] == (
        "Rally'nov Bourgogne-Franche-Comté",
        2023,
        "Total",
        "Participants aux actions de l'année",
        218,
        100,
    )


def test_indicators_without_events_part_say_so(client, home_page, team_member, fake_parts):
    fake_parts({})
    client.force_login(team_member)

    response = client.get(reverse("reporting:indicators"), {"annee": "2023"})

    assert (
        "Pas encore disponible : la partie « Événements » n'est pas encore en service."
        in response.content.decode()
    )


def test_report_page_public_once_published(client, home_page, programme, fake_parts, applicant):
    fake_parts({"initiatives": {2014: {"initiatives.total": 80}}})
    edition = ReportEdition.objects.create(
        programme=programme, year=2014, cover_title="Les innovations sociales s'affirment"
    )
    url = reverse("reporting:report", args=[2014])

    assert client.get(url).status_code == 404
    client.force_login(applicant)
    assert client.get(url).status_code == 404
    edition.is_published = True
    edition.save()
    response = client.get(url)

    assert response.status_code == 200
    assert "Bilan 2014 — Les innovations sociales s&#x27;affirment" in response.content.decode()


def test_report_page_preview_for_the_team(client, home_page, team_member, fake_parts):
    fake_parts({})
    client.force_login(team_member)

    response = client.get(reverse("reporting:report", args=[2023]))

    assert response.status_code == 200
    assert "Aperçu réservé à l'équipe" in response.content.decode()


def test_report_pdf_is_a_pdf(client, home_page, team_member, fake_parts):
    fake_parts({"initiatives": {2023: {"initiatives.new": 15}}})
    client.force_login(team_member)

    response = client.get(reverse("reporting:report_pdf", args=[2023]))

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_admin_generates_and_stores_the_pdf(client, home_page, programme, team_member, fake_parts):
    from rallynov.core.models import AuditEntry

    fake_parts({})
    edition = ReportEdition.objects.create(
        programme=programme, year=2023, intro="Une année de travail collaboratif."
    )
    client.force_login(team_member)
    url = reverse("reporting_generate_report", args=[edition.pk])

    assert "Générer le bilan PDF" in client.get(url).content.decode()
    response = client.post(url)

    edition.refresh_from_db()
    assert response.content.startswith(b"%PDF-")
    assert edition.pdf.name == "bilans/bilan-bfc-2023.pdf"
    assert edition.pdf_generated_at is not None
    assert AuditEntry.objects.get().action == "generate_report"


def test_admin_generate_refused_to_partner_editors(client, home_page, programme, partner_editor):
    edition = ReportEdition.objects.create(programme=programme, year=2023)
    client.force_login(partner_editor)

    response = client.post(reverse("reporting_generate_report", args=[edition.pk]))

    edition.refresh_from_db()
    # Wagtail's admin turns a refusal into a redirect to the dashboard with a message.
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert not edition.pdf


def test_admin_listing_offers_the_generate_button(client, home_page, programme, superuser):
    edition = ReportEdition.objects.create(programme=programme, year=2023)
    client.force_login(superuser)

    response = client.get("/admin/snippets/reporting/reportedition/")

    assert response.status_code == 200
    assert reverse("reporting_generate_report", args=[edition.pk]) in response.content.decode()
    assert "Générer le bilan PDF" in response.content.decode()


def test_personal_space_links_the_team_to_its_tools(client, home_page, team_member, applicant):
    client.force_login(team_member)
    html = client.get(reverse("accounts:dashboard")).content.decode()
    assert 'href="/chiffres-cles/tableau-de-bord/"' in html
    assert 'href="/admin/snippets/reporting/reportedition/"' in html

    client.force_login(applicant)
    assert "/chiffres-cles/tableau-de-bord/" not in client.get(reverse("accounts:dashboard")).content.decode()


def test_published_report_pdf_is_generated_once_and_kept(client, home_page, programme, fake_parts):
    fake_parts({})
    edition = ReportEdition.objects.create(programme=programme, year=2014, is_published=True)
    url = reverse("reporting:report_pdf", args=[2014])

    first = client.get(url)
    edition.refresh_from_db()
    second = client.get(url)

    assert first.content.startswith(b"%PDF-")
    assert edition.pdf.name == "bilans/bilan-bfc-2014.pdf"
    assert b"".join(second.streaming_content) == first.content


def test_dashboard_breakdowns_add_up_to_the_new_initiatives_figure(
    client, home_page, team_member, make_initiative
):
    # The real figures (no stand-ins): the charts and the figure read the same catalogue.
    make_initiative("Les Délices Bleus", year=2023)
    make_initiative("Métalhom", year=2023, commune_insee="25097")
    make_initiative("Le Drive fermier 39", year=2022)
    client.force_login(team_member)

    response = client.get(reverse("reporting:dashboard"), {"annee": "2023"})

    new = response.context["figures"].value("initiatives.new")
    assert new == 2
    assert response.context["by_department"] == [("Côte-d'Or (21)", 1), ("Doubs (25)", 1)]
    assert sum(n for _label, n in response.context["by_department"]) == new
    assert [point["title"] for point in response.context["map_points"]] == ["Les Délices Bleus", "Métalhom"]
