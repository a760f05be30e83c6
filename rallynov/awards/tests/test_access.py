"""The permission matrix of the prize: every URL, every role (rallynov.awards.access)."""

import pytest
from django.urls import reverse

from rallynov.core.access import LOGIN, REDIRECT, ROLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def ctx(
    request,
    programme,
    home_page,
    applicant,
    other_applicant,
    juror,
    conflicted_juror,
    partner_editor,
    team_member,
    superuser,
):
    return {
        "anonymous": None,
        "applicant": applicant,
        "other_applicant": other_applicant,
        "juror": juror,
        "conflicted_juror": conflicted_juror,
        "partner_editor": partner_editor,
        "team_member": team_member,
        "superuser": superuser,
        "programme": programme,
        "home_page": home_page,
    }


@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_each_role_as_expected(client, ctx, role):
    from rallynov.awards.access import cases

    user = ctx[role]
    if user is not None:
        client.force_login(user)
    got, wanted = {}, {}
    for case in cases(ctx):
        url = reverse(case.url_name, kwargs=case.kwargs) + case.query
        response = client.post(url, case.data or {}) if case.method == "POST" else client.get(url)
        if getattr(response, "streaming", False):
            # Not response.close(): its request_finished signal would end the test's connection.
            for closer in response._resource_closers:
                closer()
        expected = case.expected[role]
        if expected == LOGIN:
            result = (
                LOGIN
                if response.status_code == 302 and "/comptes/login/" in response["Location"]
                else response.status_code
            )
        elif expected == REDIRECT:
            result = (
                REDIRECT
                if response.status_code == 302 and "/comptes/login/" not in response["Location"]
                else response.status_code
            )
        else:
            result = response.status_code
        key = f"{case.method} {case.url_name} {case.kwargs}"
        got[key], wanted[key] = result, expected
    assert got == wanted
