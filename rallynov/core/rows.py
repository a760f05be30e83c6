"""Many rows of one model written from tuples: what `QuerySet.bulk_create` writes, without a
model instance per row nor Django's compilation of every value (in a 100,000-row import,
building the instances and compiling their values took two thirds of the time). For models
whose `save()` and signals the caller does not rely on (`bulk_create` calls neither).

PostgreSQL receives the rows by COPY (a multi-row INSERT of that size is parsed again by the
driver and by the server for every statement); SQLite by INSERTs of hundreds of rows. New primary keys are reserved beforehand (`new_keys`), so that rows that point at
each other are written once, without an UPDATE afterwards."""

import sqlite3
from itertools import chain, islice

from django.db import connections, models, router

# What one SQLite statement carries at most.
MAX_ROWS = 500
# Defaults that are the same new value for every row (a new empty dict is as good as another).
SHARED_DEFAULTS = (dict, list)


def new_keys(model, count):
    """`count` primary keys for new rows of `model` (an auto-incremented key), in ascending
    order, that no other connection will take. PostgreSQL: from the key's sequence. SQLite:
    after the largest key ever given, which needs the write lock, held from BEGIN IMMEDIATE
    (settings: `transaction_mode`) to the end of the caller's transaction."""
    if count <= 0:
        return []
    connection = connections[router.db_for_write(model)]
    meta = model._meta
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [quote(meta.db_table), meta.pk.column, count],
            )
            return sorted(key for (key,) in cursor.fetchall())
        if connection.vendor != "sqlite":
            raise NotImplementedError(connection.vendor)
        mode = getattr(connection, "transaction_mode", None)
        if not connection.in_atomic_block or mode not in ("IMMEDIATE", "EXCLUSIVE"):
            raise RuntimeError(
                "new_keys on SQLite: only inside a transaction begun IMMEDIATE (the write lock)"
            )
        cursor.execute(
            f"SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "  # noqa: S608
            f"coalesce((SELECT max({quote(meta.pk.column)}) FROM {quote(meta.db_table)}), 0))",
            [meta.db_table],
        )
        (last,) = cursor.fetchone()
    return list(range(last + 1, last + 1 + count))


def _plain(field):
    """True when the database takes the field's Python value as it is (str, int, float, bool,
    None), so that no per-value preparation is needed."""
    if field.is_relation:
        return _plain(field.target_field)
    return isinstance(
        field,
        (models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.FloatField),
    )


class RowInserter:
    """Inserts rows of `model`'s own table (`local_concrete_fields`: a multi-table child writes
    its parent's rows with the parent model).

    `fields`: the attnames given for each row, in this order (the primary key among them when
    the caller reserved it with `new_keys`, else the database gives it). str, int, float, bool
    and None are written as they are, other values are prepared as the model field prepares
    them (UUID, datetime, JSON). Every other column takes its value from `template`, an unsaved
    instance holding what is the same for every row (its defaults included), prepared once. A
    column whose default must differ from row to row (uuid4…) has to be in `fields`."""

    def __init__(self, model, fields, *, template):
        self.connection = connections[router.db_for_write(model)]
        meta = model._meta
        own = [
            f
            for f in meta.local_concrete_fields
            if f.attname in fields or not (f.primary_key and isinstance(f, models.AutoField))
        ]
        by_name = {f.attname: f for f in own}
        unknown = set(fields) - set(by_name)
        if unknown:
            raise ValueError(f"{model.__name__}: unknown columns {sorted(unknown)}")
        given = [by_name[name] for name in fields]
        constant = [f for f in own if f.attname not in set(fields)]
        for f in constant:
            if f.has_default() and callable(f.default) and f.default not in SHARED_DEFAULTS:
                raise ValueError(f"{model.__name__}.{f.attname}: a default per row must be given per row")
        self.preparers = [(i, field.get_db_prep_save) for i, field in enumerate(given) if not _plain(field)]
        self.constants = tuple(
            f.get_db_prep_save(f.pre_save(template, add=True), self.connection) for f in constant
        )
        quote = self.connection.ops.quote_name
        self.columns = ", ".join(quote(f.column) for f in [*given, *constant])
        self.table = quote(meta.db_table)
        self.width = len(given) + len(constant)
        self.statements = {}

    def _prepared(self, rows):
        """Each row as the database takes it: its values prepared, then the constants."""
        constants, preparers, connection = self.constants, self.preparers, self.connection
        for row in rows:
            if preparers:
                row = list(row)
                for i, prepare in preparers:
                    row[i] = prepare(row[i], connection)
            yield (*row, *constants)

    def insert(self, rows):
        """Write `rows` (sequences of the `fields` values; any iterable: a generator computes each
        row while PostgreSQL writes the previous ones). Nothing at all when there is no row."""
        rows = iter(rows)
        first = next(rows, None)
        if first is None:
            return
        rows = self._prepared(chain([first], rows))
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                with cursor.copy(f"COPY {self.table} ({self.columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                return
            # Many rows a statement (faster than one statement run for each row), written with
            # SQLite's own placeholders: Django's rewriting of "%s" took a tenth of the time. Where
            # queries are logged (DEBUG, tests counting them), Django's own placeholders, which its
            # log can print.
            mark = "%s" if self.connection.queries_logged else "?"
            batch = self._sqlite_batch()
            while part := list(islice(rows, batch)):
                cursor.execute(self._sql(len(part), mark), [value for row in part for value in row])

    def _sqlite_batch(self):
        """Rows a statement: as many as SQLite takes parameters (999 before SQLite 3.32), at most
        MAX_ROWS."""
        limit = 999
        raw = self.connection.connection
        if hasattr(raw, "getlimit"):
            limit = raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        return max(1, min(MAX_ROWS, limit // self.width))

    def _sql(self, count, mark):
        if (count, mark) not in self.statements:
            row = "(" + ", ".join([mark] * self.width) + ")"
            values = ", ".join([row] * count)
            self.statements[count, mark] = f"INSERT INTO {self.table} ({self.columns}) VALUES {values}"  # noqa: S608 (names from the model)
        return self.statements[count, mark]
