"""Audience without a transaction per view: views are buffered in the process and written in
batches; nothing is lost on a write error or a clean shutdown; reads are never stale."""

import runpy
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.db import connection

from rallynov.site import audience
from rallynov.site.models import PageViewDay, VisitorDay, VisitorDigest

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]


def stored_views():
    """What the database holds, without flushing first."""
    return list(PageViewDay.objects.order_by("path").values_list("path", "views"))


def test_views_are_written_in_one_batch_after_the_response_is_sent(
    audience_on, browser_client, site_pages, settings
):
    settings.AUDIENCE_BATCH_SIZE = 3
    browser_client.get("/mentions-legales/")
    browser_client.get("/")  # the home page shows the audience figures: it reads, never writes

    assert stored_views() == []
    assert audience.buffer.pending() == 2

    browser_client.get("/mentions-legales/")  # the third view makes the batch due; written after sending

    assert stored_views() == [("/", 1), ("/mentions-legales/", 2)]
    assert list(VisitorDay.objects.values_list("visitors", flat=True)) == [1]
    assert audience.buffer.pending() == 0


def test_figures_count_pending_views_without_writing(
    audience_on, browser_client, site_pages, programme, today
):
    audience.write_views(
        views={(programme.pk, today, "/"): [4, "Accueil"]}, digests={(programme.pk, today): {"d1"}}
    )
    browser_client.get("/mentions-legales/")
    browser_client.get("/mentions-legales/", REMOTE_ADDR="198.51.100.7")

    totals = audience.totals(programme=programme, start=today, end=today)

    assert totals == {"visitors": 3, "page_views": 6}
    assert stored_views() == [("/", 4)]
    assert audience.buffer.pending() == 2


def test_staff_report_reads_flush_pending_views_first(
    audience_on, browser_client, site_pages, programme, today
):
    browser_client.get("/mentions-legales/")

    top = audience.top_pages(programme=programme, start=today, end=today)

    assert [(row["path"], row["views"]) for row in top] == [("/mentions-legales/", 1)]
    assert stored_views() == [("/mentions-legales/", 1)]


def test_failed_write_keeps_the_views_for_the_next_flush(programme, today, monkeypatch):
    audience.buffer.add(programme_id=programme.pk, path="/", title="Accueil", digest="d1", day=today)
    audience.buffer.add(programme_id=programme.pk, path="/", title="Accueil", digest="d2", day=today)

    def down(**kwargs):
        raise RuntimeError("base indisponible")

    with monkeypatch.context() as patch:
        patch.setattr(audience, "write_views", down)
        assert audience.flush() == 0
    assert audience.buffer.pending() == 2

    assert audience.flush() == 2
    assert stored_views() == [("/", 2)]
    assert list(VisitorDay.objects.values_list("visitors", flat=True)) == [2]


def test_visitor_seen_by_two_batches_counts_once(programme, today):
    for _ in range(2):  # as two workers flushing the same visitor
        audience.write_views(
            views={(programme.pk, today, "/"): [1, "Accueil"]}, digests={(programme.pk, today): {"d1"}}
        )

    assert stored_views() == [("/", 2)]
    assert list(VisitorDay.objects.values_list("visitors", flat=True)) == [1]
    assert VisitorDigest.objects.count() == 1


def test_gunicorn_worker_exit_hook_writes_pending_views(programme, today):
    audience.buffer.add(programme_id=programme.pk, path="/prix/", title="Prix", digest="d1", day=today)
    hooks = runpy.run_path(str(ROOT / "gunicorn.conf.py"))

    hooks["worker_exit"](None, None)

    assert stored_views() == [("/prix/", 1)]


def _database_url():
    config = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{config['NAME']}"
    password = f":{config['PASSWORD']}" if config.get("PASSWORD") else ""
    return f"postgres://{config['USER']}{password}@{config['HOST'] or '127.0.0.1'}:{config['PORT'] or 5432}/{config['NAME']}"


SHUTDOWN = textwrap.dedent(
    """
    import os, sys
    os.environ["DJANGO_SETTINGS_MODULE"] = "rallynov.settings"
    import django
    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse
    from django.test import RequestFactory
    from rallynov.core.models import Programme
    from rallynov.site.audience import AudienceMiddleware, buffer

    page = lambda request: HttpResponse("<title>Accueil</title>", content_type="text/html")
    middleware = AudienceMiddleware(page)
    programme = Programme.objects.get(pk=int(sys.argv[1]))
    for address in ["192.0.2.1", "192.0.2.2", "198.51.100.3"]:
        request = RequestFactory().get("/", HTTP_USER_AGENT=sys.argv[2], REMOTE_ADDR=address)
        request.user = AnonymousUser()
        request._rallynov_programme = programme
        middleware(request).close()
    print(buffer.pending())
    """
)


@pytest.mark.django_db(transaction=True)
def test_no_view_is_lost_on_a_clean_shutdown(programme):
    from rallynov.site.tests.conftest import BROWSER_UA

    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": _database_url()}
    done = subprocess.run(  # noqa: S603 (our own interpreter and a fixed script)
        [sys.executable, "-c", SHUTDOWN, str(programme.pk), BROWSER_UA],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["3"]  # still pending when the process ended
    assert stored_views() == [("/", 3)]
    assert list(VisitorDay.objects.values_list("visitors", flat=True)) == [2]  # two networks
