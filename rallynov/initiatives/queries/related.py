"""Initiatives close to a sheet, shown at the bottom of its page.

Closeness: shared themes, same department, shared words (a Jaccard similarity of their stems).
The candidates are the CANDIDATES most recent entries that share a theme or the department,
taken from the in-process facet index (initiatives.facets: bitsets, valid while the catalogue's
stamp is the same) rather than by a grouped SQL query over the whole catalogue; only their stems
are read. The cost is bounded whatever the size of the catalogue: the sheet's entry, the stamp,
the candidates' stems, the cards (four queries; the sheet's themes come from the index); then two
(the stamp, the cards) while the catalogue is unchanged, the ids being kept with the index.
"""

from dataclasses import dataclass

import numpy as np
from django.db.models import Count, Q

from rallynov.initiatives import facets
from rallynov.initiatives.models import CatalogueEntry, CatalogueEntryTheme

CANDIDATES = 200


@dataclass(frozen=True)
class RelatedCard:
    """What the sheet shows of a related initiative."""

    pk: int
    title: str
    url: str
    commune_name: str
    year: int
    summary: str


def related_cards(ids):
    """The cards of `ids`, in that order, in one query."""
    rows = CatalogueEntry.objects.filter(pk__in=ids).values_list(
        "pk", "title", "url", "commune_name", "year", "page__summary"
    )
    cards = {row[0]: RelatedCard(*row) for row in rows}
    return [cards[pk] for pk in ids if pk in cards]


def _score(*, words, department, shared, rows):
    """[(score, id)] best first: 2 per shared theme, 1 for the same department, up to 6 for the words."""
    scored = []
    for pk, other_department, text in rows:
        other = set(text.split())
        jaccard = len(words & other) / len(words | other) if words and other else 0
        score = (
            2 * shared.get(pk, 0) + (1 if department and other_department == department else 0) + 6 * jaccard
        )
        scored.append((score, pk))
    scored.sort(key=lambda s: (-s[0], s[1]))
    return scored


def _bits(index, bitset):
    size = len(index.ids)
    packed = np.frombuffer(bitset.to_bytes((size + 7) // 8, "little"), dtype=np.uint8)
    return np.unpackbits(packed, bitorder="little")[:size].view(bool)


def _themes_in_index(index, entry):
    """The theme ids of `entry`, read from the index's theme bitsets."""
    position = index.slots[entry.pk] if entry.pk < len(index.slots) else -1
    if position < 0:
        return []
    return sorted(theme_id for theme_id, bits in index.theme.items() if bits >> int(position) & 1)


def _candidates_from_index(index, entry, theme_ids):
    """(ids, {id: shared themes}) of the candidates, read from the facet index."""
    mask = index.department.get(entry.department_code, 0) if entry.department_code else 0
    mask |= index.union("theme", theme_ids)
    position = index.slots[entry.pk] if entry.pk < len(index.slots) else -1
    if position >= 0:
        mask &= ~(1 << int(position))
    ids = index.page(mask, offset=0, limit=CANDIDATES)
    if not ids:
        return [], {}
    positions = index.slots[np.asarray(ids, dtype=np.int64)]
    shared = np.zeros(len(ids), dtype=np.int64)
    for theme_id in theme_ids:
        bits = index.theme.get(theme_id)
        if bits:
            shared += _bits(index, bits)[positions]
    return ids, {pk: int(n) for pk, n in zip(ids, shared.tolist(), strict=True) if n}


def _candidates_from_sql(entry, theme_ids):
    """The same candidates by SQL, where the database has no catalogue stamp (no facet index)."""
    condition = Q(department_code=entry.department_code) if entry.department_code else Q(pk__in=[])
    if theme_ids:
        condition |= Q(pk__in=CatalogueEntryTheme.objects.filter(theme_id__in=theme_ids).values("entry_id"))
    ids = list(
        CatalogueEntry.objects.filter(programme_id=entry.programme_id)
        .exclude(pk=entry.pk)
        .filter(condition)
        .order_by("-year", "sort_key", "pk")
        .values_list("pk", flat=True)[:CANDIDATES]
    )
    shared = dict(
        CatalogueEntryTheme.objects.filter(entry_id__in=ids, theme_id__in=theme_ids)
        .order_by()
        .values_list("entry_id")
        .annotate(n=Count("theme_id"))
    )
    return ids, shared


def related_initiatives(page, *, limit=4):
    """Published initiatives close to `page`, best first, at most `limit`.

    Which ones depends only on the catalogue: with the facet index, they are kept with it for the
    next views of the sheet (the stamp and the cards: two queries)."""
    index = facets.index_for(page.programme_id)
    if index is None:
        return related_cards(_closest_ids(page, limit=limit, index=None))
    ids = index.related_ids((page.pk, limit), lambda: _closest_ids(page, limit=limit, index=index))
    return related_cards(ids)


def _closest_ids(page, *, limit, index):
    """The ids of the `limit` initiatives closest to `page`'s entry, best first (`index`: the
    facet index of the page's programme, or None)."""
    entry = (
        CatalogueEntry.objects.filter(pk=page.pk)
        .only("pk", "programme_id", "department_code", "stems")
        .first()
    )
    if entry is None:
        return []
    if entry.programme_id != page.programme_id:  # the preview of a sheet given to another programme
        index = facets.index_for(entry.programme_id)
    if index is not None:
        ids, shared = _candidates_from_index(index, entry, _themes_in_index(index, entry))
    else:
        theme_ids = list(CatalogueEntryTheme.objects.filter(entry=entry).values_list("theme_id", flat=True))
        ids, shared = _candidates_from_sql(entry, theme_ids)
    if not ids:
        return []
    rows = CatalogueEntry.objects.filter(pk__in=ids).values_list("pk", "department_code", "stems")
    scored = _score(
        words=set(entry.stems.split()), department=entry.department_code, shared=shared, rows=rows
    )
    return [pk for _score, pk in scored[:limit]]
