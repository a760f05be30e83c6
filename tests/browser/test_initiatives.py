"""The observatory in a real browser: search, facets, the map following the list, a sheet and its
PDF, a public report then its moderation. Every page is checked with axe-core."""

import shutil
import subprocess

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def observatory(home_page, programme):
    from rallynov.initiatives.demo import seed_reference
    from rallynov.initiatives.domain import ensure_catalogue
    from rallynov.initiatives.models import FollowUp
    from rallynov.initiatives.tests.factories import make_initiative

    seed_reference()
    catalogue = ensure_catalogue(programme=programme)
    pages = {
        "mas": make_initiative(
            catalogue, programme, "Le Mas d'Héricourt", commune="70285", year=2014, themes=["epicerie-solidaire"],
            sdgs=[1, 2], laureate_year=2014, summary="Une des premières épiceries solidaires de France.",
            description="<p>Créée en 1998 pour aider les plus démunis.</p><ul><li>Dons alimentaires</li></ul>",
        ),
        "drive": make_initiative(
            catalogue, programme, "Le Drive fermier 39", commune="39300", year=2014, themes=["circuits-courts"],
            laureate_year=2014, summary="28 agriculteurs vendent leurs produits en ligne.",
        ),
        "covoiturage": make_initiative(
            catalogue, programme, "Covoiturage domicile-travail", commune="25462", year=2014, themes=["covoiturage"],
            kind="entreprise", summary="Un véhicule partagé pour venir au travail.",
        ),
        "delices": make_initiative(
            catalogue, programme, "Les Délices Bleus", commune="21231", year=2022, themes=["handicap", "jeunes"],
            laureate_year=2022, summary="Un restaurant dont l'équipe compte trois jeunes autistes.",
        ),
        "epicerie_dijon": make_initiative(
            catalogue, programme, "Épicerie solidaire de Dijon", commune="21231", year=2023,
            themes=["epicerie-solidaire"], summary="Des produits à petits prix.",
        ),
    }
    FollowUp.objects.create(initiative=pages["mas"], date="2023-04-15", title="Nouveau local", people_reached=300)
    return pages


def block_tiles(page):
    # No network in tests: the tile server is unreachable, as it may be in real life.
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())


def expect_count(page, results, markers):
    # Playwright's locator assertions run in its own world: the strict CSP (no eval) allows them.
    expect(page.locator("#results-title")).to_have_text(results, timeout=30_000)
    expect(page.locator("#catalogue-map")).to_have_attribute("data-count", str(markers), timeout=30_000)


def test_search_facets_and_map_follow_each_other(live_server, page, observatory, assert_accessible, artifacts_dir):
    block_tiles(page)
    page.goto(f"{live_server.url}/initiatives/")
    expect_count(page, "5 initiatives", 5)
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / "initiatives-catalogue.png", full_page=True)

    # Full-text search in French, live (HTMX): the list, the URL and the map follow.
    page.fill("#q", "epiceries solidaires")
    expect_count(page, "2 initiatives", 2)
    assert "q=epiceries%20solidaires" in page.url  # HTMX pushes the form as the URL

    # A facet narrows the set; counts of the other facets follow.
    page.check("#f-department-70")
    expect_count(page, "1 initiative", 1)
    assert page.locator(".result-title").all_inner_texts() == ["Le Mas d'Héricourt"]
    assert "department=70" in page.url
    assert page.locator("#catalogue-status").inner_text() == "1 initiative trouvée"
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / "initiatives-catalogue-filtered.png", full_page=True)

    # The URL can be shared: opening it gives the same list.
    shared = page.url
    other = page.context.new_page()
    other.goto(shared)
    assert other.locator(".result-title").all_inner_texts() == ["Le Mas d'Héricourt"]
    assert other.locator("#f-department-70").is_checked()

    # A marker opens the initiative's card.
    page.locator(".leaflet-marker-icon").first.click()
    page.wait_for_selector(".leaflet-popup .map-card-title", timeout=30_000)
    assert page.locator(".leaflet-popup .map-card-title").inner_text() == "Le Mas d'Héricourt"
    assert "Le fond de carte n'a pas pu être chargé" in page.locator("#map-message").inner_text()


