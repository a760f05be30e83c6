import datetime
import logging

import pytest

from rallynov.site import audience
from rallynov.site.models import DailySalt, PageViewDay, VisitorDay, VisitorDigest

pytestmark = pytest.mark.django_db


def views():
    audience.flush()  # reads write the process's pending views first, as the report does
    return list(PageViewDay.objects.order_by("path").values_list("path", "views"))


def visitors():
    audience.flush()
    return list(VisitorDay.objects.values_list("visitors", flat=True))


def test_public_page_view_is_counted_without_storing_the_address(audience_on, browser_client, site_pages, today):
    response = browser_client.get("/mentions-legales/")

    assert response.status_code == 200
    assert set(response.cookies) <= {"csrftoken"}  # the language form's CSRF token only
    assert views() == [("/mentions-legales/", 1)]
    row = PageViewDay.objects.get()
    assert (row.day, row.title) == (today, "Mentions légales")
    assert visitors() == [1]
    assert "192.0.2" not in VisitorDigest.objects.get().digest


def test_same_visitor_counts_once_a_day_but_every_page(audience_on, browser_client, site_pages):
    browser_client.get("/")
    browser_client.get("/mentions-legales/")
    browser_client.get("/", REMOTE_ADDR="192.0.2.99")  # same /24 network, same browser: same visitor

    assert views() == [("/", 2), ("/mentions-legales/", 1)]
    assert visitors() == [1]


def test_other_browser_or_network_is_another_visitor(audience_on, browser_client, site_pages):
    browser_client.get("/")
    browser_client.get("/", REMOTE_ADDR="198.51.100.7")
    browser_client.get("/", HTTP_USER_AGENT="Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Safari/604.1")

    assert visitors() == [3]


@pytest.mark.parametrize(
    "user_agent",
    ["", "Googlebot/2.1 (+http://www.google.com/bot.html)", "curl/8.5.0", "python-requests/2.32",
     "Mozilla/5.0 (compatible; bingbot/2.0)", "Mozilla/5.0 HeadlessChrome/120.0"],
)
def test_bots_and_missing_user_agent_are_not_counted(audience_on, client, site_pages, user_agent):
    response = client.get("/", HTTP_USER_AGENT=user_agent)

    assert response.status_code == 200
    assert views() == []


def test_staff_admin_errors_posts_and_partials_are_not_counted(audience_on, browser_client, site_pages, team_member):
    browser_client.get("/cette-page-n-existe-pas/")
    browser_client.post("/recherche/")
    browser_client.get("/actualites/rss/")
    browser_client.get("/", HTTP_HX_REQUEST="true")
    browser_client.force_login(team_member)
    browser_client.get("/")
    browser_client.get("/admin/")

    assert views() == []


def test_query_string_is_not_kept_in_the_path_or_title(audience_on, browser_client, site_pages):
    browser_client.get("/recherche/?q=Martine+Bourlon")

    audience.flush()
    assert list(PageViewDay.objects.values_list("path", "title")) == [("/recherche/", "")]


def test_flood_from_one_source_is_throttled_without_errors(audience_on, browser_client, site_pages, monkeypatch):
    from django.utils import timezone

    frozen = timezone.localtime()
    monkeypatch.setattr(audience, "local_now", lambda: frozen)  # the whole flood within one minute
    statuses = {browser_client.get("/").status_code for _ in range(audience.FLOOD_LIMIT_PER_MINUTE + 15)}

    assert statuses == {200}
    assert views() == [("/", audience.FLOOD_LIMIT_PER_MINUTE)]
    assert visitors() == [1]
    # Another source is still counted.
    browser_client.get("/", REMOTE_ADDR="203.0.113.5")
    assert views() == [("/", audience.FLOOD_LIMIT_PER_MINUTE + 1)]


def test_counter_failure_never_breaks_the_page(audience_on, browser_client, site_pages, monkeypatch, caplog):
    def broken(**kwargs):
        raise RuntimeError("mémoire indisponible")

    monkeypatch.setattr(audience.buffer, "add", broken)
    with caplog.at_level(logging.ERROR, logger="rallynov.site.audience"):
        response = browser_client.get("/")

    assert response.status_code == 200
    assert "page vue non comptée" in caplog.text


