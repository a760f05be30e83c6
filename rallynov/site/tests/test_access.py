"""The expected answers declared in site/access.py and partners/access.py, role by role."""

import pytest
from django.urls import reverse

from rallynov.core.access import LOGIN, REDIRECT

pytestmark = pytest.mark.django_db


@pytest.fixture
def ctx(programme, site_pages, applicant, other_applicant, juror, conflicted_juror, partner_editor, team_member,
        superuser):
    from rallynov.accounts.domain import ensure_groups

    ensure_groups()
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
        "home_page": site_pages,
    }


@pytest.mark.parametrize("app", ["site", "partners"])
def test_every_url_answers_as_declared_for_every_role(client, ctx, app):
    import importlib

    module = importlib.import_module(f"rallynov.{app}.access")
    failures = []
    for case in module.cases(ctx):
        url = reverse(case.url_name, kwargs=case.kwargs) + (f"?{case.query}" if case.query else "")
        for role, expected in case.expected.items():
            client.logout()
            if ctx[role] is not None:
                client.force_login(ctx[role])
            response = client.get(url)
            if expected == LOGIN:
                ok = response.status_code == 302 and response.url.startswith("/comptes/login/")
            elif expected == REDIRECT:
                ok = response.status_code == 302 and not response.url.startswith("/comptes/login/")
            else:
                ok = response.status_code == expected
            if not ok:
                failures.append((case.url_name, role, expected, response.status_code))
    assert failures == []
