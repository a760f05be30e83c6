"""Values kept between requests, and never stale: a snapshot valid for one data stamp.

Computing every key figure of a year reads most tables of the platform (tens of milliseconds at
100,000 initiatives); the home page, the key figures page and the API show them on every view,
and every page shows the programme's chrome (settings, legal pages, funders: site.chrome).
Such values are kept in this process with the database's *data stamp* they were computed at,
and computed again as soon as the stamp moved:

- the stamp is the sum of the counters of `reporting_data_stamp` (reporting's migration 0002,
  whose app connects `install_triggers` to post_migrate), which the
  database itself raises at every write to a table of the platform (triggers made by
  `install_triggers` after every `migrate`, on every table of the rallynov apps and on Wagtail's
  pages, whatever writes it: a view, a command, an import, the admin, a cascade). Every gunicorn
  process sees a registration, a check-in or a published sheet at its next request. Reading the
  stamp is one tiny query;
- a part whose figures also move with time alone says when (`figures_change_at(programme=, year=)`
  in its `figures.py`: the events part, whose held events are those already started); the
  snapshot is computed again from then;
- the parts in VOLATILE_PARTS are never kept: the site's audience counts move with every visit
  (their tables have no trigger) and cost three small queries.

The cache is per process (a dict), keyed by database, language and what the caller names
(programme, year and part for the figures).
"""

import contextlib
import contextvars
import datetime
import threading
from collections import OrderedDict

from django.apps import apps
from django.db import DatabaseError, connection
from django.utils import timezone, translation

STAMP_TABLE = "reporting_data_stamp"
STAMP_SQL = f"SELECT sum(token) FROM {STAMP_TABLE}"  # noqa: S608 - a constant
# Parts whose figures are computed at every view (see the module's docstring).
VOLATILE_PARTS = frozenset({"site"})
# Models written at every page view (audience measurement): no trigger (a counted view must not
# make every kept value be computed again), their figures are volatile.
UNSTAMPED_MODELS = (
    "rallynov_site.PageViewDay",
    "rallynov_site.VisitorDay",
    "rallynov_site.DailySalt",
    "rallynov_site.VisitorDigest",
)
# Wagtail's sites (which site a host is), page tree (whether a page is live, its path) and
# images (a programme's logo). Other third-party tables hold nothing kept.
THIRD_PARTY_TABLES = ("wagtailcore_site", "wagtailcore_page", "wagtailimages_image")
MAX_ENTRIES = 512

_cache = {}
_lock = threading.Lock()


def stamped_tables():
    """The tables whose writes move the stamp: every table of a rallynov app (auto-created links
    included) and Wagtail's pages, but the audience counters."""
    tables = set(THIRD_PARTY_TABLES)
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.app_config.name.startswith("rallynov.") and meta.managed and not meta.proxy:
            tables.add(meta.db_table)
    return sorted(tables - unstamped_tables())


def unstamped_tables():
    """The audience counters' tables (UNSTAMPED_MODELS)."""
    return {apps.get_model(label)._meta.db_table for label in UNSTAMPED_MODELS}


_SQLITE_RESTAMP = f"UPDATE {STAMP_TABLE} SET token = token + 1 + abs(random() % 1000000000) WHERE id = 1"  # noqa: S608


def _sqlite_trigger(table, event):
    # Table names come from the models' Meta, never from a request. The name must not match the
    # catalogue's own triggers ("*_stamp_*", initiatives.facets.triggers_in_place counts them).
    name = f"reporting_figures_{table}_{event.lower()}"
    return f'CREATE TRIGGER IF NOT EXISTS "{name}" AFTER {event} ON "{table}" BEGIN {_SQLITE_RESTAMP}; END'


