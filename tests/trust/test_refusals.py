"""Refusals in French, in the site's layout: 400, 403 (a team screen, a form without its token)
and 404 pages; a logged-in person without access to an admin gets a page that sends them to
their own space instead of a loop between the admin and the login page."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

LAYOUT = 'class="site-header"'


def page_of(response):
    return response.status_code, response.content.decode()


def test_404_page_is_french_and_in_the_layout(client, home_page):
    status, html = page_of(client.get("/nulle-part/"))

    assert status == 404
    assert '<html lang="fr">' in html and LAYOUT in html
    assert "Page introuvable" in html


def test_403_page_of_a_team_screen_is_french_and_sends_to_the_own_space(client, home_page, applicant):
    client.force_login(applicant)

    status, html = page_of(client.get(reverse("studies:manage")))

    assert status == 403
    assert LAYOUT in html and "Accès refusé" in html
    assert f'href="{reverse("accounts:dashboard")}"' in html
    assert "Forbidden" not in html


def test_403_page_when_the_form_token_is_missing_is_french(home_page):
    client = Client(enforce_csrf_checks=True)

    status, html = page_of(client.post(reverse("account_login"), {"login": "x@example.org", "password": "x"}))

    assert status == 403
    assert LAYOUT in html and "Formulaire expiré" in html
    assert "CSRF" not in html


def test_400_page_is_french(client, home_page, settings):
    settings.ALLOWED_HOSTS = ["testserver"]

    status, html = page_of(client.get("/", HTTP_HOST="ailleurs.example"))

    assert status == 400
    assert '<html lang="fr">' in html and "Demande incorrecte" in html


@pytest.mark.parametrize(
    ("role", "admin"),
    [
        ("juror", "/admin/"),
        ("applicant", "/admin/"),
        ("applicant", "/django-admin/"),
        ("partner_editor", "/django-admin/"),
    ],
)
def test_admin_refuses_people_without_access_with_a_page_to_their_space(
    request, client, home_page, role, admin
):
    client.force_login(request.getfixturevalue(role))

    response = client.get(admin, follow=True)

    html = response.content.decode()
    assert response.status_code == 403
    assert len(response.redirect_chain) <= 2, response.redirect_chain
    assert "L'administration est réservée à l'équipe" in html
    assert f'href="{reverse("accounts:dashboard")}"' in html


@pytest.mark.parametrize(
    ("role", "admin"),
    [("team_member", "/admin/"), ("partner_editor", "/admin/"), ("team_member", "/django-admin/")],
)
def test_admin_opens_for_people_with_access(request, client, home_page, role, admin):
    client.force_login(request.getfixturevalue(role))

    assert client.get(admin, follow=True).status_code == 200


def test_anonymous_visitor_opening_the_admin_gets_the_login_form(client, home_page):
    response = client.get("/admin/", follow=True)

    assert (response.status_code, response.redirect_chain[-1][0]) == (200, "/comptes/login/?next=/admin/")


def test_login_page_without_an_admin_next_still_sends_logged_in_people_on(client, home_page, juror):
    client.force_login(juror)

    response = client.get(reverse("account_login") + "?next=/compte/")

    assert (response.status_code, response["Location"]) == (302, "/compte/")
