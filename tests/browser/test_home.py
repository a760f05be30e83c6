"""The public site shell in a real browser: home page, legal pages, accessibility, screenshots."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_is_accessible_on_desktop_and_phone(live_server, page, home_page, assert_accessible, artifacts_dir):
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "Rally'nov Bourgogne-Franche-Comté"
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / "home-desktop.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / "home-phone.png", full_page=True)
    assert page.console_errors == []


def test_skip_link_moves_focus_to_the_content(live_server, page, home_page):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Aller au contenu"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#contenu"


@pytest.mark.parametrize("path", ["/mentions-legales/", "/donnees-personnelles/", "/accessibilite/", "/plan-du-site/"])
def test_legal_pages_are_accessible(live_server, page, home_page, assert_accessible, path):
    response = page.goto(live_server.url + path)
    assert response.status == 200
    assert_accessible(page)


def test_not_found_page_is_french_and_accessible(live_server, page, home_page, assert_accessible):
    response = page.goto(live_server.url + "/cette-page-n-existe-pas/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page introuvable"
    assert_accessible(page)


def test_login_page_is_accessible(live_server, page, home_page, assert_accessible):
    page.goto(live_server.url + "/comptes/login/")
    assert_accessible(page)


def test_language_switch_to_english(live_server, page, home_page):
    page.goto(live_server.url + "/")
    page.click(".lang-switch a[lang=en]")
    page.wait_for_load_state()
    assert page.url == live_server.url + "/en/"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator(".skip-link").first.inner_text() == "Skip to content"
    assert page.context.cookies() == []
