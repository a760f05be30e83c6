"""French full-text search of the catalogue: the one place that turns a query into terms and the
terms into SQL, for SQLite (FTS5 table `initiatives_search`) and PostgreSQL (tsquery on the stored
`search_vector`, migration 0007).

Both databases index the same text: the stems of CatalogueEntry.stems (title first), so that a
term matches as a prefix of a stem ("covoiturer" -> "covoitur" finds "covoiturage"). Terms are
kept to [0-9a-z]+ (query_terms), which is what makes them safe to write into a MATCH expression or
a tsquery; every statement below still passes them as parameters.
"""

import json
import re

from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

from rallynov.core.text import fold, stems
from rallynov.initiatives.models import CatalogueEntry

MAX_TERMS = 12
SAINT = re.compile(r"\b(st|ste)\b", re.I)
SAINT_FULL = {"st": "saint", "ste": "sainte"}
TERM = re.compile(r"[0-9a-z]+")

# Above this many matches ranking (PostgreSQL's ts_rank, SQLite's bm25, both computed row by row)
# would cost more than the page is worth; results are then listed by name, which the page says.
RANK_LIMIT = 5000
# PostgreSQL ranks from the stored search_vector (migration 0007), no longer computed per match.
RANK_LIMITS = {}

FTS5_IDS = "SELECT rowid FROM initiatives_search WHERE initiatives_search MATCH %s"
TSQUERY = "to_tsquery('simple'::regconfig, %s)"


def query_terms(q):
    """Stems of the query, each kept to letters and digits (safe in FTS5 and tsquery).
    "St"/"Ste" are read as "Saint"/"Sainte", as in place names ("ST CLAUDE")."""
    text = SAINT.sub(lambda m: SAINT_FULL[m.group(1).lower()], fold(q))
    return [t for t in dict.fromkeys(stems(text)) if TERM.fullmatch(t)][:MAX_TERMS]


def fts5_match(terms):
    """The FTS5 MATCH expression: every term, each as a prefix."""
    return " AND ".join(f'"{t}"*' for t in terms)


def tsquery(terms):
    """The tsquery text: every term, each as a prefix."""
    return " & ".join(f"{t}:*" for t in terms)


def rank_limit():
    return RANK_LIMITS.get(connection.vendor, RANK_LIMIT)


def search_condition(terms):
    """A WHERE condition on CatalogueEntry matching every term as a prefix of a stem."""
    if connection.vendor == "postgresql":
        # search_vector: to_tsvector('simple', stems), stored and indexed (migration 0007).
        return RawSQL(
            "search_vector @@ to_tsquery('simple'::regconfig, %s)",
            [tsquery(terms)],
            output_field=BooleanField(),
        )
    if connection.vendor == "sqlite":
        return Q(
            pk__in=RawSQL(
                "SELECT rowid FROM initiatives_search WHERE initiatives_search MATCH %s", [fts5_match(terms)]
            )
        )
    # Other databases: every term must start one of the stems (slow, but correct).
    condition = Q()
    for term in terms:
        condition &= Q(stems__startswith=f"{term}") | Q(stems__contains=f" {term}")
    return condition


def text_match_ids(terms, *, programme):
    """Ids of the entries matching every term (of `programme`, of every programme for None, or of
    any programme on SQLite, where the full-text table is read alone: callers keep to their
    programme's entries)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(FTS5_IDS, [fts5_match(terms)])
        else:
            ids = CatalogueEntry.objects.filter(search_condition(terms))
            if programme is not None:  # None: every programme (the national catalogue)
                ids = ids.filter(programme=programme)
            sql, params = ids.order_by().values_list("pk").query.sql_with_params()
            cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def ranked_ids(terms, *, within, limit, offset):
    """One page of the ids matching `terms`, best first, among `within`: a list of ids, or the
    (sql, params) of a query of ids. None where the database cannot rank."""
    if isinstance(within, list):
        if connection.vendor == "sqlite":
            inner_sql, inner_params = "SELECT value FROM json_each(%s)", [json.dumps(within)]
        else:
            inner_sql, inner_params = "SELECT unnest(%s::integer[])", [within]
    else:
        inner_sql, inner_params = within
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # bm25 weights matches in short texts; the title comes first in the stems.
            # inner_sql is Django's own compiled SQL with its parameters; terms are [0-9a-z]+.
            # "+rowid": the other filters must not be handed to FTS5 as rowid constraints,
            # or it runs the whole MATCH again for each of them (seconds at 10,000 entries).
            sql = f"{FTS5_IDS} AND +rowid IN ({inner_sql}) ORDER BY rank, rowid LIMIT %s OFFSET %s"  # noqa: S608
            cursor.execute(sql, [fts5_match(terms), *inner_params, limit, offset])
        elif connection.vendor == "postgresql":
            rank = f"ts_rank(e.search_vector, {TSQUERY})"
            sql = f"SELECT e.page_id FROM initiatives_catalogueentry e WHERE e.page_id IN ({inner_sql}) ORDER BY {rank} DESC, e.sort_key, e.page_id LIMIT %s OFFSET %s"  # noqa: E501, S608
            cursor.execute(sql, [*inner_params, tsquery(terms), limit, offset])
        else:
            return None
        return [row[0] for row in cursor.fetchall()]
