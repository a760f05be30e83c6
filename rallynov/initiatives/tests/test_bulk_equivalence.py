"""An imported initiative is the same as one made the editor's way: page and initiative rows,
relations, first revision, catalogue entry, journal entry and new structure. The import writes
them in bulk, without model instances; these tests pin every column so that it cannot drift."""

import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from wagtail.models import Page

from rallynov.core.models import AuditEntry
from rallynov.initiatives.indexing import index_initiative
from rallynov.initiatives.interchange import import_file
from rallynov.initiatives.models import CatalogueEntry, CatalogueEntryTheme, InitiativePage, Theme
from rallynov.initiatives.tests.test_interchange import csv_bytes
from rallynov.organizations.models import Organization
from rallynov.territories.models import Commune

pytestmark = pytest.mark.django_db

ROW = (
    "Garage solidaire de Vesoul;Garage Solidaire 70;association;73282932000074;70550;;;"
    "Mobilité solidaire|Réemploi;2019;Réparations à petit prix.;Un garage <b>partagé</b>.;"
    "garage70.example.org;https://video.example.org/v/1;2021"
)
# Columns that differ from one page to another by nature: identity, place in the tree, the
# moment of publication, the revision rows.
PER_PAGE = {
    "id",
    "page_ptr",
    "page_ptr_id",
    "pk",
    "path",
    "translation_key",
    "first_published_at",
    "last_published_at",
    "latest_revision",
    "latest_revision_id",
    "live_revision",
    "live_revision_id",
    "latest_revision_created_at",
}


def columns(obj):
    return {f.attname: f.value_from_object(obj) for f in obj._meta.concrete_fields}


def relations(page):
    return {
        name: sorted(obj.pk for obj in getattr(page, name).all())
        for name in ("organizations", "communes", "themes", "sdgs")
    }


def entry_state(page_id):
    entry = CatalogueEntry.objects.get(pk=page_id)
    values = {k: v for k, v in columns(entry).items() if k not in {"page_id", "published_at"}}
    themes = sorted(CatalogueEntryTheme.objects.filter(entry=entry).values_list("theme_id", flat=True))
    return values, themes


def stored(page):
    """What the database holds of `page`, without the columns that differ by nature."""
    page = InitiativePage.objects.get(pk=page.pk)
    row = {k: v for k, v in columns(page).items() if k not in PER_PAGE}
    content = json.loads(json.dumps(page.latest_revision.content, cls=DjangoJSONEncoder))
    content = {k: sorted(v) if isinstance(v, list) else v for k, v in content.items() if k not in PER_PAGE}
    return row, relations(page), content, entry_state(page.pk)


FULL = {
    "title": "Garage solidaire de Vesoul",
    "year": 2019,
    "summary": "Réparations à petit prix.",
    "description": "Un garage <b>partagé</b>.",
    "website": "https://garage70.example.org",
    "video_url": "https://video.example.org/v/1",
    "laureate_year": 2021,
}
MINIMAL = {"title": "Tiers-lieu de Vesoul", "year": 2018}


@pytest.mark.parametrize(
    ("row", "fields", "themes"),
    [
        (ROW, FULL, ["Mobilité solidaire", "Réemploi"]),
        ("Tiers-lieu de Vesoul;La Fabrique;;;70550;;;;2018;;;;;", MINIMAL, []),
        # Accents in the address, themes given in another order than theirs.
        ("Épicerie à Vesoul;L'Épi;;;70550;;;Réemploi|Mobilité solidaire;2020;;;;;",
         {"title": "Épicerie à Vesoul", "year": 2020}, ["Mobilité solidaire", "Réemploi"]),
    ],
)
def test_an_imported_initiative_is_the_one_an_editor_would_make(catalogue, programme, row, fields, themes):
    report = import_file(csv_bytes(row), filename="a.csv", programme=programme)
    assert report.created == 1
    imported = InitiativePage.objects.get()
    bulk = stored(imported)
    revision = imported.latest_revision
    organization = imported.organizations.get()
    # Made again the editor's way, in the same place of the tree (same slug).
    imported.delete()
    page = InitiativePage(
        programme=programme, main_commune=Commune.objects.get(insee="70550"), source="import", **fields
    )
    catalogue.add_child(instance=page)
    page.organizations.set([organization])
    page.communes.set([page.main_commune])
    page.themes.set(Theme.objects.filter(name__in=themes))
    page.save_revision().publish()
    index_initiative(page)
    normal = stored(page)
    # The editor's revision is taken before publication: not yet published, no date.
    normal[2].update(has_unpublished_changes=False)
    assert bulk[0] == normal[0]
    assert bulk[1] == normal[1]
    assert bulk[2] == normal[2]
    assert bulk[3] == normal[3]
    # The revision's own columns.
    assert (revision.content_type.model_class(), revision.base_content_type.model_class()) == (
        InitiativePage,
        Page,
    )
    assert (revision.object_str, revision.user_id, revision.approved_go_live_at) == (page.title, None, None)
    assert revision.content["first_published_at"] is not None


