"""Fixtures shared by every part's tests: the programme, its site, one user per role, and the
browser harness (Playwright on Debian's Chromium, axe-core for accessibility)."""

import os
import shutil

import pytest

from tests.axe_log import record_axe_run

# E-mails stay in memory during tests; no test ever talks to an SMTP server.
os.environ.setdefault("EMAIL_URL", "locmem://")

# The test database is migrated once per run and copied for each worker (tests/testdb.py); the
# clock can be set for the whole run (tests/clock.py).
pytest_plugins = ["tests.testdb", "tests.clock"]

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STAFF_MFA_REQUIRED = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # WhiteNoise serves the static files from the finders in tests (DEBUG was on when settings were
    # read). Without autorefresh it scans them all whenever a middleware chain is built, that is
    # for every test Client: 77 ms each, half the time of the permission matrix. With it, a file
    # is looked up when it is asked for.
    settings.WHITENOISE_AUTOREFRESH = True
    from django.core.cache import cache
    from django.utils import translation

    cache.clear()
    # Reference data kept in memory by the processes (ids of departments by postal code…): each
    # test builds its own territories.
    from rallynov.territories.lookups import clear_reference_caches

    clear_reference_caches()
    # Key figures kept per process (core.snapshot): a test that replaces a part's figures must
    # not read those of an earlier test made on the same data.
    from rallynov.core import snapshot
    from rallynov.core.templatetags import kept, kept_images

    snapshot.clear()  # and its stores of values kept per data stamp (sheets, searches, maps…)
    kept.clear()  # page fragments and picture tags kept per process
    kept_images.clear()
    # Each test starts in French, whatever language the previous test's last request activated in
    # this thread (LocaleMiddleware does not deactivate it after the response).
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()
    # Page views counted in this process but not written yet (site.audience) belong to this
    # test's database: never carried into the next test, nor written at exit.
    from rallynov.site import audience

    audience.buffer.discard()


@pytest.fixture
def without_template_capture(monkeypatch):
    """Django's test client keeps a copy of the context of every template rendered, for
    `response.context` and `response.templates`: a walk of hundreds of pages that reads neither
    skips it (a third of an admin page's rendering in tests: hundreds of templates each)."""
    from django.template import Template
    from django.test.utils import _TestState

    # What setup_test_environment replaced with its instrumented version.
    monkeypatch.setattr(Template, "_render", _TestState.saved_data.template_render)


@pytest.fixture
def frozen_clock():
    """The clock stands still during the test. For rules counted in fixed windows of the clock
    (django-ratelimit's "20 per minute", "5 per hour"): a test that crossed a window's edge
    half-way would see the count start again, at whatever hour it runs."""
    import time_machine
    from django.utils import timezone

    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


@pytest.fixture
def programme(db):
    from rallynov.core.seed import create_programme

    return create_programme()


@pytest.fixture
def home_page(programme):
    """The programme's Wagtail home page with its legal pages and empty news index."""
    from rallynov.site import demo
    from rallynov.site.models import HomePage

    demo.load_pages(programme=programme)
    return HomePage.objects.get()


@pytest.fixture
def site_demo(home_page, programme):
    """The whole site demo: home, news from the reports, the 2014 audience measurement."""
    from rallynov.site import demo

    demo.load(programme=programme, log=lambda *args: None)
    return home_page


def _make_user(email, group=None, **extra):
    from allauth.account.models import EmailAddress

    from rallynov.accounts.domain import add_to_group
    from rallynov.accounts.models import User

    user = User.objects.create_user(email, "motdepasse-solide-1", **extra)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if group:
        add_to_group(user, group)
    return user


@pytest.fixture
def make_user(db):
    """make_user("x@example.org", group=roles.JUROR) -> a verified user in that group."""
    return _make_user


@pytest.fixture
def applicant(db):
    from rallynov.accounts import roles

    return _make_user("porteur@example.org", roles.APPLICANT)


@pytest.fixture
def other_applicant(db):
    from rallynov.accounts import roles

    return _make_user("autre-porteur@example.org", roles.APPLICANT)


@pytest.fixture
def juror(db):
    from rallynov.accounts import roles

    return _make_user("jure@example.org", roles.JUROR)


@pytest.fixture
def conflicted_juror(db):
    from rallynov.accounts import roles

    return _make_user("jure-en-conflit@example.org", roles.JUROR)


@pytest.fixture
def partner_editor(db):
    from rallynov.accounts import roles

    return _make_user("partenaire@example.org", roles.PARTNER_EDITOR)


@pytest.fixture
def team_member(db):
    from rallynov.accounts import roles

    return _make_user("equipe@example.org", roles.PROGRAMME_TEAM, is_staff=True)


@pytest.fixture
def superuser(db):
    from rallynov.accounts.models import User

    user = User.objects.create_superuser("admin@example.org", "motdepasse-solide-1")
    return user


# --- Browser harness -------------------------------------------------------------------------


def chromium_path():
    return shutil.which("chromium")


def pytest_collection_modifyitems(config, items):
    if chromium_path():
        return
    if os.environ.get("CI") == "true":
        return  # the browser fixture fails loudly on CI: the tests are mandatory there
    skip = pytest.mark.skip(reason="Chromium absent : tests navigateur ignorés (apt-get install -y chromium)")
    skipped = 0
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)
            skipped += 1
    if skipped:
        config._rallynov_browser_skipped = skipped


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    skipped = getattr(config, "_rallynov_browser_skipped", 0)
    if skipped:
        terminalreporter.write_line(
            f"*** {skipped} test(s) navigateur IGNORÉS : Chromium est absent. "
            "Installez-le avec « apt-get install -y chromium » puis relancez « make test ». ***",
            yellow=True,
            bold=True,
        )


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if not path:
        pytest.fail("Chromium est obligatoire pour les tests navigateur en CI (apt-get install -y chromium).")
    # Playwright's sync API runs an event loop in this thread; the live server's database access
    # happens in its own thread, but fixtures that create data run here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.console_errors = errors
    yield page
    context.close()


@pytest.fixture
def artifacts_dir():
    """Screenshots and PDFs that people look at: test-artifacts/ at the top of the checkout."""
    from pathlib import Path

    path = Path(__file__).resolve().parent / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path


def axe_violations(page, *, tags=("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")):
    """Run axe-core (shipped by axe-playwright-python) in the page; return the violations."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": list(tags)}})
    record_axe_run(results.response)  # figures of the accessibility statement (tests/axe_log.py)
    return results.response["violations"]


def format_violations(violations):
    lines = []
    for violation in violations:
        targets = [" ".join(node["target"]) for node in violation["nodes"][:5]]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} -> {targets}")
    return "\n".join(lines)


@pytest.fixture
def assert_accessible():
    """assert_accessible(page): zero WCAG 2.1 A/AA violations reported by axe-core."""

    def check(page):
        violations = axe_violations(page)
        assert violations == [], format_violations(violations)

    return check


@pytest.fixture
def login(live_server):
    """login(page, user) logs a user in through the real login form."""

    def do_login(page, user, password="motdepasse-solide-1"):  # noqa: S107 - the fixtures' test password
        page.goto(f"{live_server.url}/comptes/login/")
        page.fill("input[name=login]", user.email)
        page.fill("input[name=password]", password)
        page.click("main form[action='/comptes/login/'] button[type=submit]")
        page.wait_for_load_state()

    return do_login
