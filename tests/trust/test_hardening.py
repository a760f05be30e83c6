"""Hardening: Django's deployment checklist, security headers, throttling of logins, sign-ups,
password resets and the API, and the staff second factor."""

import inspect
import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def production_env(tmp_path, **extra):
    # DJANGO_ALLOW_ASYNC_UNSAFE is set by the browser tests of the same session (Playwright's sync API),
    # never in production.
    left_out = {"DEBUG", "DATABASE_URL", "SECURE_HSTS_SECONDS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in left_out}
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="rallynov.example",
        SITE_URL="https://rallynov.example",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        DJANGO_SETTINGS_MODULE="rallynov.settings",
        STATIC_ROOT=str(tmp_path / "static"),
    )
    env.update(extra)
    return env


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = subprocess.run(  # noqa: S603 - our own interpreter and command
        [sys.executable, "-m", "rallynov", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (2 silenced)."


def test_production_settings_are_strict(tmp_path):
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; print(json.dumps({"
        "'debug': s.DEBUG, 'session_secure': s.SESSION_COOKIE_SECURE, 'csrf_secure': s.CSRF_COOKIE_SECURE,"
        "'session_httponly': s.SESSION_COOKIE_HTTPONLY, 'hsts': s.SECURE_HSTS_SECONDS,"
        "'hsts_sub': s.SECURE_HSTS_INCLUDE_SUBDOMAINS, 'ssl_redirect': s.SECURE_SSL_REDIRECT,"
        "'xfo': s.X_FRAME_OPTIONS, 'referrer': s.SECURE_REFERRER_POLICY, 'nosniff': s.SECURE_CONTENT_TYPE_NOSNIFF,"
        "'mfa': s.STAFF_MFA_REQUIRED, 'axes': s.AXES_FAILURE_LIMIT, 'ratelimit': s.RATELIMIT_ENABLE}))"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert json.loads(result.stdout) == {
        "debug": False,
        "session_secure": True,
        "csrf_secure": True,
        "session_httponly": True,
        "hsts": 31536000,
        "hsts_sub": True,
        "ssl_redirect": True,
        "xfo": "DENY",
        "referrer": "strict-origin-when-cross-origin",
        "nosniff": True,
        "mfa": True,
        "axes": 5,
        "ratelimit": True,
    }


def test_production_refuses_to_start_without_secret_key(tmp_path):
    env = production_env(tmp_path)
    env.pop("SECRET_KEY")
    result = subprocess.run(
        [sys.executable, "-m", "rallynov", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "SECRET_KEY est obligatoire quand DEBUG=false." in result.stderr


# --- Headers -----------------------------------------------------------------------------------


def csp(response):
    return dict(
        (part.strip().split(" ", 1) + [""])[:2]
        for part in response["Content-Security-Policy"].split(";")
        if part.strip()
    )


@pytest.mark.django_db
def test_public_page_headers(client, home_page, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/", secure=True)
    assert response.status_code == 200
    policy = csp(response)
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["base-uri"] == "'self'"
    assert policy["form-action"] == "'self'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "geolocation=()" in response["Permissions-Policy"]
    assert "microphone=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_admin_policy_relaxes_styles_only(client, team_member):
    client.force_login(team_member)
    response = client.get("/admin/")
    policy = csp(response)
    assert policy["style-src"] == "'self' 'unsafe-inline'"
    assert policy["script-src"] == "'self'"
    assert response["X-Frame-Options"] in {"DENY", "SAMEORIGIN"}


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=\"", re.I)
INLINE_HANDLER = re.compile(r"\son[a-z]+=\"", re.I)


def inline_code(html):
    """What a strict CSP would block: inline scripts, styles and event handlers."""
    return INLINE_SCRIPT.findall(html) + INLINE_STYLE.findall(html) + INLINE_HANDLER.findall(html)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/mentions-legales/",
        "/donnees-personnelles/",
        "/plan-du-site/",
        "/comptes/login/",
        "/comptes/signup/",
        "/comptes/password/reset/",
    ],
)
def test_public_pages_have_no_inline_code(client, home_page, path):
    response = client.get(path)
    assert response.status_code == 200
    assert inline_code(response.content.decode()) == []


@pytest.mark.django_db
def test_session_cookie_is_http_only_and_lax(client, applicant):
    response = client.post("/comptes/login/", {"login": applicant.email, "password": "motdepasse-solide-1"})
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


# --- Throttling --------------------------------------------------------------------------------


def login(client, email, password):
    return client.post("/comptes/login/", {"login": email, "password": password})


@pytest.mark.django_db
def test_sixth_login_after_five_failures_is_locked_even_with_the_right_password(client, applicant, home_page):
    statuses = [login(client, applicant.email, "mauvais-mot-de-passe").status_code for _ in range(5)]
    # django-axes locks the account for this address at the fifth failure (AXES_FAILURE_LIMIT=5).
    assert statuses == [200, 200, 200, 200, 429]
    response = login(client, applicant.email, "motdepasse-solide-1")
    # allauth's own limit (5 failures / 5 min) answers first, on the login form itself.
    assert response.status_code == 200
    assert (
        "Trop de tentatives de connexion échouées. Veuillez réessayer ultérieurement."
        in response.content.decode()
    )
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_lockout_of_one_account_leaves_others_elsewhere_alone(client, applicant, other_applicant, home_page):
    for _ in range(6):
        login(client, applicant.email, "mauvais-mot-de-passe")
    response = client.post(
        "/comptes/login/",
        {"login": other_applicant.email, "password": "motdepasse-solide-1"},
        REMOTE_ADDR="192.0.2.44",
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(other_applicant.pk)


@pytest.mark.django_db
def test_password_reset_is_rate_limited(client, applicant, home_page):
    statuses = [
        client.post("/comptes/password/reset/", {"email": f"inconnu{i}@example.org"}).status_code
        for i in range(6)
    ]
    assert statuses == [302, 302, 302, 302, 302, 429]


@pytest.mark.django_db
def test_signup_is_rate_limited(client, home_page):
    statuses = [
        client.post(
            "/comptes/signup/",
            {
                "email": f"nouveau{i}@example.org",
                "password1": "motdepasse-solide-1",
                "password2": "motdepasse-solide-1",
            },
        ).status_code
        for i in range(11)
    ]
    assert statuses[:10] == [302] * 10
    assert statuses[10] == 429


# --- API ---------------------------------------------------------------------------------------


def _api_operations():
    """The operations as mounted in the URLconf (routers clone theirs when mounted)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern):
                # django-ninja wraps each PathView in a closure named sync_view_wrapper.
                callback = pattern.callback
                if not inspect.isfunction(callback) or callback.__name__ != "sync_view_wrapper":
                    continue
                owner = inspect.getclosurevars(callback).nonlocals.get("self")
                if owner is not None and hasattr(owner, "operations"):
                    yield pattern, owner

    seen = set()
    for _pattern, path_view in walk(get_resolver().url_patterns):
        for operation in path_view.operations:
            if id(operation) not in seen:
                seen.add(id(operation))
                yield operation


@pytest.mark.django_db
def test_api_throttle_answers_429_past_the_rate(client, settings, monkeypatch):
    from rallynov.core.throttling import ApiThrottle

    settings.API_RATE_LIMIT = "3/m"
    for operation in _api_operations():
        monkeypatch.setattr(operation, "throttle_objects", [ApiThrottle()])
    statuses = [client.get("/api/v1/openapi.json").status_code]  # the schema itself is not throttled
    target = next((op for op in _api_operations() if "{" not in op.path and op.methods == ["GET"]), None)
    assert target is not None, "l'API devrait avoir une opération GET sans paramètre de chemin"
    path = "/api/v1" + target.path if target.path.startswith("/") else "/api/v1/" + target.path
    statuses += [client.get(path).status_code for _ in range(4)]
    assert statuses[1:4] == [200, 200, 200]
    assert statuses[4] == 429


def test_api_operations_are_throttled_by_configuration():
    operations = list(_api_operations())
    unthrottled = [op.path for op in operations if not op.throttle_objects]
    assert operations, "aucune opération de l'API trouvée dans l'URLconf"
    assert unthrottled == []


# --- Staff second factor -----------------------------------------------------------------------


def totp_code(secret):
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time

    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


@pytest.mark.django_db
def test_staff_without_totp_is_sent_to_totp_setup(client, settings, team_member):
    settings.STAFF_MFA_REQUIRED = True
    client.force_login(team_member)
    response = client.get("/admin/")
    assert (response.status_code, response["Location"]) == (302, "/comptes/2fa/totp/activate/?next=/admin/")


@pytest.mark.django_db
def test_staff_with_totp_reaches_admin_after_the_code(client, settings, team_member, home_page):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    settings.STAFF_MFA_REQUIRED = True
    secret = generate_totp_secret()
    TOTP.activate(team_member, secret)
    response = login(client, team_member.email, "motdepasse-solide-1")
    assert (response.status_code, response["Location"]) == (302, "/comptes/2fa/authenticate/")
    assert client.get("/admin/").status_code == 302  # not logged in until the code is given
    response = client.post("/comptes/2fa/authenticate/", {"code": "000000"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    response = client.post("/comptes/2fa/authenticate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(team_member.pk)
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_applicant_is_not_asked_for_a_second_factor(client, settings, applicant):
    settings.STAFF_MFA_REQUIRED = True
    client.force_login(applicant)
    assert client.get(reverse("accounts:dashboard")).status_code == 200


def test_the_csrf_check_stands_for_djangos_silenced_one(settings):
    """security.W003 is silenced because it looks for Django's class by name; ours must still warn
    when no CSRF protection at all is installed."""
    from rallynov.core.csrf import check_csrf_middleware

    assert check_csrf_middleware(None) == []
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "csrf" not in m.lower()]
    assert [w.id for w in check_csrf_middleware(None)] == ["rallynov.W003"]
