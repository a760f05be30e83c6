"""Initiatives close to a sheet, shown at the bottom of its page."""

from django.db.models import Count, Q

from rallynov.initiatives.models import CatalogueEntry, CatalogueEntryTheme
from rallynov.initiatives.queries.cards import initiatives_in_order


def related_initiatives(page, *, limit=4):
    """Published initiatives close to `page`: shared themes, same department, shared words
    (a Jaccard similarity of their stems). Candidates come from the read model, at most 400."""
    entry = CatalogueEntry.objects.filter(pk=page.pk).first()
    if entry is None:
        return []
    theme_ids = list(CatalogueEntryTheme.objects.filter(entry=entry).values_list("theme_id", flat=True))
    candidates = CatalogueEntry.objects.filter(programme_id=entry.programme_id).exclude(pk=entry.pk)
    condition = Q(department_code=entry.department_code) if entry.department_code else Q(pk__in=[])
    if theme_ids:
        condition |= Q(pk__in=CatalogueEntryTheme.objects.filter(theme_id__in=theme_ids).values("entry_id"))
    rows = list(
        candidates.filter(condition)
        .order_by("-year", "pk")
        .values_list("pk", "department_code", "stems")[:400]
    )
    if not rows:
        return []
    shared = dict(
        CatalogueEntryTheme.objects.filter(entry_id__in=[r[0] for r in rows], theme_id__in=theme_ids)
        .order_by()
        .values_list("entry_id")
        .annotate(n=Count("theme_id"))
    )
    words = set(entry.stems.split())
    scored = []
    for pk, department, text in rows:
        other = set(text.split())
        jaccard = len(words & other) / len(words | other) if words and other else 0
        score = 2 * shared.get(pk, 0) + (1 if department == entry.department_code else 0) + 6 * jaccard
        scored.append((score, pk))
    scored.sort(key=lambda s: (-s[0], s[1]))
    return initiatives_in_order([pk for _score, pk in scored[:limit]])