def test_catalogue_works_without_javascript(live_server, browser, observatory):
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.goto(f"{live_server.url}/initiatives/")
    page.check("#f-theme-solidarite")
    page.click("text=Appliquer les filtres")
    page.wait_for_load_state()
    assert page.locator("#results-title").inner_text() == "2 initiatives"
    assert "theme=solidarite" in page.url
    # No axe run here: axe is JavaScript, and this page is the one axe checks with JavaScript on.
    context.close()


def test_sheet_and_its_pdf(live_server, page, observatory, assert_accessible, artifacts_dir, tmp_path):
    block_tiles(page)
    page.goto(f"{live_server.url}/initiatives/?q=mas+hericourt")
    page.click("text=Le Mas d'Héricourt")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Le Mas d'Héricourt"
    assert page.locator(".badge").first.inner_text() == "Lauréate du prix de l'innovation sociale 2014"
    assert "Nouveau local" in page.locator(".timeline").inner_text()
    assert page.locator("#s-related").count() == 1
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / "initiatives-sheet.png", full_page=True)

    href = page.get_attribute("a[href$='fiche.pdf']", "href")
    response = page.request.get(live_server.url + href)
    assert response.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "fiche.pdf"
    pdf.write_bytes(response.body())
    assert pdf.read_bytes()[:5] == b"%PDF-"
    (artifacts_dir / "initiatives-fiche.pdf").write_bytes(pdf.read_bytes())
    # poppler-utils, fixed arguments: the rendered pages are looked at, the text is checked.
    pdftoppm, pdftotext = shutil.which("pdftoppm"), shutil.which("pdftotext")
    subprocess.run([pdftoppm, "-png", "-r", "50", str(pdf), str(artifacts_dir / "initiatives-fiche")], check=True)  # noqa: S603
    text = subprocess.run([pdftotext, str(pdf), "-"], check=True, capture_output=True, text=True).stdout  # noqa: S603
    assert "Le Mas d'Héricourt" in text
    assert "Lauréate du prix de l'innovation sociale 2014" in text
    assert "Créée en 1998 pour aider les plus démunis." in text


def test_report_an_initiative_then_moderate_it(live_server, page, observatory, team_member, login, assert_accessible, artifacts_dir):
    from django.core import mail

    from rallynov.initiatives.models import CatalogueEntry, Submission

    page.goto(f"{live_server.url}/initiatives/signaler/")
    assert_accessible(page)
    page.check("input[value=porteur]")
    page.fill("#id_title", "Épicerie solidaire de Dijon Nord")
    page.fill("#id_organization_name", "Association Dijon Solidaire")
    page.fill("#id_commune", "Dijonn")
    page.fill("#id_summary", "Une épicerie à petits prix.")
    page.fill("#id_submitter_name", "Claire Durand")
    page.fill("#id_submitter_email", "claire@example.org")
    page.check("#id_consent")
    page.click("text=Envoyer le signalement")
    page.wait_for_load_state()
    # A typo in the commune: a French message tied to the field, the rest kept.
    assert "Commune inconnue : « Dijonn ». Vouliez-vous dire : Dijon (21, 21000) ?" in page.inner_text("#id_commune-errors")
    assert page.input_value("#id_title") == "Épicerie solidaire de Dijon Nord"
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / "initiatives-report-error.png", full_page=True)
    page.fill("#id_commune", "Dijon")
    page.check("#id_consent")
    page.click("text=Envoyer le signalement")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Signalement envoyé"
    submission = Submission.objects.get()
    assert any(m.to == ["claire@example.org"] for m in mail.outbox)

    # The moderator sees the possible duplicate, then publishes.
    login(page, team_member)
    page.goto(f"{live_server.url}/admin/initiatives/signalements/")
    assert "Épicerie solidaire de Dijon" in page.inner_text("table")
    page.screenshot(path=artifacts_dir / "initiatives-moderation.png", full_page=True)
    page.goto(f"{live_server.url}/admin/pages/{submission.initiative_id}/edit/")
    assert "Doublon possible" in page.content()
    submission.initiative.get_latest_revision().publish(user=team_member)
    assert CatalogueEntry.objects.filter(pk=submission.initiative_id).exists()
    page.goto(f"{live_server.url}/initiatives/?q=dijon+nord")
    assert page.locator(".result-title").all_inner_texts() == ["Épicerie solidaire de Dijon Nord"]
