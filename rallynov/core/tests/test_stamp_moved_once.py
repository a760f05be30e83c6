"""Rows written in bulk move the data stamp once (core.snapshot.stamp_moved_once): what a page
keeps is still computed again after an import, and the stamp's triggers are all there after."""

import pytest
from django.db import connection, transaction

from rallynov.core import snapshot
from rallynov.organizations.models import Organization

pytestmark = pytest.mark.django_db


def triggers():
    table = Organization._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table])
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal", [table])
        return sorted(row[0] for row in cursor.fetchall())


def test_rows_written_in_bulk_move_the_stamp_and_keep_the_triggers():
    kept = triggers()
    assert kept  # the stamp's triggers exist on the table
    before = snapshot.data_stamp()
    with snapshot.stamp_moved_once([Organization]):
        Organization.objects.create(name="Structure A", kind="association")
        Organization.objects.create(name="Structure B", kind="association")
    assert snapshot.data_stamp() != before
    assert triggers() == kept
    after_block = snapshot.data_stamp()
    Organization.objects.create(name="Structure C", kind="association")  # the triggers work again
    assert snapshot.data_stamp() != after_block


def test_a_bulk_block_that_fails_leaves_the_triggers_and_writes_nothing():
    kept = triggers()
    with pytest.raises(RuntimeError), transaction.atomic(), snapshot.stamp_moved_once([Organization]):
        Organization.objects.create(name="Structure A", kind="association")
        raise RuntimeError("ligne invalide")
    assert triggers() == kept
    assert not Organization.objects.filter(name="Structure A").exists()
