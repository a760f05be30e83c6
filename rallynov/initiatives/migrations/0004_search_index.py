"""Full-text index over CatalogueEntry.stems: FTS5 on SQLite, a 'simple' tsvector GIN on PostgreSQL.

The stems are already folded and stemmed in Python (core.text.stems), so the database only has to
match prefixes: `"epicer"*` in FTS5, `epicer:*` in PostgreSQL.
"""

from django.db import migrations

SQLITE_UP = [
    "CREATE VIRTUAL TABLE initiatives_search USING fts5("
    "stems, content='initiatives_catalogueentry', content_rowid='page_id', prefix='2 3 4')",
    "CREATE TRIGGER initiatives_search_ai AFTER INSERT ON initiatives_catalogueentry BEGIN "
    "INSERT INTO initiatives_search(rowid, stems) VALUES (new.page_id, new.stems); END",
    "CREATE TRIGGER initiatives_search_ad AFTER DELETE ON initiatives_catalogueentry BEGIN "
    "INSERT INTO initiatives_search(initiatives_search, rowid, stems) VALUES ('delete', old.page_id, old.stems); END",
    "CREATE TRIGGER initiatives_search_au AFTER UPDATE ON initiatives_catalogueentry BEGIN "
    "INSERT INTO initiatives_search(initiatives_search, rowid, stems) VALUES ('delete', old.page_id, old.stems); "
    "INSERT INTO initiatives_search(rowid, stems) VALUES (new.page_id, new.stems); END",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS initiatives_search_au",
    "DROP TRIGGER IF EXISTS initiatives_search_ad",
    "DROP TRIGGER IF EXISTS initiatives_search_ai",
    "DROP TABLE IF EXISTS initiatives_search",
]
POSTGRES_UP = [
    "CREATE INDEX initiatives_entry_stems_gin ON initiatives_catalogueentry "
    "USING GIN (to_tsvector('simple'::regconfig, stems))",
]
POSTGRES_DOWN = ["DROP INDEX IF EXISTS initiatives_entry_stems_gin"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor, [])
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0003_catalogue_read_model")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        ),
    ]
