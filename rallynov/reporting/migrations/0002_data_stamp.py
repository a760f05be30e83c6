"""The data stamp of the key figures (core.snapshot).

reporting_data_stamp holds counters whose sum grows at every committed write to a table the figures
read: the triggers (made by core.snapshot.install_triggers after every migrate, so that a
table added later gets its own) add 1 plus a random number to a counter, so that the sum never
comes back to a value it had, even after a rolled-back write. On PostgreSQL a write takes a counter that
no other transaction holds (FOR UPDATE SKIP LOCKED), or a new one: a long import never makes a
public submission wait on the stamp, and two transactions never deadlock on it. A rolled-back
write takes its increment back with it. No model: only raw SQL reads it. SQLite's triggers are
named reporting_figures_<table>_<event>: never "*_stamp_*", the catalogue's own (0007 of
initiatives), which initiatives.facets counts.
"""

from django.db import migrations

SQLITE_UP = [
    "CREATE TABLE reporting_data_stamp (id integer NOT NULL PRIMARY KEY, token bigint NOT NULL)",
    "INSERT INTO reporting_data_stamp (id, token) VALUES (1, 0)",
]
SQLITE_DOWN = ["DROP TABLE IF EXISTS reporting_data_stamp"]
POSTGRES_UP = [
    "CREATE TABLE reporting_data_stamp (id serial PRIMARY KEY, token bigint NOT NULL)",
    "INSERT INTO reporting_data_stamp (token) SELECT 0 FROM generate_series(1, 4)",
    "CREATE FUNCTION reporting_data_restamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "UPDATE reporting_data_stamp SET token = token + 1 + floor(random() * 1e9)::bigint WHERE id = ("
    "SELECT id FROM reporting_data_stamp ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED); "
    "IF NOT FOUND THEN INSERT INTO reporting_data_stamp (token) VALUES (1 + floor(random() * 1e9)::bigint); END IF; "
    "RETURN NULL; END $$",
]
POSTGRES_DOWN = [
    "DROP FUNCTION IF EXISTS reporting_data_restamp() CASCADE",
    "DROP TABLE IF EXISTS reporting_data_stamp",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        ),
    ]
