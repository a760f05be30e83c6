"""Key figures, dashboard, indicators and the report page in a real browser: accessibility, no
inline script or style (strict CSP), screenshots to look at."""

from types import SimpleNamespace

import pytest

from rallynov.core.figures import Figure
from rallynov.reporting import keyfigures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _part(figures_by_year):
    def figures(*, programme, year):
        return figures_by_year.get(year, [])

    return SimpleNamespace(__name__="fake.figures", figures=figures)


@pytest.fixture
def log_in(live_server):
    """Open a session for `user` in the browser (the login form itself is tested by accounts)."""

    def do(page, user):
        from django.conf import settings
        from django.test import Client

        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])

    return do


@pytest.fixture
def figures_2023(monkeypatch):
    """Initiatives and events parts as the 2023 report tells them; the other parts absent."""
    participants = Figure(
        key="events.participants",
        label="Participants aux événements",
        value=218,
        part="events",
        details={
            "by_event": [{"id": 1, "title": "Rencontre régionale", "participants": 143, "structures": 90}],
            "by_kind": {"entreprise": 150, "association": 68},
            "by_size_band": {"10-49": 218},
            "by_department": {"21": 200, "25": 18},
        },
    )
    modules = {
        "initiatives": _part(
            {
                2023: [
                    Figure(
                        key="initiatives.new",
                        label="Nouvelles innovations sociales",
                        value=15,
                        part="initiatives",
                        records_url="/",
                    ),
                    Figure(
                        key="initiatives.total",
                        label="Initiatives dans le catalogue",
                        value=163,
                        part="initiatives",
                    ),
                ],
                2022: [
                    Figure(
                        key="initiatives.new",
                        label="Nouvelles innovations sociales",
                        value=12,
                        part="initiatives",
                    )
                ],
            }
        ),
        "events": _part(
            {
                2023: [participants],
                2022: [Figure(key="events.video_views", label="Vues des vidéos", value=2882, part="events")],
            }
        ),
    }
    monkeypatch.setattr(keyfigures, "figure_modules", lambda: modules)


@pytest.fixture
def initiatives_2023(home_page, programme):
    from rallynov.initiatives.indexing import index_initiative
    from rallynov.initiatives.models import CataloguePage, InitiativePage
    from rallynov.territories.models import Commune

    catalogue = CataloguePage(title="Observatoire", slug="observatoire-test")
    home_page.add_child(instance=catalogue)
    for title, insee in (("Les Délices Bleus", "21231"), ("Métalhom", "25097")):
        commune = Commune.objects.get(insee=insee)
        page = InitiativePage(title=title, programme=programme, year=2023, main_commune=commune)
        catalogue.add_child(instance=page)
        # Published: in the catalogue, where the dashboard's charts and map read it.
        index_initiative(page)


def test_figures_page_is_accessible(
    live_server, page, home_page, figures_2023, assert_accessible, artifacts_dir
):
    page.goto(f"{live_server.url}/chiffres-cles/?annee=2023")

    assert page.locator("h1").inner_text() == "Chiffres clés 2023"
    assert page.locator(".figure-value").all_inner_texts()[:3] == ["15", "163", "218"]
    assert page.locator(".figure-note").first.inner_text() == "(en 2022)"
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / "reporting-figures.png", full_page=True)
    assert page.console_errors == []


def test_year_selector_works_without_javascript(live_server, browser, home_page, figures_2023):
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    page = context.new_page()
    page.goto(f"{live_server.url}/chiffres-cles/?annee=2023")

    page.select_option("#id_annee", "2022")
    page.click(".year-form button")

    assert page.locator("h1").inner_text() == "Chiffres clés 2022"
    assert page.locator(".figure-value").first.inner_text() == "12"
    context.close()


def test_dashboard_with_charts_tables_and_map(
    live_server,
    page,
    log_in,
    home_page,
    team_member,
    figures_2023,
    initiatives_2023,
    assert_accessible,
    artifacts_dir,
):
    log_in(page, team_member)
    page.goto(f"{live_server.url}/chiffres-cles/tableau-de-bord/?annee=2023")

    assert page.locator("h1").inner_text() == "Tableau de bord 2023"
    assert page.locator("svg.chart").count() >= 3
    page.wait_for_selector(
        "#dashboard-map .leaflet-marker-pane path, #dashboard-map .leaflet-overlay-pane path"
    )
    assert page.locator("#dashboard-map .leaflet-interactive").count() >= 2
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / "reporting-dashboard.png", full_page=True)
    assert [e for e in page.console_errors if "tile" not in e.lower() and "ERR_" not in e] == []


def test_indicators_page_is_accessible(
    live_server, page, log_in, home_page, team_member, figures_2023, assert_accessible, artifacts_dir
):
    log_in(page, team_member)
    page.goto(f"{live_server.url}/chiffres-cles/indicateurs-financeurs/?annee=2023")

    assert page.locator("table caption").first.inner_text() == "Type de structure"
    with page.expect_download() as download:
        page.click("text=Télécharger le tableur (XLSX)")
    assert download.value.suggested_filename == "indicateurs-participants-2023.xlsx"
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / "reporting-indicators.png", full_page=True)


def test_report_page_is_accessible(
    live_server, page, programme, figures_2023, initiatives_2023, assert_accessible, artifacts_dir
):
    from rallynov.reporting.models import ReportEdition

    ReportEdition.objects.create(
        programme=programme,
        year=2023,
        is_published=True,
        cover_title="Une année de travail collaboratif et exploratoire",
        intro="Rally'nov, financé par l'État, la Région et le FSE, draine toujours plus de partenaires.",
    )
    page.goto(f"{live_server.url}/bilan/2023/")

    assert page.locator("h1").inner_text() == "Bilan 2023 — Une année de travail collaboratif et exploratoire"
    # The figure initiatives.new (15 here, as on the key-figures page), not a count of the list.
    assert page.locator("#initiatives").inner_text() == "15 initiatives recensées en 2023"
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / "reporting-report.png", full_page=True)
    assert page.console_errors == []
