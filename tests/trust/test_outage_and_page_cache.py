"""Faults and load: a database outage answers a clean French 503 (HTML, or JSON for the API) and
the site recovers by itself; anonymous public pages are served from a short-lived cache that
never shares a page built for someone else."""

from unittest import mock

import psycopg
import pytest
from django.db import InterfaceError, OperationalError, connections
from django.test import Client

pytestmark = pytest.mark.django_db


def _raising(driver_error=None, wrapper=OperationalError):
    """A cursor() that fails like Django's wrapper around the driver does (`raise … from …`)."""

    def cursor(*args, **kwargs):
        if driver_error is None:
            raise wrapper("connection refused")
        try:
            raise driver_error
        except Exception as exc:
            raise wrapper(str(exc)) from exc

    return cursor


@pytest.fixture
def anonymous():
    # Errors become the site's error pages, as in production (not exceptions in the test).
    return Client(raise_request_exception=False)


def test_database_down_home_page_answers_503_in_french(home_page, anonymous):
    with mock.patch.object(connections["default"], "cursor", _raising(psycopg.OperationalError("refused"))):
        response = anonymous.get("/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Content-Type"].startswith("text/html")
    assert "Service momentanément indisponible" in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_database_connection_lost_answers_503(home_page, anonymous):
    with mock.patch.object(connections["default"], "cursor", _raising(wrapper=InterfaceError)):
        response = anonymous.get("/")

    assert response.status_code == 503
    assert "Service momentanément indisponible" in response.content.decode()


def test_database_shutting_down_answers_503(home_page, anonymous):
    shutting_down = psycopg.errors.AdminShutdown("terminating connection due to administrator command")
    with mock.patch.object(connections["default"], "cursor", _raising(shutting_down)):
        response = anonymous.get("/")

    assert response.status_code == 503


def test_database_down_api_answers_json_503(home_page, anonymous):
    with mock.patch.object(connections["default"], "cursor", _raising()):
        response = anonymous.get("/api/v1/initiatives")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json() == {
        "detail": "Service momentanément indisponible. Merci de réessayer dans quelques instants."
    }


def test_deadlock_stays_a_server_error_not_an_outage(home_page, anonymous):
    deadlock = psycopg.errors.DeadlockDetected("deadlock detected")
    with mock.patch.object(connections["default"], "cursor", _raising(deadlock)):
        response = anonymous.get("/")

    assert response.status_code == 500


def test_database_back_site_answers_again(home_page, anonymous):
    with mock.patch.object(connections["default"], "cursor", _raising()):
        assert anonymous.get("/").status_code == 503

    response = anonymous.get("/")

    assert response.status_code == 200


# --- Cache of anonymous public pages ----------------------------------------------------------


@pytest.fixture
def page_cache(settings):
    from django.core.cache import caches

    settings.PAGE_CACHE_SECONDS = 30
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def test_anonymous_page_second_visit_served_from_cache(home_page, page_cache, django_assert_num_queries):
    first = Client().get("/")

    with django_assert_num_queries(0):
        second = Client().get("/")

    assert first.status_code == second.status_code == 200
    assert second.content.split(b"csrfmiddlewaretoken")[0] == first.content.split(b"csrfmiddlewaretoken")[0]


def test_cached_page_sets_no_cookie(home_page, page_cache):
    first = Client().get("/")

    second = Client().get("/")

    assert (first.cookies, second.cookies) == ({}, {})


def test_logged_in_visitor_never_gets_the_anonymous_page(home_page, page_cache, applicant):
    anonymous_page = Client().get("/").content.decode()
    member = Client()
    member.force_login(applicant)

    page = member.get("/").content.decode()

    assert "Se connecter" in anonymous_page
    assert "Mon espace" in page
    assert "Se connecter" not in page


def test_page_with_its_own_form_is_not_cached(home_page, page_cache):
    from django.urls import reverse

    url = reverse("initiatives:submit")
    Client().get(url)

    second = Client().get(url)

    assert second.status_code == 200
    assert second.content.count(b'name="csrfmiddlewaretoken"') == 1
    assert second.cookies == {}  # no cookie for an anonymous visitor, form or not (core/csrf.py)


def test_search_results_are_cached_per_query(home_page, page_cache):
    from django.urls import reverse

    url = reverse("initiatives:catalogue")
    covoiturage = Client().get(url, {"q": "covoiturage"}).content
    epicerie = Client().get(url, {"q": "epicerie"}).content

    assert Client().get(url, {"q": "covoiturage"}).content.split(b"csrfmiddlewaretoken")[0] == covoiturage.split(
        b"csrfmiddlewaretoken"
    )[0]
    assert covoiturage != epicerie


def test_page_cache_seconds_zero_turns_it_off(settings):
    from django.core.exceptions import MiddlewareNotUsed

    from rallynov.core.middleware import AnonymousPageCacheMiddleware

    settings.PAGE_CACHE_SECONDS = 0

    with pytest.raises(MiddlewareNotUsed):
        AnonymousPageCacheMiddleware(lambda request: None)


def test_cached_french_page_never_served_to_english_visitor(home_page, page_cache):
    Client().get("/")
    english = Client()

    page = english.get("/en/")

    assert page["Content-Language"] == "en"
    assert '<html lang="en">' in page.content.decode()
