"""The public site in a real browser: news, article, feeds, search, and the audience report."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_news_list_and_article_are_accessible(live_server, page, site_demo, assert_accessible, artifacts_dir):
    page.goto(live_server.url + "/actualites/")
    assert page.locator("h1").inner_text() == "Actualités"
    titles = page.locator(".news-card-title").all_inner_texts()
    assert titles[0] == "Rencontre régionale de l'innovation sociale à Dijon"
    assert titles[-1] == "Une vingtaine de partenaires mobilisés pour la 2e édition"
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / "site-news.png", full_page=True)

    page.click("text=Rencontre régionale de l'innovation sociale à Dijon")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Rencontre régionale de l'innovation sociale à Dijon"
    assert page.locator("time").first.inner_text() == "26 septembre 2023"
    alt = page.locator(".news-image img").get_attribute("alt")
    assert alt.startswith("Illustration abstraite")
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / "site-article.png", full_page=True)
    assert page.console_errors == []


def test_news_tag_filter_works_without_javascript(live_server, browser, site_demo):
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    page = context.new_page()
    page.goto(live_server.url + "/actualites/")
    page.click(".tag-list >> text=Europe")
    page.wait_for_load_state()
    assert page.locator(".news-card-title").all_inner_texts() == ["Rally'nov présenté au workshop Euwin de Sofia"]
    assert page.locator(".tag-list [aria-current=page]").inner_text() == "Europe"
    context.close()


def test_rss_feed_is_linked_and_valid(live_server, page, site_demo):
    page.goto(live_server.url + "/actualites/")
    href = page.locator("link[type='application/rss+xml']").get_attribute("href")
    response = page.request.get(live_server.url + href)
    assert response.status == 200
    body = response.text()
    assert body.startswith('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"')
    assert body.count("<item>") == 7


def test_search_from_the_home_page_ignores_accents(live_server, page, site_demo, assert_accessible, artifacts_dir):
    page.goto(live_server.url + "/")
    page.fill("#home-search", "evenements regionaux")
    page.click(".site-search-link button")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Rechercher sur le site"
    assert page.locator(".search-result-title").all_inner_texts() == [
        "Rally'nov au « Printemps des solutions » à Arc-et-Senans"
    ]
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / "site-search.png", full_page=True)


def test_empty_search_explains_and_stays_accessible(live_server, page, site_demo, assert_accessible):
    page.goto(live_server.url + "/recherche/?q=+")
    assert page.locator("#search-error").inner_text() == "Saisissez au moins un mot à rechercher."
    assert page.locator("#search-q").get_attribute("aria-describedby") == "search-error"
    assert_accessible(page)


def test_home_page_shows_latest_news(live_server, page, site_demo, assert_accessible, artifacts_dir):
    page.goto(live_server.url + "/")
    assert page.locator(".news-home .news-card-title").all_inner_texts() == [
        "Rencontre régionale de l'innovation sociale à Dijon",
        "Les Défis de l'IS, une journée pour innover",
        "Séminaire de lancement 2023",
    ]
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / "site-home-news.png", full_page=True)


def log_in(page, live_server, user):
    # Through the real form; Enter submits the login form itself (the header's language form
    # also has a submit button).
    page.goto(f"{live_server.url}/comptes/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", "motdepasse-solide-1")
    page.press("input[name=password]", "Enter")
    page.wait_for_load_state()


def test_staff_sees_the_2014_audience(live_server, page, site_demo, team_member, artifacts_dir):
    from rallynov.accounts.domain import ensure_groups

    ensure_groups()  # after a flush, Wagtail's admin permission exists only once every app has migrated
    log_in(page, live_server, team_member)
    page.goto(live_server.url + "/admin/audience/?year=2014")
    page.screenshot(path=artifacts_dir / "site-audience-admin.png", full_page=True)
    assert page.locator("#audience-visitors").inner_text() == "3\u00a0000"
    assert page.locator("#audience-views").inner_text() == "13\u00a0000"
    assert page.locator("#audience-top-pages tbody tr").first.locator("td").first.inner_text() == "Accueil"
    page.screenshot(path=artifacts_dir / "site-audience-admin.png", full_page=True)
    assert page.locator("text=Audience du site").first.is_visible()
