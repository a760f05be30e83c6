"""The permission matrix: every URL of the site, the admin and the API, visited as each role,
with the expected answer for each pair. A URL without an entry fails the test.

Each app declares its expectations in `rallynov/<app>/access.py` (`cases(ctx) -> [Case]`, see
rallynov/core/access.py). `MATRIX_PRINT=1` prints what each role actually gets.
"""

import os
from importlib import import_module
from urllib.parse import urlparse

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from wagtail.snippets.models import get_snippet_models

from rallynov.core.access import LOGIN, OK, REDIRECT, ROLES
from tests.trust.urlwalk import OUR_NAMESPACES, named_patterns

# Each test here walks every URL × every role: about 4 minutes of CPU on a loaded 2-core machine, so it gets a
# longer limit than the suite's 5 minutes (a hang still fails).
pytestmark = [pytest.mark.django_db, pytest.mark.timeout(1200), pytest.mark.usefixtures("without_template_capture")]

# Django's admin, Wagtail's own admin and allauth's MFA internals are covered by a
# representative set (see core.access.cases), not URL by URL.
LOGIN_PATH = "/comptes/login/"
# Screens every logged-in person opens on any host, each with their own records only: the admin's
# home, their account and its security pages, the prize's application form (anyone may apply).
# The admin's snippet listings are filtered per programme (tests/trust/test_admin_scoping.py).
SCREENS_OF_EVERY_ACCOUNT = {
    "wagtailadmin_home",
    "accounts:dashboard",
    "account_logout",
    "account_reauthenticate",
    "account_email",
    "account_change_password",
    "mfa_index",
    "awards:apply",
}


def all_url_names():
    """(full name, callback module) of every named URL pattern."""
    return [(name, getattr(pattern.callback, "__module__", "") or "") for name, pattern in named_patterns()]


def required_url_names():
    """The URL names that must have an entry in the matrix."""
    required = set()
    for name, module in all_url_names():
        namespace = name.split(":", 1)[0] if ":" in name else ""
        if namespace in OUR_NAMESPACES:
            required.add(name)
        elif not namespace and module.startswith("rallynov."):
            required.add(name)  # our root and custom admin views (core_journal, site_audience…)
        elif not namespace and name.startswith("account_"):
            required.add(name)  # allauth's account pages
        elif name in {"set_language", "mfa_index", "mfa_activate_totp"}:
            required.add(name)
    for model in get_snippet_models():
        if model.__module__.startswith("rallynov."):
            required.add(model.snippet_viewset.get_url_name("list"))
    required |= {"wagtailadmin_home", "wagtailadmin_explore_root", "admin:index"}
    return required


def access_modules():
    from rallynov.core.parts import part_modules

    return [module for _config, module in part_modules("access") if hasattr(module, "cases")]


@pytest.fixture
def ctx(request, programme, home_page):
    users = {role: (None if role == "anonymous" else request.getfixturevalue(role)) for role in ROLES}
    return {**users, "programme": programme, "home_page": home_page}


def collect_cases(ctx):
    cases = []
    for module in access_modules():
        cases.extend(module.cases(ctx))
    return cases


def verdict(response):
    """What a response means, in the matrix's words."""
    if response.status_code in {301, 302, 303, 307, 308}:
        location = urlparse(response["Location"]).path
        if location.startswith(LOGIN_PATH) or location.endswith("/login/"):
            return LOGIN
        return REDIRECT
    return response.status_code


def logged_in_client(user, logins):
    """A new client with a session of its own, as it is right after `user` logged in. The first
    time, a real login (`force_login`); then a new session holding the same data: a login also
    writes the user's last login, which moves the data stamp, so that every request of the walk
    computed again what the site keeps between requests (half of the walk's time)."""
    client = Client()
    if user is None:
        return client
    if user.pk not in logins:
        client.force_login(user)
        logins[user.pk] = dict(client.session.items())
        return client
    session = import_module(django_settings.SESSION_ENGINE).SessionStore()
    session.update(logins[user.pk])
    session.save()
    client.cookies[django_settings.SESSION_COOKIE_NAME] = session.session_key
    return client


@pytest.fixture
def logins():
    """Session data after each user's login, for this test's database."""
    return {}


def run_case(case, role, user, logins):
    client = logged_in_client(user, logins)
    url = reverse(case.url_name, kwargs=case.kwargs)
    if case.query:
        url += "?" + case.query
    if case.method == "POST":
        response = client.post(url, case.data or {})
    else:
        response = client.generic(case.method, url)
    if response.streaming:
        # Close the file of a download without closing the test's database connection.
        for closer in response._resource_closers:
            closer()
    return response


def test_every_url_has_an_entry_in_the_matrix(ctx):
    covered = {case.url_name for case in collect_cases(ctx)}
    missing = sorted(required_url_names() - covered)
    assert missing == [], (
        f"{len(missing)} URL(s) sans entrée dans la matrice des permissions (ajoutez un Case dans "
        f"rallynov/<app>/access.py) : {missing}"
    )