def test_counter_adds_no_query_to_the_page_and_writes_once_it_is_sent(
    rf, programme, today, django_assert_num_queries, settings
):
    settings.AUDIENCE_BATCH_SIZE = 1  # every view makes a batch
    from django.contrib.auth.models import AnonymousUser
    from django.core.signals import request_finished
    from django.db import close_old_connections
    from django.http import HttpResponse

    from rallynov.site.tests.conftest import BROWSER_UA

    audience.daily_salt(today)  # read once per worker and day
    middleware = audience.AudienceMiddleware(
        lambda request: HttpResponse("<title>Accueil — Rally'nov</title>", content_type="text/html; charset=utf-8")
    )
    request = rf.get("/", HTTP_USER_AGENT=BROWSER_UA, REMOTE_ADDR="192.0.2.10")
    request.user = AnonymousUser()
    request._rallynov_programme = programme  # looked up by the page itself (context processor)

    with django_assert_num_queries(0):
        response = middleware(request)
    counted_before_sending = list(PageViewDay.objects.values_list("path", "views"))
    # What the WSGI server does after the last byte (without closing the test's connection, as the
    # test client does).
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)

    assert counted_before_sending == []
    assert views() == [("/", 1)]
    assert visitors() == [1]


def test_salt_rotates_and_yesterdays_digests_are_forgotten(programme, today):
    yesterday = today - datetime.timedelta(days=1)
    DailySalt.objects.create(day=yesterday, value="ancien")
    VisitorDigest.objects.create(day=yesterday, digest="abc")
    audience._salt_cache.clear()

    salt = audience.daily_salt(today)

    assert len(salt) == 64
    assert list(DailySalt.objects.values_list("day", flat=True)) == [today]
    assert VisitorDigest.objects.count() == 0


def test_report_totals_and_top_pages(programme):
    day = datetime.date(2014, 3, 3)
    PageViewDay.objects.create(programme=programme, day=day, path="/", title="Accueil", views=7)
    PageViewDay.objects.create(programme=programme, day=day, path="/partenaires/", title="Partenaires", views=3)
    PageViewDay.objects.create(programme=programme, day=day + datetime.timedelta(days=1), path="/partenaires/",
                               title="Partenaires", views=5)
    VisitorDay.objects.create(programme=programme, day=day, visitors=4)

    totals = audience.totals(programme=programme, start=day, end=day + datetime.timedelta(days=1))
    top = audience.top_pages(programme=programme, start=day, end=day + datetime.timedelta(days=1))

    assert totals == {"visitors": 4, "page_views": 15}
    assert [(r["path"], r["views"]) for r in top] == [("/partenaires/", 8), ("/", 7)]


def test_demo_audience_2014_adds_up_to_the_report(programme):
    from rallynov.site.demo_news import load_audience_2014
    from rallynov.site.figures import figures

    load_audience_2014(programme=programme, log=lambda *a: None)

    values = {f.key: f.value for f in figures(programme=programme, year=2014)}
    assert values == {"site.visitors": 3000, "site.page_views": 13000}
    assert VisitorDay.objects.filter(is_generated=False).count() == 0
    assert VisitorDay.objects.count() == 365


def test_figures_move_with_one_more_view(audience_on, browser_client, site_pages, programme, today):
    from rallynov.site.figures import figures

    browser_client.get("/")

    values = {f.key: f.value for f in figures(programme=programme, year=today.year)}
    assert values == {"site.visitors": 1, "site.page_views": 1}


class TestAudienceReport:
    url = "/admin/audience/"

    def test_team_sees_visits_and_pages_of_2014(self, client, programme, team_member, site_pages):
        from rallynov.site.demo_news import load_audience_2014

        load_audience_2014(programme=programme, log=lambda *a: None)
        client.force_login(team_member)

        response = client.get(self.url, {"year": 2014})

        assert response.status_code == 200
        assert response.context["totals"] == {"visitors": 3000, "page_views": 13000}
        assert response.context["top_pages"][0]["path"] == "/"
        assert len(response.context["chart"]) == 12
        assert sum(bar["views"] for bar in response.context["chart"]) == 13000

    def test_bad_period_keeps_input_and_explains(self, client, team_member, site_pages):
        client.force_login(team_member)

        response = client.get(self.url, {"start": "2014-12-31", "end": "2014-01-01"})

        html = response.content.decode()
        assert "La date de début doit précéder la date de fin." in html
        assert 'value="2014-12-31"' in html
        assert len(response.context["chart"]) == 30

    def test_partner_editor_is_sent_back_to_the_dashboard(self, client, partner_editor, site_pages):
        client.force_login(partner_editor)

        response = client.get(self.url)

        assert response.status_code == 302
        assert response.url == "/admin/"

    def test_anonymous_is_sent_to_login(self, client, site_pages):
        response = client.get(self.url)

        assert response.status_code == 302
        assert response.url.startswith("/comptes/login/")
