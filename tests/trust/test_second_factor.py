"""With STAFF_MFA_REQUIRED, the team and the partner editors need a second factor on every screen
they can open, not only in the admin: each screen of the permission matrix (the `access.py` of
every part) that is not public is tried as a team member and as a partner editor without a
second factor, and must send them to its set-up. A screen added later is in the matrix, so it
is tried here too."""

from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import resolve, reverse

from rallynov.accounts.middleware import is_exempt
from rallynov.core.access import OK, ROLES
from rallynov.core.parts import part_modules

pytestmark = pytest.mark.django_db

SETUP = "/comptes/2fa/totp/activate/"


@pytest.fixture
def ctx(request, programme, home_page):
    users = {role: (None if role == "anonymous" else request.getfixturevalue(role)) for role in ROLES}
    return {**users, "programme": programme, "home_page": home_page}


def screens_of(ctx, role):
    """(url name, url) of the GET screens the matrix opens to `role` and not to everybody."""
    screens = {}
    for _config, module in part_modules("access"):
        if not hasattr(module, "cases"):
            continue
        for case in module.cases(ctx):
            if case.method != "GET" or case.expected.get(role) != OK or case.expected.get("anonymous") == OK:
                continue
            url = reverse(case.url_name, kwargs=case.kwargs) + (f"?{case.query}" if case.query else "")
            screens.setdefault(url, case.url_name)
    return sorted((name, url) for url, name in screens.items())


def answers(user, screens):
    client = Client()
    client.force_login(user)
    got = {}
    for name, url in screens:
        response = client.get(url)
        got[name, url] = (response.status_code, response.get("Location"))
    return got


def setup_redirect(url):
    return (302, f"{SETUP}?next={quote(url, safe='/')}")


@pytest.mark.parametrize("role", ["team_member", "partner_editor", "superuser"])
def test_every_screen_of_the_role_asks_for_the_second_factor(ctx, settings, role):
    settings.STAFF_MFA_REQUIRED = True
    settings.RATELIMIT_ENABLE = False
    screens = screens_of(ctx, role)

    guarded = [(name, url) for name, url in screens if not is_exempt(resolve(url.partition("?")[0]).func)]

    got = answers(ctx[role], guarded)

    wrong = {key: answer for key, answer in got.items() if answer != setup_redirect(key[1])}
    # The team's screens the issue named are among those tried (the list is not empty by accident).
    team_screens = {"reporting:dashboard", "events:manage", "events:checkin", "studies:analysis", "awards:manage"}
    assert team_screens <= {name for name, _url in guarded} or role == "partner_editor"
    assert "wagtailadmin_home" in {name for name, _url in guarded}
    assert wrong == {}, f"{len(wrong)} écran(s) sans second facteur pour {role}"


def test_only_the_account_pages_of_allauth_are_open_without_a_second_factor(ctx):
    exempt = {
        name for name, url in screens_of(ctx, "team_member") if is_exempt(resolve(url.partition("?")[0]).func)
    }

    assert exempt == {
        "account_change_password",
        "account_email",
        "account_logout",
        "account_reauthenticate",
        "mfa_index",
    }


def test_team_screens_the_issue_names_are_among_those_tried(ctx):
    names = {name for name, _url in screens_of(ctx, "team_member")}

    assert {
        "studies:manage",
        "studies:analysis",
        "studies:export_download",
        "events:export",
        "reporting:indicators_export",
        "reporting:dashboard",
        "events:checkin",
        "events:manage",
        "wagtailadmin_home",
        "accounts:dashboard",
    } <= names


def test_team_member_with_a_second_factor_reaches_the_screens(ctx, settings):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    settings.STAFF_MFA_REQUIRED = True
    settings.RATELIMIT_ENABLE = False
    TOTP.activate(ctx["team_member"], generate_totp_secret())
    screens = [
        (n, u) for n, u in screens_of(ctx, "team_member") if n in {"studies:manage", "reporting:dashboard"}
    ]

    got = answers(ctx["team_member"], screens)

    assert sorted(status for status, _location in got.values()) == [200, 200]


@pytest.mark.parametrize("role", ["applicant", "juror"])
def test_applicants_and_jurors_are_not_asked_for_a_second_factor(ctx, settings, role):
    settings.STAFF_MFA_REQUIRED = True
    screens = [(n, u) for n, u in screens_of(ctx, role) if n == "accounts:dashboard"]

    assert answers(ctx[role], screens) == {screens[0]: (200, None)}


def test_second_factor_set_up_and_logout_stay_open(ctx, settings):
    settings.STAFF_MFA_REQUIRED = True
    client = Client()
    client.force_login(ctx["team_member"])

    setup = client.get(SETUP)
    logout = client.post(reverse("account_logout"))

    assert not setup["Location"].startswith(SETUP)
    assert (logout.status_code, "_auth_user_id" in client.session) == (302, False)
