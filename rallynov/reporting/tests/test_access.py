"""The reporting permission matrix, checked role by role (cases in rallynov/reporting/access.py)."""

import pytest
from django.urls import reverse

from rallynov.core.access import LOGIN, REDIRECT
from rallynov.reporting.access import cases

pytestmark = pytest.mark.django_db

ROLE_FIXTURES = ["applicant", "juror", "partner_editor", "team_member", "superuser"]


def test_every_case_answers_as_declared(client, request, programme, home_page):
    users = {name: request.getfixturevalue(name) for name in ROLE_FIXTURES}
    ctx = {"programme": programme, "home_page": home_page, "anonymous": None, **users}
    for case in cases(ctx):
        url = reverse(case.url_name, kwargs=case.kwargs) + (f"?{case.query}" if case.query else "")
        for role in ["anonymous", *ROLE_FIXTURES]:
            client.logout()
            if users.get(role):
                client.force_login(users[role])
            response = client.get(url)
            expected = case.expected[role]
            if expected == LOGIN:
                assert (response.status_code, "/comptes/login/" in response.get("Location", "")) == (
                    302,
                    True,
                ), (url, role)
            elif expected == REDIRECT:
                assert response.status_code == 302, (url, role)
            else:
                assert response.status_code == expected, (url, role, response.status_code)
