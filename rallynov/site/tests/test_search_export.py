import csv
import datetime
import io

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["événements", "evenements", "EVENEMENTS", "Événements"])
def test_search_ignores_case_and_accents(client, make_article, query):
    make_article("Rally'nov sur les salons", datetime.date(2014, 5, 15), body_text="Plusieurs événements régionaux.")
    make_article("Euwin à Sofia", datetime.date(2014, 9, 30))

    response = client.get("/recherche/", {"q": query})

    assert [p.title for p in response.context["results"]] == ["Rally'nov sur les salons"]


def test_search_finds_legal_pages_and_not_drafts(client, make_article):
    make_article("Accessibilité des brouillons", datetime.date(2023, 1, 1), live=False)

    response = client.get("/recherche/", {"q": "accessibilite"})

    assert [p.title for p in response.context["results"]] == ["Déclaration d'accessibilité"]


def test_search_empty_query_explains(client, site_pages):
    response = client.get("/recherche/", {"q": "   "})

    assert "Saisissez au moins un mot à rechercher." in response.content.decode()
    assert response.context["results"] is None


def test_search_without_results_says_so(client, site_pages):
    html = client.get("/recherche/", {"q": "zzzyyyxxx"}).content.decode()

    assert "Aucun résultat pour « zzzyyyxxx »" in html


def test_search_very_long_query_is_cut(client, site_pages):
    response = client.get("/recherche/", {"q": "innovation " * 100})

    assert response.status_code == 200
    assert len(response.context["query"]) == 200


@pytest.fixture
def subscribers(db):
    from rallynov.organizations.models import Organization, Person

    org = Organization.objects.create(name="Cress Franche-Comté", kind="reseau")
    now = timezone.now()
    Person.objects.create(first_name="Alice", last_name="Martin", email="alice@example.org", organization=org,
                          newsletter_consent_at=now)
    Person.objects.create(first_name="=HYPERLINK()", last_name="Piège", email="piege@example.org",
                          newsletter_consent_at=now)
    Person.objects.create(first_name="Bob", last_name="Sans accord", email="bob@example.org")
    Person.objects.create(last_name="Personne effacée", email="", newsletter_consent_at=now, erased_at=now)


def test_newsletter_csv_has_only_consenting_contacts(client, team_member, subscribers, site_pages):
    client.force_login(team_member)

    response = client.get("/actualites/abonnes.csv")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="lettre-information-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert rows == [
        ["Prénom", "Nom", "E-mail", "Structure", "Accord donné le"],
        ["Alice", "Martin", "alice@example.org", "Cress Franche-Comté", today],
        ["'=HYPERLINK()", "Piège", "piege@example.org", "", today],
    ]


def test_newsletter_xlsx_opens(client, team_member, subscribers, site_pages):
    from openpyxl import load_workbook

    client.force_login(team_member)

    response = client.get("/actualites/abonnes.xlsx")

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [row[2] for row in sheet.iter_rows(values_only=True)] == ["E-mail", "alice@example.org", "piege@example.org"]


def test_newsletter_export_is_refused_to_partner_editors(client, partner_editor, subscribers, site_pages):
    client.force_login(partner_editor)

    assert client.get("/actualites/abonnes.csv").status_code == 403


def test_newsletter_export_asks_anonymous_to_log_in(client, subscribers, site_pages):
    response = client.get("/actualites/abonnes.csv")

    assert response.status_code == 302
    assert response.url.startswith("/comptes/login/")


def test_unknown_export_format_is_not_found(client, team_member, site_pages):
    client.force_login(team_member)

    assert client.get("/actualites/abonnes.pdf").status_code == 404