def test_imported_rows_hold_every_default_of_their_models(catalogue, programme):
    report = import_file(csv_bytes(ROW), filename="a.csv", programme=programme)
    page = InitiativePage.objects.get(pk=report.rows[0].page_id)
    row = columns(page)
    assert (row["latest_revision_id"], row["live_revision_id"]) == (page.latest_revision.pk,) * 2
    assert row["latest_revision_created_at"] is None  # as the bulk path always wrote it
    assert row["first_published_at"] == row["last_published_at"] == page.latest_revision.created_at
    assert row["translation_key"] is not None
    assert row["url_path"] == f"{catalogue.url_path}garage-solidaire-de-vesoul/"
    # The new structure: its columns are those of the model's defaults.
    organization = page.organizations.get()
    expected = columns(
        Organization(
            name="Garage Solidaire 70",
            name_key="garage solidaire 70",
            kind="association",
            siret="73282932000074",
            commune=page.main_commune,
        )
    )
    got = columns(organization)
    assert got["created_at"] is not None and got["updated_at"] is not None
    skip = {"id", "created_at", "updated_at"}
    assert {k: v for k, v in got.items() if k not in skip} == {
        k: v for k, v in expected.items() if k not in skip
    }
    # Its journal entry.
    entry = AuditEntry.objects.get(action="import")
    assert (entry.object_id, entry.object_repr, entry.content_type.model_class()) == (
        str(page.pk),
        page.title,
        InitiativePage,
    )
    assert (entry.actor_id, entry.actor_label, entry.changes, entry.note) == (
        None,
        "système",
        {},
        "Créée par import",
    )


def test_wagtail_loads_and_edits_an_imported_initiative(catalogue, programme, client, superuser):
    report = import_file(csv_bytes(ROW), filename="a.csv", programme=programme)
    page = InitiativePage.objects.get(pk=report.rows[0].page_id)
    from_revision = page.latest_revision.as_object()
    assert {k: v for k, v in columns(from_revision).items() if k not in PER_PAGE} == {
        k: v for k, v in columns(page).items() if k not in PER_PAGE
    }
    assert relations(from_revision) == relations(page)
    client.force_login(superuser)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    assert "Garage solidaire de Vesoul" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_bulk_creation_outside_a_transaction_opens_its_own(catalogue, programme):
    # new_keys needs SQLite's write lock (BEGIN IMMEDIATE): create_initiatives takes it itself.
    from rallynov.initiatives.bulk import NewInitiative, create_initiatives

    commune = Commune.objects.get(insee="70550")
    organization = Organization.objects.create(name="Structure seule", kind="association", commune=commune)
    pages = create_initiatives(
        catalogue=catalogue,
        programme=programme,
        items=[
            NewInitiative(title=f"Seule {i}", commune=commune, organization_id=organization.pk, year=2020)
            for i in range(3)
        ],
    )
    stored = InitiativePage.objects.filter(pk__in=[p.pk for p in pages]).order_by("pk")
    assert [p.title for p in stored] == ["Seule 0", "Seule 1", "Seule 2"]
    assert all(p.latest_revision_id and p.latest_revision.object_id == str(p.pk) for p in stored)
    assert CatalogueEntry.objects.filter(pk__in=[p.pk for p in pages]).count() == 3
    assert Page.find_problems() == ([], [], [], [], [])


def test_an_import_runs_where_queries_are_logged(catalogue, programme):
    # DEBUG on (`make run`) or a test counting queries: Django logs each query and prints its
    # parameters into its SQL, which SQLite's own placeholders made fail.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        report = import_file(csv_bytes(ROW), filename="a.csv", programme=programme)
    assert report.created == 1
    assert InitiativePage.objects.filter(title="Garage solidaire de Vesoul").exists()
    if connection.vendor == "sqlite":  # PostgreSQL writes the rows with COPY, outside the log
        assert any("Garage solidaire de Vesoul" in query["sql"] for query in queries.captured_queries)
