"""The catalogue's read model (CatalogueEntry and its theme and SDG links) without foreign-key
constraints in the database, nor the single-column indexes that its composite indexes cover
(see CatalogueEntry's docstring).

On SQLite, altering a field rebuilds the table, which drops its triggers: the full-text
index's (0004) and the catalogue stamp's (0007) are created again after the rebuild, both ways.
The data stamp's triggers come back by themselves (core.snapshot.install_triggers, post_migrate).
"""

import importlib

import django.db.models.deletion
from django.db import migrations, models


def _sqlite_triggers():
    """The CREATE TRIGGER statements of 0004 and 0007 for SQLite."""
    statements = []
    for name in ("0004_search_index", "0007_catalogue_stamp_search_vector"):
        module = importlib.import_module(f"rallynov.initiatives.migrations.{name}")
        statements += [sql for sql in module.SQLITE_UP if sql.startswith("CREATE TRIGGER ")]
    return [sql.replace("CREATE TRIGGER ", "CREATE TRIGGER IF NOT EXISTS ", 1) for sql in statements]


def restore_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in _sqlite_triggers():
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_national_site"),
        ("initiatives", "0010_harvest_sources"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, restore_triggers),
        migrations.AlterField(
            model_name="catalogueentry",
            name="page",
            field=models.OneToOneField(
                db_constraint=False,
                on_delete=django.db.models.deletion.CASCADE,
                primary_key=True,
                related_name="catalogue_entry",
                serialize=False,
                to="initiatives.initiativepage",
            ),
        ),
        migrations.AlterField(
            model_name="catalogueentry",
            name="programme",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="core.programme",
            ),
        ),
        migrations.AlterField(
            model_name="catalogueentrysdg",
            name="entry",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="sdg_links",
                to="initiatives.catalogueentry",
            ),
        ),
        migrations.AlterField(
            model_name="catalogueentrysdg",
            name="sdg",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="initiatives.sustainabledevelopmentgoal",
            ),
        ),
        migrations.AlterField(
            model_name="catalogueentrytheme",
            name="entry",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="theme_links",
                to="initiatives.catalogueentry",
            ),
        ),
        migrations.AlterField(
            model_name="catalogueentrytheme",
            name="theme",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="initiatives.theme",
            ),
        ),
        migrations.RunPython(restore_triggers, migrations.RunPython.noop),
    ]
