"""Phone first, in a real browser at 390 × 844.

Every public page (tests/trust/public_pages.py: the parts' public URLs from the permission
matrix and every live page of the page tree, so a new page without a case fails the matrix)
fits the screen's width and is clean for axe-core; the catalogue shows its search box and first
results first, the facets in a « Filtrer » panel and the map behind « Carte »; the main menu
folds behind a button that works without JavaScript.
"""

import pytest
from django.test import Client

from tests.trust.public_pages import matrix_context, public_paths

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.timeout(1200)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def block_tiles(page):
    # No network in tests: the tile server is unreachable.
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())


@pytest.fixture
def ctx(request, programme, home_page):
    return matrix_context(request)


def html_pages(ctx):
    """The public paths that answer a page of HTML (not a download, a feed or JSON)."""
    pages = []
    # The API's interactive documentation (/api/v1/docs) is Swagger UI's own page, not the site's.
    for path in (p for p in public_paths(ctx) if not p.startswith("/api/")):
        response = Client().get(path)
        if response.streaming:
            for closer in response._resource_closers:
                closer()
            continue
        is_html = response.status_code == 200 and response.get("Content-Type", "").startswith("text/html")
        if is_html and b"<html" in response.content[:500]:  # a whole page, not an HTMX fragment or a map card
            pages.append(path)
    return pages


def test_every_public_page_fits_a_phone_and_is_accessible(ctx, live_server, page, assert_accessible, settings):
    settings.RATELIMIT_ENABLE = False
    block_tiles(page)
    page.set_viewport_size(PHONE)
    paths = html_pages(ctx)
    assert len(paths) > 30  # the walk found the site's pages
    failures = []
    for path in paths:
        page.goto(live_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            failures.append(f"{path} : {width} px de large")
        try:
            assert_accessible(page)
        except AssertionError as exc:
            failures.append(f"{path} : {exc}")
    assert failures == []


def test_catalogue_on_a_phone_shows_search_and_results_first(ctx, live_server, page, artifacts_dir, settings):
    settings.RATELIMIT_ENABLE = False
    block_tiles(page)
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/initiatives/?year=2014&laureate=oui")
    page.screenshot(path=artifacts_dir / "phone-catalogue.png", full_page=True)

    facets = page.locator("details.facets-fold")
    carte = page.locator("details#carte")
    assert (facets.get_attribute("open"), carte.get_attribute("open")) == (None, None)
    assert page.locator(".facets-toggle").inner_text() == "Filtrer 2 filtres actifs"
    assert page.locator("#q").bounding_box()["y"] < PHONE["height"]
    results_top = page.locator("#results-title").bounding_box()["y"]
    assert results_top < PHONE["height"] * 1.5  # was about 4,000 px down with the facets unfolded

    page.click(".facets-toggle")
    assert page.locator(".facet").first.is_visible()
    page.click(".map-toggle")
    box = page.locator("#catalogue-map").bounding_box()
    assert box["width"] > 300 and box["height"] > 200
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_catalogue_on_a_desktop_shows_facets_and_map_open(ctx, live_server, page, artifacts_dir, settings):
    settings.RATELIMIT_ENABLE = False
    block_tiles(page)
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + "/initiatives/")
    page.screenshot(path=artifacts_dir / "desktop-catalogue.png", full_page=True)

    assert page.locator("details.facets-fold").get_attribute("open") == ""
    assert page.locator("details#carte").get_attribute("open") == ""
    assert not page.locator(".facets-toggle").is_visible()
    assert page.locator(".facet").first.is_visible()


def test_main_menu_folds_behind_a_button_on_a_phone(live_server, page, home_page, artifacts_dir):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/")
    menu_link = page.locator(".main-nav a").first

    assert not menu_link.is_visible()
    page.keyboard.press("Tab")  # skip links first, then the header's links, then the menu button
    page.locator(".nav-toggle").focus()
    page.keyboard.press("Enter")
    assert menu_link.is_visible()
    page.screenshot(path=artifacts_dir / "phone-menu-open.png")

    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + "/")
    assert page.locator(".main-nav a").first.is_visible()
    assert not page.locator(".nav-toggle").is_visible()


def test_main_menu_is_reachable_without_javascript(live_server, browser, home_page):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE, locale="fr-FR")
    try:
        page = context.new_page()
        page.goto(live_server.url + "/")
        links = page.locator(".main-nav a")
        assert links.count() > 3
        assert all(links.nth(i).is_visible() for i in range(links.count()))
        assert page.locator("details.nav-fold").get_attribute("open") == ""
    finally:
        context.close()