@contextlib.contextmanager
def stamp_moved_once(models, *, using="default"):
    """Rows written in bulk to the tables of `models` move the data stamp once, at the end,
    instead of once per row. SQLite's triggers are per row (a reload of the 35,000 communes spent
    half its time moving the stamp): on SQLite they are set aside for the block and put back
    before it ends, in its transaction, so that no other connection ever sees a table without
    them (one writer at a time, and SQLite's DDL is part of the transaction); a block that fails
    rolls back with its DDL. PostgreSQL's triggers run once per statement already."""
    from django.db import connections, transaction

    db = connections[using]
    if db.vendor != "sqlite":
        yield
        return
    tables = sorted({model._meta.db_table for model in models})
    with transaction.atomic(using=using, savepoint=False):
        with db.cursor() as cursor:
            cursor.execute(
                "SELECT name, sql, tbl_name FROM sqlite_master WHERE type = 'trigger' "
                "AND name LIKE 'reporting_figures_%%'"
            )
            triggers = [(name, sql) for name, sql, table in cursor.fetchall() if table in tables]
            for name, _sql in triggers:
                cursor.execute(f'DROP TRIGGER "{name}"')
        yield
        with db.cursor() as cursor:
            for _name, sql in triggers:
                cursor.execute(sql)
            if triggers:
                cursor.execute(_SQLITE_RESTAMP)


def _postgres_trigger(table):
    return (
        f'CREATE OR REPLACE TRIGGER reporting_stamp AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
        "FOR EACH STATEMENT EXECUTE FUNCTION reporting_data_restamp()"
    )


def install_triggers(*, using="default", **kwargs):
    """Create the stamp's triggers on every stamped table that lacks them (post_migrate: a new
    table gets its trigger, and so does a table SQLite rebuilt, which drops its triggers)."""
    from django.db import connections

    db = connections[using]
    if db.vendor not in ("sqlite", "postgresql"):
        return
    existing = set(db.introspection.table_names())
    if STAMP_TABLE not in existing:
        return
    with db.cursor() as cursor:
        for table in stamped_tables():
            if table not in existing:
                continue
            if db.vendor == "sqlite":
                for event in ("INSERT", "UPDATE", "DELETE"):
                    cursor.execute(_sqlite_trigger(table, event))
            else:
                cursor.execute(_postgres_trigger(table))
        # The audience counters had triggers once (their names were mistyped in the list above).
        for table in unstamped_tables() & existing:
            if db.vendor == "sqlite":
                for event in ("INSERT", "UPDATE", "DELETE"):
                    cursor.execute(f'DROP TRIGGER IF EXISTS "reporting_figures_{table}_{event.lower()}"')
            else:
                cursor.execute(f'DROP TRIGGER IF EXISTS reporting_stamp ON "{table}"')


# The stamp read during the current GET or HEAD request (RequestStampMiddleware): the site, the
# programme, the chrome and the figures of one page ask the database once. None outside one.
_request_stamp = contextvars.ContextVar("rallynov_request_stamp", default=None)


