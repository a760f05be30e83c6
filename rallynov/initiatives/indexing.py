"""Keeps the catalogue's read model (CatalogueEntry and its links) in step with the pages.

Only published (live) initiatives have an entry, so everything public — catalogue, map, API,
exports, figures — reads from the entries and can never show a draft.
"""

from django.db import transaction
from django.utils.html import strip_tags

from rallynov.core.text import fold, stems

RICH_FIELDS = ("description", "objectives", "actions", "results")


def search_text(page, *, organizations, communes, themes):
    """Every text a visitor may search for, as one string (before stemming)."""
    parts = [page.title, page.summary]
    # Text without "<" has no tag to strip (strip_tags would return it as it is).
    rich = [getattr(page, field) or "" for field in RICH_FIELDS]
    parts += [strip_tags(text) if "<" in text else text for text in rich]
    parts += [o.name for o in organizations] + [o.acronym for o in organizations if o.acronym]
    parts += [c.name for c in communes]
    parts += [t.name for t in themes] + sorted({t.parent.name for t in themes if t.parent_id})
    return " ".join(p for p in parts if p)


def themes_with_parents(themes):
    ids = set()
    for theme in themes:
        ids.add(theme.pk)
        if theme.parent_id:
            ids.add(theme.parent_id)
    return ids


def _site_path(page):
    parts = page.get_url_parts()
    return parts[2] if parts else None


def entry_values(page, *, organizations, communes, themes, url=None):
    """The entry's fields; `url` when the caller knows the page's path in its site (bulk
    creation under one catalogue), else it is looked up."""
    commune = page.main_commune or (communes[0] if communes else None)
    return {
        "programme_id": page.programme_id,
        "title": page.title[:255],
        "sort_key": fold(page.title)[:255],
        # The path within its own site ("/initiatives/…/"), whatever the number of sites: a
        # region's catalogue links on its own host, the national one prefixes the region's host.
        "url": ((url if url is not None else _site_path(page)) or "")[:500],
        "commune_name": commune.name if commune else "",
        "year": page.year,
        "department_code": commune.department.code if commune else "",
        "organization_kind": organizations[0].kind if organizations else "",
        "laureate_year": page.laureate_year,
        "latitude": commune.latitude if commune else None,
        "longitude": commune.longitude if commune else None,
        "published_at": page.first_published_at,
        "stems": " ".join(stems(search_text(page, organizations=organizations, communes=communes, themes=themes))),
    }


@transaction.atomic
def index_initiative(page):
    """Write (or remove, when the page is not live) the catalogue entry of `page`."""
    from rallynov.initiatives.models import (
        CatalogueEntry,
        CatalogueEntrySdg,
        CatalogueEntryTheme,
        InitiativePage,
    )

    page = (
        InitiativePage.objects.filter(pk=page.pk)
        .select_related("main_commune__department")
        .prefetch_related("organizations", "communes__department", "themes__parent", "sdgs")
        .first()
    )
    if page is None:
        return None
    if not page.live:
        CatalogueEntry.objects.filter(pk=page.pk).delete()
        return None
    organizations = sorted(page.organizations.all(), key=lambda o: o.pk)
    communes = list(page.communes.all())
    themes = list(page.themes.all())
    values = entry_values(page, organizations=organizations, communes=communes, themes=themes)
    entry, _ = CatalogueEntry.objects.update_or_create(page=page, defaults=values)
    CatalogueEntryTheme.objects.filter(entry=entry).delete()
    CatalogueEntryTheme.objects.bulk_create(
        [CatalogueEntryTheme(entry=entry, theme_id=pk) for pk in sorted(themes_with_parents(themes))]
    )
    CatalogueEntrySdg.objects.filter(entry=entry).delete()
    CatalogueEntrySdg.objects.bulk_create([CatalogueEntrySdg(entry=entry, sdg=sdg) for sdg in page.sdgs.all()])
    return entry


def reindex_all(*, programme=None, log=None):
    """Rebuild every entry (after a bulk change or a restored backup). Returns the count."""
    from rallynov.initiatives.models import CatalogueEntry, InitiativePage

    pages = InitiativePage.objects.all()
    if programme is not None:
        pages = pages.filter(programme=programme)
    # Every entry that is not a live page's: unpublished, or whose page is gone (the read model
    # has no database constraint to stop a raw deletion).
    CatalogueEntry.objects.exclude(pk__in=InitiativePage.objects.filter(live=True).values("pk")).delete()
    ids = list(pages.filter(live=True).values_list("pk", flat=True))
    for start in range(0, len(ids), 5000):
        index_many(ids[start : start + 5000])
        if log:
            log(f"{min(start + 5000, len(ids))} / {len(ids)} initiatives indexées")
    return len(ids)


def index_many(page_ids, *, chunk=500):
    """Index many pages with a few queries per chunk (imports, demo, benchmark data)."""
    from rallynov.initiatives.models import (
        CatalogueEntry,
        CatalogueEntrySdg,
        CatalogueEntryTheme,
        InitiativePage,
    )

    page_ids = list(page_ids)
    for start in range(0, len(page_ids), chunk):
        part = page_ids[start : start + chunk]
        pages = list(
            InitiativePage.objects.filter(pk__in=part)
            .select_related("main_commune__department")
            .prefetch_related("organizations", "communes__department", "themes__parent", "sdgs")
        )
        CatalogueEntry.objects.filter(pk__in=part).delete()
        entries, theme_links, sdg_links = [], [], []
        for page in pages:
            if not page.live:
                continue
            organizations = sorted(page.organizations.all(), key=lambda o: o.pk)
            communes = list(page.communes.all())
            themes = list(page.themes.all())
            entries.append(
                CatalogueEntry(page_id=page.pk, **entry_values(page, organizations=organizations, communes=communes, themes=themes))
            )
            theme_links += [CatalogueEntryTheme(entry_id=page.pk, theme_id=pk) for pk in sorted(themes_with_parents(themes))]
            sdg_links += [CatalogueEntrySdg(entry_id=page.pk, sdg_id=s.pk) for s in page.sdgs.all()]
        CatalogueEntry.objects.bulk_create(entries)
        CatalogueEntryTheme.objects.bulk_create(theme_links)
        CatalogueEntrySdg.objects.bulk_create(sdg_links)
