"""An in-process index of a programme's catalogue (or of every programme's, for the national
catalogue) for facet counts and the default order.

Each entry gets a position, in the catalogue's default order (most recent year first, then by
name); each facet value (a department, a year, a kind, laureate or not, a theme, an SDG) gets a
bitset of the positions of its entries, kept as a Python int. Counting a facet with the other
facets applied is then an AND and a popcount per value (microseconds at 100,000 entries)
instead of a grouped SQL query over the matching rows (hundreds of milliseconds).

The index is built in three queries and kept per process. It is valid as long as the token of
initiatives_catalogue_stamp is the one it was built for: the database sets a new token whenever
an entry or a link is written (triggers of migration 0007), so every process sees a change at
its next request. Reading the token is one tiny query per search.

The SQL path (queries.catalogue.Catalogue.sql_facet_counts) stays the reference; tests check that both
count the same on random filters.
"""

import threading
from dataclasses import dataclass, field

import numpy as np  # installed with scipy
from django.db import connection

from rallynov.core.snapshot import read_token

STAMP_SQL = "SELECT token FROM initiatives_catalogue_stamp WHERE id = 1"
TEXT_CACHE = 64
# Sheets whose closest initiatives are kept with the index (queries.related); a few bytes each.
RELATED_CACHE = 20_000
AGGREGATE_IDS = {"sqlite": "group_concat(entry_id, ',')", "postgresql": "string_agg(entry_id::text, ',')"}
_cache = {}
_lock = threading.Lock()


def bitset(positions, size):
    """The int whose bits are `positions` (a sequence or a numpy array of ints below `size`)."""
    bits = np.zeros(size + (-size % 8), dtype=bool)
    bits[np.asarray(positions, dtype=np.int64)] = True
    return int.from_bytes(np.packbits(bits, bitorder="little").tobytes(), "little")


def _grouped(values, positions, size):
    """{value: bitset of its positions} from two numpy arrays of the same length."""
    if not len(values):
        return {}
    order = np.argsort(values, kind="stable")
    values, positions = values[order], positions[order]
    found, starts = np.unique(values, return_index=True)
    ends = [*starts[1:].tolist(), len(values)]
    return {value.item(): bitset(positions[a:b], size) for value, a, b in zip(found, starts.tolist(), ends, strict=True)}


def _raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _fetch(queryset):
    """The rows of a values_list() queryset, read straight from the cursor (no per-row Python)."""
    sql, params = queryset.query.sql_with_params()
    return _raw(sql, params)


def _positions(slots, ids):
    ids = np.asarray(ids, dtype=np.int64)
    ids = ids[(ids >= 0) & (ids < len(slots))]
    positions = slots[ids]
    return positions[positions >= 0]


def _positions_bitset(slots, ids, size):
    return bitset(_positions(slots, ids), size)


