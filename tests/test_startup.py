"""Commands start fast: `rallynov help` and `rallynov figures` do not import the heavy libraries.

Every command pays Django's setup (every app's models and `ready()`), so a heavy import there is
paid by `help`, by cron jobs and by each test worker. The libraries below are imported where they
are used (exports, PDF, charts, fuzzy matching, the unused Wagtail API v3). The check runs in a
fresh interpreter, as a user's command does; it counts modules, not seconds (no timed test).
"""

import hashlib
import inspect
import json
import re
import subprocess
import sys
import textwrap

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

# Imported where used, never at start (measured: openpyxl pulls numpy, 0.2 s; the Wagtail API v3
# pulls django-ninja schemas and Django REST framework, 1 s).
HEAVY = [
    "openpyxl",
    "numpy",
    "typst",
    "tablib",
    "matplotlib",
    "rapidfuzz",
    "requests",
    "rest_framework",
    "snowballstemmer",
    "wagtail.api.v3.api",
    "ninja",
    "pydantic",
]

PROBE = textwrap.dedent(
    """
    import contextlib, io, json, sys
    from rallynov.cli import main

    with contextlib.redirect_stdout(io.StringIO()) as out:
        try:
            main(["help"])
        except SystemExit:
            pass
    import django
    from django.core.management import load_command_class

    django.setup()  # what `rallynov figures` starts with

    load_command_class("rallynov.reporting", "figures")
    # What the command imports when it counts: the key figures and every part's figures module.
    from rallynov.core.parts import part_modules
    from rallynov.reporting import keyfigures  # noqa: F401

    part_modules("figures")
    print(json.dumps({"help": "import-initiatives" in out.getvalue() or "import_initiatives" in out.getvalue(),
                      "loaded": sorted(m for m in HEAVY if m in sys.modules)}))
    """
)


def test_help_and_figures_commands_do_not_import_heavy_libraries():
    code = f"HEAVY = {HEAVY!r}\n{PROBE}"
    env = {"DJANGO_SETTINGS_MODULE": "rallynov.settings", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(  # noqa: S603 (our own interpreter and a fixed script)
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"help": True, "loaded": []}


HELP_PROBE = textwrap.dedent(
    """
    import contextlib, io, json, sys
    from rallynov.cli import main

    with contextlib.redirect_stdout(io.StringIO()) as out:
        main(["help"])
    started = "wagtail.models" in sys.modules or "django.contrib.auth.models" in sys.modules
    import django
    from django.core.management import ManagementUtility

    django.setup()
    print(json.dumps({"started": started, "fast": out.getvalue(),
                      "django": ManagementUtility(["rallynov", "help"]).main_help_text() + "\\n"}))
    """
)


def test_help_lists_what_django_lists_without_starting_django():
    """`rallynov help` reads the command files, not the apps' models (a fifth of the CPU)."""
    env = {"DJANGO_SETTINGS_MODULE": "rallynov.settings", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(  # noqa: S603 (our own interpreter and a fixed script)
        [sys.executable, "-c", HELP_PROBE], capture_output=True, text=True, env=env, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["started"] is False
    assert result["fast"] == result["django"]
    assert "    import_initiatives\n" in result["fast"]


# The ready() methods that rallynov.core.wagtail_apps restates without the API v3 registration,
# as in Wagtail 8.0.1. If an upgrade changes one of them, compare and update the restatement.
WAGTAIL_READY = {
    "wagtail.contrib.redirects.apps.WagtailRedirectsAppConfig": "19d1a78049d8",
    "wagtail.snippets.apps.WagtailSnippetsAppConfig": "1ac35b5ed403",
    "wagtail.documents.apps.WagtailDocsAppConfig": "4cdf87a46dbf",
    "wagtail.images.apps.WagtailImagesAppConfig": "52e409385bb1",
    "wagtail.embeds.apps.WagtailEmbedsAppConfig": "5f7f4ae836b1",
}


def _ready_digest(path):
    module, name = path.rsplit(".", 1)
    cls = getattr(__import__(module, fromlist=[name]), name)
    return hashlib.sha256(inspect.getsource(cls.ready).encode()).hexdigest()[:12]


def test_restated_wagtail_ready_methods_match_the_installed_wagtail():
    assert {path: _ready_digest(path) for path in WAGTAIL_READY} == WAGTAIL_READY


def test_wagtail_apps_keep_their_names_and_labels():
    from django.apps import apps

    installed = {config.name: config.label for config in apps.get_app_configs()}
    assert {
        name: installed.get(name)
        for name in [
            "wagtail.contrib.redirects",
            "wagtail.snippets",
            "wagtail.documents",
            "wagtail.images",
            "wagtail.embeds",
        ]
    } == {
        "wagtail.contrib.redirects": "wagtailredirects",
        "wagtail.snippets": "wagtailsnippets",
        "wagtail.documents": "wagtaildocs",
        "wagtail.images": "wagtailimages",
        "wagtail.embeds": "wagtailembeds",
    }
    assert "wagtail.api.v3" not in settings.INSTALLED_APPS


@pytest.mark.django_db
def test_api_docs_page_loads_swagger_ui_from_our_static_files(client):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    assets = re.findall(r'(?:src|href)="([^"]+)"', response.content.decode())
    assert "/static/ninja/swagger-ui-bundle.js" in assets
    assert [a for a in assets if not a.startswith("/static/ninja/")] == []
    assert finders.find("ninja/swagger-ui-bundle.js") is not None


@pytest.mark.django_db
def test_figures_command_computes_every_figure_without_the_url_table(programme, monkeypatch, capsys):
    """The links to the records behind the figures are worked out only when shown: the text
    output of `rallynov figures` never reverses a URL (which loads every view, ≈ 1 s), and the
    JSON output still carries each link."""
    import django.urls
    from django.core.management import call_command

    real_reverse = django.urls.reverse
    reversed_names = []

    def spy(name, *args, **kwargs):
        reversed_names.append(name)
        return real_reverse(name, *args, **kwargs)

    monkeypatch.setattr(django.urls, "reverse", spy)
    call_command("figures", year="2023")
    assert "Chiffres clés 2023" in capsys.readouterr().out
    assert reversed_names == []

    call_command("figures", year="2023", format="json")
    links = {row["key"]: row["records_url"] for row in json.loads(capsys.readouterr().out)["figures"]}
    assert links["initiatives.new"] == real_reverse("initiatives:catalogue") + "?year=2023"
    assert reversed_names
