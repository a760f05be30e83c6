"""Bulk creation writes the same catalogue entries as the page-by-page indexing."""

import pytest
from django.forms.models import model_to_dict

from rallynov.initiatives.indexing import index_many
from rallynov.initiatives.interchange import import_file
from rallynov.initiatives.models import CatalogueEntry, CatalogueEntrySdg, CatalogueEntryTheme
from rallynov.initiatives.tests.test_interchange import GOOD, csv_bytes

pytestmark = pytest.mark.django_db


def snapshot():
    entries = [model_to_dict(e) for e in CatalogueEntry.objects.order_by("page_id")]
    themes = sorted(CatalogueEntryTheme.objects.values_list("entry_id", "theme_id"))
    sdgs = sorted(CatalogueEntrySdg.objects.values_list("entry_id", "sdg_id"))
    return entries, themes, sdgs


def test_bulk_entries_equal_what_indexing_each_page_writes(catalogue, programme):
    report = import_file(csv_bytes(*GOOD), filename="a.csv", programme=programme)
    bulk = snapshot()

    index_many([row.page_id for row in report.rows])

    assert report.created == 2
    assert len(bulk[0]) == 2 and bulk[0][0]["url"].endswith("/")
    assert snapshot() == bulk
