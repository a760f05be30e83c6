# ruff: noqa: S608  (table and trigger names are this file's constants)
"""The catalogue's stamp, and PostgreSQL's stored tsvector.

1. initiatives_catalogue_stamp: one row whose token is set to a new random number by the
   database itself (triggers) whenever an entry or one of its theme or SDG links is written or
   deleted, whatever writes it (indexing, a cascade, a bulk load). The in-process facet index
   (facets.py) is rebuilt when the token it was built for is no longer the one in the database:
   right across processes (gunicorn workers), and right after a rollback too (the token goes
   back with the rows it stood for).
2. PostgreSQL: `search_vector`, a STORED generated column to_tsvector('simple', stems), with its
   GIN index, in place of the expression index of 0004: a prefix query must recheck each match
   and ranking reads the vector, and both recomputed to_tsvector for each matching row
   (seconds for "innovation" at 10,000 initiatives). No model field: only raw SQL reads it.
"""

from django.db import migrations

TABLES = ("initiatives_catalogueentry", "initiatives_catalogueentrytheme", "initiatives_catalogueentrysdg")
STAMP = "initiatives_catalogue_stamp"

SQLITE_UP = [
    f"CREATE TABLE {STAMP} (id integer NOT NULL PRIMARY KEY, token bigint NOT NULL)",
    f"INSERT INTO {STAMP} (id, token) VALUES (1, abs(random()))",
] + [
    f"CREATE TRIGGER {table}_stamp_{event.lower()} AFTER {event} ON {table} BEGIN "
    f"UPDATE {STAMP} SET token = abs(random()) WHERE id = 1; END"
    for table in TABLES
    for event in ("INSERT", "UPDATE", "DELETE")
]
SQLITE_DOWN = [
    f"DROP TRIGGER IF EXISTS {table}_stamp_{event.lower()}" for table in TABLES for event in ("INSERT", "UPDATE", "DELETE")
] + [f"DROP TABLE IF EXISTS {STAMP}"]

POSTGRES_UP = [
    f"CREATE TABLE {STAMP} (id integer NOT NULL PRIMARY KEY, token bigint NOT NULL)",
    f"INSERT INTO {STAMP} (id, token) VALUES (1, floor(random() * 9e18)::bigint)",
    "CREATE FUNCTION initiatives_catalogue_restamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"UPDATE {STAMP} SET token = floor(random() * 9e18)::bigint WHERE id = 1; RETURN NULL; END $$",
] + [
    f"CREATE TRIGGER {table}_stamp AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
    "FOR EACH STATEMENT EXECUTE FUNCTION initiatives_catalogue_restamp()"
    for table in TABLES
] + [
    "ALTER TABLE initiatives_catalogueentry ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, stems)) STORED",
    "CREATE INDEX initiatives_entry_search_vector ON initiatives_catalogueentry USING GIN (search_vector)",
    "DROP INDEX IF EXISTS initiatives_entry_stems_gin",
]
POSTGRES_DOWN = [
    "CREATE INDEX IF NOT EXISTS initiatives_entry_stems_gin ON initiatives_catalogueentry "
    "USING GIN (to_tsvector('simple'::regconfig, stems))",
    "DROP INDEX IF EXISTS initiatives_entry_search_vector",
    "ALTER TABLE initiatives_catalogueentry DROP COLUMN IF EXISTS search_vector",
] + [f"DROP TRIGGER IF EXISTS {table}_stamp ON {table}" for table in TABLES] + [
    "DROP FUNCTION IF EXISTS initiatives_catalogue_restamp()",
    f"DROP TABLE IF EXISTS {STAMP}",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0006_catalogue_covering_indexes")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        ),
    ]
