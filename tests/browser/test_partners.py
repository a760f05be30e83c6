"""Partners and funders in a real browser."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def partners_demo(home_page, programme):
    from rallynov.organizations.demo import ORGANIZATIONS
    from rallynov.organizations.models import Organization
    from rallynov.partners import demo as partners_demo

    # The structures of the reports, without their communes (tests load only the programme's region).
    for name, acronym, kind, *_rest in ORGANIZATIONS:
        Organization.objects.create(name=name, acronym=acronym, kind=kind)
    partners_demo.load(programme=programme, log=lambda *a: None)


def test_partners_page_2014_is_accessible(live_server, page, partners_demo, assert_accessible, artifacts_dir):
    page.goto(live_server.url + "/partenaires/")
    assert page.locator("h1").inner_text() == "Partenaires et financeurs 2023"
    page.select_option("#annee", "2014")
    page.click(".filter-bar button")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Partenaires et financeurs 2014"
    assert page.locator("#role-comite + ul li").count() == 16
    assert page.locator(".lead").inner_text() == "17 structures engagées dans le programme en 2014."
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / "partners-2014.png", full_page=True)


def test_partner_detail_and_footer(live_server, page, partners_demo, assert_accessible, artifacts_dir):
    page.goto(live_server.url + "/partenaires/")
    footer_funders = page.locator("#footer-funders + ul li").all_inner_texts()
    assert footer_funders == ["DREETS", "FSE", "Région Bourgogne-Franche-Comté"]
    page.click("#footer-funders + ul >> text=FSE")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Fonds social européen (FSE)"
    assert "FSE+ 2021-2027" in page.locator("table").last.inner_text()
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / "partners-detail.png", full_page=True)
