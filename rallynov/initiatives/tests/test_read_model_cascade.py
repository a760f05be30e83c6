"""The catalogue's read model has no foreign-key constraint in the database (CatalogueEntry's
docstring): what the constraints would have guaranteed, Django's on_delete and the rebuild do."""

from django.db import connection

from rallynov.core.models import Programme
from rallynov.initiatives.indexing import reindex_all
from rallynov.initiatives.models import (
    CatalogueEntry,
    CatalogueEntrySdg,
    CatalogueEntryTheme,
    InitiativePage,
    Theme,
)


def _links(page):
    return (
        CatalogueEntryTheme.objects.filter(entry_id=page.pk).count(),
        CatalogueEntrySdg.objects.filter(entry_id=page.pk).count(),
    )


def test_deleting_a_page_removes_its_entry_and_links(initiative_factory):
    page = initiative_factory("Atelier vélo", themes=["covoiturage"], sdgs=[11])
    kept = initiative_factory("Épicerie solidaire", themes=["covoiturage"], sdgs=[11])
    assert CatalogueEntry.objects.filter(pk=page.pk).exists()
    assert _links(page) == (2, 1)  # the theme with its parent, one SDG

    InitiativePage.objects.get(pk=page.pk).delete()

    assert not CatalogueEntry.objects.filter(pk=page.pk).exists()
    assert _links(page) == (0, 0)
    assert CatalogueEntry.objects.filter(pk=kept.pk).exists()
    assert _links(kept) == (2, 1)


def test_deleting_a_theme_removes_its_links(initiative_factory):
    page = initiative_factory("Atelier vélo", themes=["covoiturage"])
    theme = Theme.objects.get(slug="covoiturage")

    theme.delete()

    assert list(CatalogueEntryTheme.objects.filter(entry_id=page.pk).values_list("theme_id", flat=True)) == [
        theme.parent_id
    ]


def test_deleting_a_programme_removes_its_entries(initiative_factory, programme):
    page = initiative_factory("Atelier vélo", themes=["covoiturage"], sdgs=[11])
    other = Programme.objects.create(name="Autre programme", slug="autre", region=programme.region)
    CatalogueEntry.objects.filter(pk=page.pk).update(programme=other)

    other.delete()

    assert not CatalogueEntry.objects.filter(pk=page.pk).exists()
    assert _links(page) == (0, 0)


def test_a_rebuild_drops_an_entry_whose_page_is_gone(initiative_factory):
    """A page removed by raw SQL (a restore, a manual fix) leaves its entry; the rebuild of the
    catalogue removes it, links included."""
    page = initiative_factory("Atelier vélo", themes=["covoiturage"], sdgs=[11])
    kept = initiative_factory("Épicerie solidaire")
    with connection.cursor() as cursor:
        for table in ("initiatives_initiativepage_themes", "initiatives_initiativepage_sdgs"):
            cursor.execute(f"DELETE FROM {table} WHERE initiativepage_id = %s", [page.pk])  # noqa: S608
        for table in ("initiatives_initiativepage_organizations", "initiatives_initiativepage_communes"):
            cursor.execute(f"DELETE FROM {table} WHERE initiativepage_id = %s", [page.pk])  # noqa: S608
        cursor.execute("DELETE FROM initiatives_initiativepage WHERE page_ptr_id = %s", [page.pk])
    assert CatalogueEntry.objects.filter(pk=page.pk).exists()

    reindex_all()

    assert not CatalogueEntry.objects.filter(pk=page.pk).exists()
    assert _links(page) == (0, 0)
    assert list(CatalogueEntry.objects.values_list("pk", flat=True)) == [kept.pk]