@dataclass
class FacetIndex:
    token: int
    ids: list  # entry ids, by position (the default order)
    slots: object  # numpy array: entry id -> position, -1 for ids that are not entries
    by_name: object  # numpy array of positions, by name (sort_key, id)
    all: int
    department: dict
    year: dict
    kind: dict
    laureate: dict  # True/False -> bitset
    theme: dict  # theme id -> bitset
    sdg: dict  # SDG id -> bitset
    programme: dict  # programme id -> bitset (the national catalogue's region facet)
    texts: dict = field(default_factory=dict)  # terms -> bitset, the last TEXT_CACHE text queries
    related: dict = field(default_factory=dict)  # (sheet id, limit) -> ids of its closest initiatives

    @classmethod
    def build(cls, programme_id, token):
        """Read the programme's catalogue (every programme's when `programme_id` is None) in five
        queries."""
        from rallynov.initiatives.models import CatalogueEntry

        entries = CatalogueEntry.objects.order_by()
        if programme_id is not None:
            entries = entries.filter(programme_id=programme_id)
        # Each query reads one covering index, never the wide rows.
        ids = [row[0] for row in _fetch(entries.order_by("-year", "sort_key", "pk").values_list("pk"))]
        size = len(ids)
        slots = np.full(max(ids, default=0) + 1, -1, dtype=np.int64)
        slots[np.array(ids, dtype=np.int64)] = np.arange(size, dtype=np.int64)
        by_name = _positions(slots, [row[0] for row in _fetch(entries.order_by("sort_key", "pk").values_list("pk"))])
        rows = _fetch(
            entries.values_list("pk", "department_code", "year", "organization_kind", "laureate_year", "programme_id")
        )
        columns = list(zip(*rows, strict=True)) if rows else [(), (), (), (), (), ()]
        positions = _positions(slots, columns[0])
        links = {}
        aggregate = AGGREGATE_IDS[connection.vendor]
        for name, table, column in (("theme", "initiatives_catalogueentrytheme", "theme_id"), ("sdg", "initiatives_catalogueentrysdg", "sdg_id")):
            # Every programme's links, without a join (entries of other programmes have no slot),
            # one row per theme or SDG with its entry ids as text: a few hundred rows to read
            # instead of 400,000 pairs at 100,000 entries.
            rows = _raw(f"SELECT {column}, {aggregate} FROM {table} GROUP BY {column}")  # noqa: S608
            links[name] = {
                value: _positions_bitset(slots, np.fromstring(text, dtype=np.int64, sep=","), size)
                for value, text in rows
                if text
            }
        departments = np.array(columns[1], dtype=str)
        kinds = np.array(columns[3], dtype=str)
        return cls(
            token=token,
            ids=ids,
            slots=slots,
            by_name=by_name,
            all=(1 << size) - 1,
            department=_grouped(departments[departments != ""], positions[departments != ""], size),
            year=_grouped(np.array(columns[2], dtype=np.int64), positions, size),
            kind=_grouped(kinds[kinds != ""], positions[kinds != ""], size),
            laureate=_grouped(np.array([year is not None for year in columns[4]], dtype=bool), positions, size),
            theme=links["theme"],
            sdg=links["sdg"],
            programme=_grouped(np.array(columns[5], dtype=np.int64), positions, size),
        )

    def text_bitset(self, terms, find_ids):
        """The bitset of the entries matching `terms`, kept for the TEXT_CACHE last queries:
        ticking a facet, or turning a page, repeats the same text query. It goes with the index,
        so with the catalogue's token."""
        key = tuple(terms)
        with _lock:
            found = self.texts.pop(key, None)
            if found is not None:
                self.texts[key] = found  # most recent last
                return found
        found = self.of_ids(find_ids())
        with _lock:
            self.texts[key] = found
            while len(self.texts) > TEXT_CACHE:
                self.texts.pop(next(iter(self.texts)))
        return found

    def related_ids(self, key, compute):
        """The closest initiatives of a sheet (`key`: its id and their number), computed once per
        index: they depend only on the catalogue's entries and links, whose writes change the
        token. At most RELATED_CACHE sheets are kept, the oldest forgotten first."""
        found = self.related.get(key)
        if found is not None:
            return found
        found = tuple(compute())
        with _lock:
            self.related[key] = found
            while len(self.related) > RELATED_CACHE:
                self.related.pop(next(iter(self.related)))
        return found

    def of_ids(self, ids):
        """The bitset of the entries of `ids` (ids of other programmes are left out)."""
        return _positions_bitset(self.slots, ids, len(self.ids))

    def union(self, facet, values):
        bitsets = getattr(self, facet)
        found = 0
        for value in values:
            found |= bitsets.get(value, 0)
        return found

    def counts(self, selections, within, *, national=False):
        """{facet: {value: count}} and the total. `selections` maps each facet that has values
        selected to the bitset of its selection; `within` is the bitset of the filters that are
        not facets (text, map area). Each facet is counted with every other facet applied; the
        programme facet only for the national catalogue."""
        counts = {}
        for facet in FACETS + (("programme",) if national else ()):
            mask = within
            for other, selected in selections.items():
                if other != facet:
                    mask &= selected
            if not mask:
                counts[facet] = {}
                continue
            counts[facet] = {value: n for value, bits in getattr(self, facet).items() if (n := (bits & mask).bit_count())}
        everything = within
        for selected in selections.values():
            everything &= selected
        return counts, everything

    def ids_of(self, mask):
        """The entry ids of `mask`, in the default order."""
        return self.page(mask, offset=0, limit=len(self.ids))

    def page(self, mask, *, offset, limit, by_name=False):
        """Ids of the entries of `mask` from `offset`, at most `limit`, in the default order
        (the positions' order) or by name."""
        size = len(self.ids)
        packed = np.frombuffer(mask.to_bytes((size + 7) // 8, "little"), dtype=np.uint8)
        bits = np.unpackbits(packed, bitorder="little")[:size].view(bool)
        if by_name:
            positions = self.by_name[np.flatnonzero(bits[self.by_name])[offset : offset + limit]]
        else:
            positions = np.flatnonzero(bits)[offset : offset + limit]
        return [self.ids[p] for p in positions.tolist()]


FACETS = ("department", "year", "kind", "laureate", "theme", "sdg")


def stamp():
    """The catalogue's current token, or None where the stamp table is missing (no migration 0007,
    or a database other than SQLite and PostgreSQL): callers then count in SQL."""
    return read_token(STAMP_SQL)


STAMP_TRIGGERS = 9  # SQLite: insert, update and delete on the entries and the two link tables


def triggers_in_place():
    """Whether SQLite still has the stamp's triggers. A migration that rebuilds one of the tables
    (SQLite's way to alter a column) drops its triggers, and the token would no longer follow the
    catalogue: the SQL path is used then, until the triggers are made again."""
    if connection.vendor != "sqlite":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name GLOB '*_stamp_*'")
        return cursor.fetchone()[0] == STAMP_TRIGGERS


def kept_index(programme_id):
    """The facet index this process keeps for a programme, if it is valid for the catalogue as it
    is now; None otherwise (never built here)."""
    cached = _cache.get((connection.alias, connection.settings_dict.get("NAME"), programme_id))
    if cached is None:
        return None
    return cached if cached.token == stamp() else None


def index_for(programme_id):
    """The facet index of a programme (of every programme for None: the national catalogue),
    built again when the catalogue changed; None when the database has no stamp (the SQL path is
    used then)."""
    token = stamp()
    if token is None:
        return None
    key = (connection.alias, connection.settings_dict.get("NAME"), programme_id)
    cached = _cache.get(key)
    if cached is not None and cached.token == token:
        return cached
    if not triggers_in_place():
        return None
    # Built from what the database holds now: if it changed since the token was read, the token
    # has changed too and the next request builds again.
    index = FacetIndex.build(programme_id, token)
    with _lock:
        _cache[key] = index
    return index


def clear():
    """Forget every index (tests)."""
    with _lock:
        _cache.clear()