class RequestStampMiddleware:
    """Reads the data stamp at most once per GET or HEAD request. A request that writes (POST…)
    reads it each time, so that what it shows after its own write is never the kept value."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        token = _request_stamp.set({})
        try:
            return self.get_response(request)
        finally:
            _request_stamp.reset(token)


def data_stamp():
    """The database's current data stamp, or None where there is none (no migration 0002, or a
    database other than SQLite and PostgreSQL): callers then compute every time. Read once per
    GET request and database (RequestStampMiddleware)."""
    memo = _request_stamp.get()
    if memo is not None:
        key = connection.alias
        if key not in memo:
            memo[key] = read_token(STAMP_SQL)
        return memo[key]
    return read_token(STAMP_SQL)


def read_token(sql):
    """The single value `sql` reads from a stamp table, or None where there is none (a database
    other than SQLite and PostgreSQL, or the table missing outside a transaction)."""
    if connection.vendor not in ("sqlite", "postgresql"):
        return None
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            row = cursor.fetchone()
    except DatabaseError:
        if connection.in_atomic_block:
            raise
        return None
    return row[0] if row and row[0] is not None else None


def remember(key, stamp, compute, *, keep=True, expires_at=None):
    """The value kept for `key` at `stamp`, or `compute()` (kept when `keep` and a stamp is known,
    until the stamp moves or `expires_at`, a function called after computing that returns an
    aware datetime or None)."""
    if stamp is None or not keep:
        return compute()
    full_key = (connection.alias, connection.settings_dict.get("NAME"), translation.get_language(), *key)
    cached = _cache.get(full_key)
    now = timezone.now()
    if cached is not None and cached[0] == stamp and (cached[1] is None or now < cached[1]):
        return cached[2]
    value = compute()
    until = expires_at() if expires_at else None
    with _lock:
        if len(_cache) >= MAX_ENTRIES:
            _cache.clear()
        _cache[full_key] = (stamp, until, value)
    return value


_stores = []  # every KeptValues, emptied by clear()


class KeptValues:
    """Values kept per data stamp for keys a visitor chooses (the words of a search, a map's
    filters): at most `size`, the least recently used dropped first, apart from the snapshot above
    so that many different requests cannot push the kept figures and chrome out."""

    def __init__(self, size):
        self.size = size
        self._values = OrderedDict()
        self._lock = threading.Lock()
        _stores.append(self)

    def get(self, key, compute, *, stamp=None):
        """The value kept for `key` at the current data stamp (or `stamp`), or `compute()`."""
        stamp = data_stamp() if stamp is None else stamp
        if stamp is None:
            return compute()
        full_key = (connection.alias, connection.settings_dict.get("NAME"), translation.get_language(), *key)
        kept = self._values.get(full_key)
        if kept is not None and kept[0] == stamp:
            self._touch(full_key)
            return kept[1]
        value = compute()
        with self._lock:
            self._values[full_key] = (stamp, value)
            self._values.move_to_end(full_key)
            while len(self._values) > self.size:
                self._values.popitem(last=False)
        return value

    def get_many(self, keys, compute, *, stamp=None):
        """{key: value} for `keys`: those kept at the current data stamp, and `compute(missing)`
        ({key: value} for the keys not kept) for the others, kept in turn."""
        stamp = data_stamp() if stamp is None else stamp
        if stamp is None:
            return compute(list(keys))
        prefix = (connection.alias, connection.settings_dict.get("NAME"), translation.get_language())
        found, missing = {}, []
        for key in keys:
            kept = self._values.get((*prefix, *key))
            if kept is not None and kept[0] == stamp:
                found[key] = kept[1]
                self._touch((*prefix, *key))
            else:
                missing.append(key)
        if missing:
            computed = compute(missing)
            found.update(computed)
            with self._lock:
                for key, value in computed.items():
                    full_key = (*prefix, *key)
                    self._values[full_key] = (stamp, value)
                    self._values.move_to_end(full_key)
                while len(self._values) > self.size:
                    self._values.popitem(last=False)
        return found

    def _touch(self, full_key):
        """Mark a value as just used (the least recently used goes first)."""
        with self._lock, contextlib.suppress(KeyError):
            self._values.move_to_end(full_key)

    def forget(self, key):
        """Drop what is kept for `key` (a value too large to keep)."""
        full_key = (connection.alias, connection.settings_dict.get("NAME"), translation.get_language(), *key)
        with self._lock:
            self._values.pop(full_key, None)

    def clear(self):
        with self._lock:
            self._values.clear()


def forget(key):
    """Drop what is kept for `key` (a computation that failed)."""
    full_key = (connection.alias, connection.settings_dict.get("NAME"), translation.get_language(), *key)
    with _lock:
        _cache.pop(full_key, None)


def clear():
    """Forget every kept value, here and in every KeptValues (tests)."""
    with _lock:
        _cache.clear()
    for store in _stores:
        store.clear()


def end_of_day():
    """Tomorrow 00:00 in the site's time zone (for figures that move with the date)."""
    today = timezone.localdate()
    return timezone.make_aware(datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time()))
