"""Harvesting a partner's catalogue from a local HTTP server: drafts in moderation, source kept,
duplicates flagged, nothing changed by a source that is down, slow, malformed or too big."""

import functools
import http.server
import json
import threading
import time

import pytest
from django.core.management import CommandError, call_command

from rallynov.initiatives.harvest.fetching import HarvestError, fetch
from rallynov.initiatives.harvest.models import HarvestedSheet, HarvestSource
from rallynov.initiatives.harvest.running import harvest_source
from rallynov.initiatives.models import CatalogueEntry, InitiativePage

CSV = (
    "identifiant;titre;structure;ville;code_postal;thematiques;resume\n"
    "A1;Garage solidaire du Creusot;Association Roues Libres;Le Creusot;71200;Mobilité durable;Réparer pour rouler.\n"
    "A2;Epicerie solidaire de Dijon;Épicerie pour tous;Dijon;21000;Épicerie solidaire;Une épicerie.\n"
    "A3;Sans commune;Structure X;Nulle-Part;00000;;\n"
)


class Handler(http.server.BaseHTTPRequestHandler):
    routes = {}

    def do_GET(self):  # noqa: N802 (http.server's name)
        status, body, content_type, delay = self.routes.get(self.path, (404, b"", "text/plain", 0))
        if delay:
            time.sleep(delay)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    Handler.routes = {}
    yield Handler.routes, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def source(catalogue, programme, server):
    routes, base = server
    routes["/catalogue.csv"] = (200, CSV.encode(), "text/csv", 0)
    return HarvestSource.objects.create(
        programme=programme,
        name="Réseau des tiers-lieux",
        url=f"{base}/catalogue.csv",
        column_mapping={"identifiant": "id", "thematiques": "themes"},
        theme_mapping={"Mobilité durable": "Mobilité solidaire"},
    )


def _state():
    return (InitiativePage.objects.count(), HarvestedSheet.objects.count(), CatalogueEntry.objects.count())


@pytest.mark.django_db
def test_harvest_makes_drafts_in_moderation_with_their_source(source, initiative_factory):
    existing = initiative_factory("Épicerie solidaire de Dijon")

    report = harvest_source(source=source)

    assert [page.title for page in report.created] == [
        "Garage solidaire du Creusot",
        "Epicerie solidaire de Dijon",
    ]
    assert [number for number, _reason in report.rejected] == [4]
    garage = InitiativePage.objects.get(title="Garage solidaire du Creusot")
    assert (garage.live, garage.programme_id, garage.source) == (False, source.programme_id, "partenaire")
    assert garage.workflow_states.filter(status="in_progress").count() == 1
    # What the moderator reviews is the draft's revision.
    draft = garage.get_latest_revision_as_object()
    assert [theme.name for theme in draft.themes.all()] == ["Mobilité solidaire"]
    assert [organization.name for organization in draft.organizations.all()] == ["Association Roues Libres"]
    assert (garage.harvest.source, garage.harvest.external_key) == (source, "A1")
    duplicate = InitiativePage.objects.get(title="Epicerie solidaire de Dijon").harvest.possible_duplicates
    assert [item["id"] for item in duplicate] == [existing.pk]
    # Nothing is published before moderation: the public catalogue holds only the existing sheet.
    assert list(CatalogueEntry.objects.values_list("title", flat=True)) == ["Épicerie solidaire de Dijon"]
    source.refresh_from_db()
    assert source.last_status == "ok" and "Ligne 4" in source.last_message


@pytest.mark.django_db
def test_harvest_again_changes_nothing(source):
    harvest_source(source=source)
    before = _state()

    report = harvest_source(source=source)

    assert (len(report.created), report.unchanged, _state()) == (0, 2, before)


@pytest.mark.django_db
def test_harvest_reads_json_lists(source, server):
    routes, base = server
    rows = [
        {
            "id": 7,
            "name": "Tiers-lieu de Besançon",
            "organization": "Coop B",
            "commune": "Besançon",
            "postal_code": "25000",
        }
    ]
    routes["/api"] = (200, json.dumps({"results": rows}).encode(), "application/json", 0)
    source.url = f"{base}/api"
    source.save()

    report = harvest_source(source=source)

    assert [(page.title, page.harvest.external_key) for page in report.created] == [
        ("Tiers-lieu de Besançon", "7")
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("route", "fetcher", "message"),
    [
        ("/absent", fetch, "La source a répondu par une erreur (404"),
        ("/broken.json", fetch, "JSON illisible"),
        ("/not-a-list.json", fetch, "n'est pas une liste d'objets"),
        ("/slow", functools.partial(fetch, timeout=1), "n'a pas répondu en 1 secondes"),
        ("/huge", functools.partial(fetch, max_bytes=1024), "dépasse la taille permise"),
        ("/latin1", fetch, "n'est pas en UTF-8"),
    ],
)
def test_a_source_that_fails_changes_nothing(source, server, route, fetcher, message):
    routes, base = server
    routes.update(
        {
            "/broken.json": (200, b'[{"name": "x"', "application/json", 0),
            "/not-a-list.json": (200, b'{"name": "x"}', "application/json", 0),
            "/slow": (200, CSV.encode(), "text/csv", 3),
            "/huge": (200, CSV.encode() * 100, "text/csv", 0),
            "/latin1": (200, CSV.encode("cp1252", errors="replace").replace(b"\x00", b""), "text/csv", 0),
        }
    )
    source.url = base + route
    source.save()
    before = _state()

    with pytest.raises(HarvestError) as refused:
        harvest_source(source=source, fetcher=fetcher)

    assert message in str(refused.value)
    assert _state() == before
    source.refresh_from_db()
    assert (source.last_status, source.last_message) == ("erreur", str(refused.value))


@pytest.mark.django_db
def test_a_source_that_is_down_changes_nothing(source):
    source.url = "http://127.0.0.1:9/catalogue.csv"  # the discard port: nothing listens
    source.save()
    before = _state()

    with pytest.raises(HarvestError, match="Source injoignable"):
        harvest_source(source=source)

    assert _state() == before


@pytest.mark.django_db
def test_harvest_command_runs_due_sources_and_reports_failures(source, server):
    call_command("harvest")
    assert HarvestedSheet.objects.count() == 2

    call_command("harvest")  # not due again before a week
    source.url = server[1] + "/absent"
    source.save()
    with pytest.raises(CommandError, match="1 source\\(s\\) non moissonnée\\(s\\)"):
        call_command("harvest", "--source", str(source.pk))