def test_every_role_gets_the_expected_answer(ctx, settings, logins):
    settings.RATELIMIT_ENABLE = False  # hundreds of requests from one address
    cases = collect_cases(ctx)
    failures, table = [], []
    for case in cases:
        if set(case.expected) != set(ROLES):
            failures.append(
                f"{case.url_name} : rôles déclarés {sorted(case.expected)} au lieu de {sorted(ROLES)}"
            )
            continue
        row = []
        for role in ROLES:
            try:
                got = verdict(run_case(case, role, ctx[role], logins))
            except Exception as exc:  # noqa: BLE001 - a crash is one more wrong answer, listed with the others
                got = f"{type(exc).__name__}: {str(exc)[:120]}"
            row.append(str(got)[:9])
            expected = case.expected[role]
            if got != expected:
                failures.append(
                    f"{case.method} {case.url_name} {case.kwargs or ''} {case.query} en {role} : attendu {expected}, obtenu {got}"
                )
        table.append(f"{case.method:4} {case.url_name:45} " + " ".join(f"{v:>9}" for v in row))
    if os.environ.get("MATRIX_PRINT"):
        print("\n" + " " * 51 + " ".join(f"{r[:9]:>9}" for r in ROLES))
        print("\n".join(table))
    print(f"\nMatrice : {len(cases)} cas × {len(ROLES)} rôles = {len(cases) * len(ROLES)} requêtes")
    assert failures == [], "\n".join(failures)


def page_door_names():
    """The names of Wagtail's screens on one page: the `wagtailadmin_pages` URLs whose pattern
    names a page."""
    from rallynov.initiatives.access import PAGE_KWARGS

    return {
        name
        for name, pattern in named_patterns()
        if name.startswith("wagtailadmin_pages:") and set(pattern.pattern.regex.groupindex) & set(PAGE_KWARGS)
    }


def test_every_page_door_refuses_outside_the_territory(ctx, settings, logins):
    """Partner editors edit the initiatives of their territory only: every screen of the admin
    on one page (edit, preview, history, revisions, workflow, move, copy…) has a case in
    `initiatives.access.page_doors` for a sheet outside the partner editor's territory, answered
    as expected by every role, and the observatory's own admin screens have their cases in the
    matrix. A screen added later (a new Wagtail, a new view) without a case fails here."""
    from rallynov.initiatives.access import PAGE_KWARGS, page_doors

    settings.RATELIMIT_ENABLE = False
    doors = page_doors(ctx)
    inside, outside = (page.pk for page in ctx["initiatives_of_territory"])
    covered = {
        case.url_name for case in doors if any(case.kwargs.get(name) == outside for name in PAGE_KWARGS)
    }
    observatory = {name for name, _module in all_url_names() if name.startswith("initiatives_admin")}

    assert len(page_door_names()) > 20  # the walk found Wagtail's page screens
    assert sorted(page_door_names() - covered) == []
    assert sorted(observatory - {case.url_name for case in collect_cases(ctx)}) == []
    # No door of a sheet outside the territory lets the partner editor in, except the one modal
    # Wagtail shows to any admin user (it names the workflow's tasks, nothing of the sheet).
    let_in = sorted(
        case.url_name
        for case in doors
        if case.kwargs.get("page_id", case.kwargs.get("page_to_move_id", case.kwargs.get("pk"))) == outside
        and case.expected["partner_editor"] == OK
    )
    assert let_in == ["wagtailadmin_pages:confirm_workflow_cancellation"]
    failures = []
    for case in doors:
        for role in ROLES:
            got = verdict(run_case(case, role, ctx[role], logins))
            if got != case.expected[role]:
                failures.append(
                    f"{case.method} {case.url_name} {case.kwargs} en {role} : attendu {case.expected[role]}, obtenu {got}"
                )
    assert failures == []


def test_matrix_helpers_read_answers():
    class Response:
        def __init__(self, status, location=""):
            self.status_code = status
            self.headers = {"Location": location}

        def __getitem__(self, key):
            return self.headers[key]

    assert verdict(Response(302, "/comptes/login/?next=/compte/")) == LOGIN
    assert verdict(Response(302, "/django-admin/login/?next=/django-admin/")) == LOGIN
    assert verdict(Response(302, "/admin/")) == REDIRECT
    assert verdict(Response(200)) == OK
    assert verdict(Response(403)) == 403


def test_another_programmes_team_gets_none_of_the_team_screens(ctx, settings, make_user, logins):
    """The matrix with two programmes: every screen the team of the default programme may open
    on its records is refused to the team of another programme (Occitanie's), on the default
    programme's host (prize management, moderation, import, journal, audience, reports…); a team
    screen added later is walked here as well."""
    from rallynov.accounts import roles
    from rallynov.core.programmes import create_programme

    settings.RATELIMIT_ENABLE = False
    occ, _created = create_programme(
        slug="occitanie", name="Rally'nov Occitanie", region_code="76", host="occitanie.example.org"
    )
    stranger = make_user("equipe-occitanie@example.org", roles.programme_group_name(roles.PROGRAMME_TEAM, occ))
    opened = []
    for case in collect_cases(ctx):
        if case.expected["team_member"] != OK or case.expected["anonymous"] == OK:
            continue  # not a team screen, or a public one
        listing = case.url_name.startswith("wagtailsnippets_") and case.url_name.endswith(":list")
        if case.url_name in SCREENS_OF_EVERY_ACCOUNT or listing:
            continue
        got = verdict(run_case(case, "stranger", stranger, logins))
        if got == OK:
            opened.append(f"{case.method} {case.url_name} {case.kwargs or ''} {case.query}")

    assert opened == [], "\n".join(opened)
