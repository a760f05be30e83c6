"""Creating many published initiatives at once (imports, benchmark data): page rows with their
tree paths, relations and catalogue entries, a few queries per hundred initiatives instead of a
dozen per page. The pages are the same as the editor's, live, and each gets its first revision
when `revisions=True`."""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import connections
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from modelcluster.models import (
    get_all_child_m2m_relations,
    get_all_child_relations,
    get_serializable_data_for_fields,
)
from wagtail.models import Page, Revision

from rallynov.initiatives.models import InitiativePage

CHUNK = 500
# Paths of the catalogue served by Django views: no initiative may take them as slug.
RESERVED_SLUGS = {"carte", "signaler", "export", "departements", "fiche", "suivis"}


@dataclass
class NewInitiative:
    title: str
    commune: object  # Commune
    organization_id: int
    year: int
    themes: list = field(default_factory=list)  # Theme ids
    sdgs: list = field(default_factory=list)  # SDG ids
    summary: str = ""
    description: str = ""
    website: str = ""
    video_url: str = ""
    laureate_year: int | None = None
    source: str = "import"
    is_generated: bool = False


class SlugAllocator:
    def __init__(self, catalogue):
        self.taken = set(Page.objects.child_of(catalogue).values_list("slug", flat=True))

    def __call__(self, title):
        base = slugify(title)[:70] or "initiative"
        slug, n = base, 2
        while slug in self.taken or slug in RESERVED_SLUGS:
            slug = f"{base}-{n}"
            n += 1
        self.taken.add(slug)
        return slug


class PathAllocator:
    """Tree paths for many new children of `catalogue`, over several `create_initiatives` calls
    in one transaction. The first path comes after a gap of GAP steps past the last child, so
    that a page added meanwhile by another connection (a public submission, which takes the
    path after the last committed child) does not need the same path and wait for this
    transaction; `finish()` adds the children to the parent's count in one UPDATE, to be run
    last, just before the commit (it locks the parent's row)."""

    GAP = 1000

    def __init__(self, catalogue, *, gap=GAP):
        self.catalogue = Page.objects.get(pk=catalogue.pk)
        last = self.catalogue.get_last_child()
        self.step = (Page._str2int(last.path[-Page.steplen :]) if last else 0) + gap
        self.count = 0

    def __call__(self):
        self.step += 1
        self.count += 1
        return Page._get_path(self.catalogue.path, self.catalogue.depth + 1, self.step)

    def finish(self):
        if self.count:
            Page.objects.filter(pk=self.catalogue.pk).update(numchild=F("numchild") + self.count)
            self.count = 0


def analyze_catalogue_tables():
    """Fresh planner statistics for the tables a bulk load filled (PostgreSQL; SQLite plans
    without them): until autovacuum gets to it, the catalogue's queries were 2 to 3 times
    slower after a large import."""
    from rallynov.initiatives.models import CatalogueEntry, CatalogueEntryTheme
    from rallynov.organizations.models import Organization

    connection = connections[InitiativePage.objects.db]
    if connection.vendor != "postgresql":
        return
    models = [
        Page,
        InitiativePage,
        InitiativePage.organizations.through,
        InitiativePage.communes.through,
        InitiativePage.themes.through,
        InitiativePage.sdgs.through,
        Revision,
        CatalogueEntry,
        CatalogueEntryTheme,
        Organization,
    ]
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")  # noqa: S608 (table names from the models)


def create_initiatives(*, catalogue, programme, items, actor=None, revisions=True, slugs=None, paths=None):
    """Create `items` (NewInitiative) as published children of `catalogue`. Returns the pages.
    `paths`: a PathAllocator shared by several calls (its `finish()` is then the caller's);
    without it, paths follow the last child and the catalogue's count is updated here."""
    if not items:
        return []
    from rallynov.core.sanitize import clean_html

    slugs = slugs or SlugAllocator(catalogue)
    now = timezone.now()
    own_paths = paths is None
    paths = paths or PathAllocator(catalogue, gap=0)
    catalogue = paths.catalogue
    content_type = ContentType.objects.get_for_model(InitiativePage)
    page_type = ContentType.objects.get_for_model(Page)
    user = actor if getattr(actor, "is_authenticated", False) else None
    pages = []
    for item in items:
        slug = slugs(item.title)
        pages.append(
            InitiativePage(
                title=item.title,
                draft_title=item.title,
                slug=slug,
                path=paths(),
                depth=catalogue.depth + 1,
                numchild=0,
                url_path=f"{catalogue.url_path}{slug}/",
                content_type=content_type,
                locale_id=catalogue.locale_id,
                live=True,
                has_unpublished_changes=False,
                first_published_at=now,
                last_published_at=now,
                programme=programme,
                main_commune=item.commune,
                summary=item.summary,
                description=clean_html(item.description),
                website=item.website,
                video_url=item.video_url,
                year=item.year,
                laureate_year=item.laureate_year,
                source=item.source,
                is_generated=item.is_generated,
            )
        )
    for start in range(0, len(pages), CHUNK):
        chunk = pages[start : start + CHUNK]
        Page.objects.bulk_create(chunk)  # the wagtailcore_page rows
        for page in chunk:
            page.page_ptr_id = page.id
        _insert_initiative_rows(chunk)

    links = InitiativePage.organizations.through
    links.objects.bulk_create(
        [links(initiativepage_id=p.pk, organization_id=i.organization_id) for p, i in zip(pages, items, strict=True)],
        batch_size=CHUNK,
    )
    links = InitiativePage.communes.through
    links.objects.bulk_create(
        [links(initiativepage_id=p.pk, commune_id=i.commune.pk) for p, i in zip(pages, items, strict=True)],
        batch_size=CHUNK,
    )
    links = InitiativePage.themes.through
    links.objects.bulk_create(
        [links(initiativepage_id=p.pk, theme_id=t) for p, i in zip(pages, items, strict=True) for t in i.themes],
        batch_size=CHUNK,
    )
    links = InitiativePage.sdgs.through
    links.objects.bulk_create(
        [
            links(initiativepage_id=p.pk, sustainabledevelopmentgoal_id=s)
            for p, i in zip(pages, items, strict=True)
            for s in i.sdgs
        ],
        batch_size=CHUNK,
    )
    if revisions:
        created = Revision.objects.bulk_create(
            [
                Revision(
                    content_type=content_type,
                    base_content_type=page_type,
                    object_id=str(p.pk),
                    created_at=now,
                    user=user,
                    object_str=p.title,
                    content=revision_content(p, i),
                )
                for p, i in zip(pages, items, strict=True)
            ],
            batch_size=CHUNK,
        )
        for page, revision in zip(pages, created, strict=True):
            page.latest_revision_id = page.live_revision_id = revision.pk
        _point_at_revisions(pages)
    index_new(pages, items, catalogue=catalogue)
    if own_paths:
        paths.finish()
    return pages


def index_new(pages, items, *, catalogue):
    """The catalogue entries of pages just created from `items`, built from what is in memory
    (indexing.entry_values, the rule of the catalogue's entries) instead of reading every page
    back with its relations (`index_many`: two thirds of a large import's time)."""
    from rallynov.initiatives.indexing import _site_path, entry_values, themes_with_parents
    from rallynov.initiatives.models import CatalogueEntry, CatalogueEntrySdg, CatalogueEntryTheme, Theme
    from rallynov.organizations.models import Organization

    base = _site_path(catalogue)
    organizations = Organization.objects.only("pk", "name", "acronym", "kind").in_bulk(
        {item.organization_id for item in items}
    )
    themes = Theme.objects.select_related("parent").in_bulk({t for item in items for t in item.themes})
    entries, theme_links, sdg_links = [], [], []
    for page, item in zip(pages, items, strict=True):
        chosen = [themes[pk] for pk in item.themes]
        values = entry_values(
            page,
            organizations=[organizations[item.organization_id]],
            communes=[item.commune],
            themes=chosen,
            url=f"{base}{page.slug}/" if base is not None else None,
        )
        entries.append(CatalogueEntry(page_id=page.pk, **values))
        theme_links += [CatalogueEntryTheme(entry_id=page.pk, theme_id=pk) for pk in sorted(themes_with_parents(chosen))]
        sdg_links += [CatalogueEntrySdg(entry_id=page.pk, sdg_id=pk) for pk in item.sdgs]
    CatalogueEntry.objects.bulk_create(entries, batch_size=CHUNK)
    CatalogueEntryTheme.objects.bulk_create(theme_links, batch_size=CHUNK)
    CatalogueEntrySdg.objects.bulk_create(sdg_links, batch_size=CHUNK)


def _point_at_revisions(pages):
    """Each page's latest and live revision, one parameterised UPDATE run for every page
    (`bulk_update` builds a CASE expression of every page: a fifth of a large import's time)."""
    connection = connections[Page.objects.db]
    table = connection.ops.quote_name(Page._meta.db_table)
    sql = f"UPDATE {table} SET latest_revision_id = %s, live_revision_id = %s WHERE id = %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(p.latest_revision_id, p.live_revision_id, p.pk) for p in pages])


def _insert_initiative_rows(pages):
    """The initiatives' own table rows (their wagtailcore_page rows exist), as many per INSERT as
    the database allows: what `save_base(raw=True, force_insert=True)` writes, one statement per
    page, without the per-page statement and its signals (no receiver acts on a raw save)."""
    fields = InitiativePage._meta.local_concrete_fields
    connection = connections[InitiativePage.objects.db]
    size = max(1, connection.ops.bulk_batch_size(fields, pages))
    for start in range(0, len(pages), size):
        InitiativePage._base_manager._insert(pages[start : start + size], fields=fields, raw=True)


def revision_content(page, item):
    """What `page.serializable_data()` gives for a page just created from `item`, without its
    queries (one per relation, seven per page, half of a 10,000-row import): a new page has no
    children, and its many-to-many values are those inserted here."""
    content = get_serializable_data_for_fields(page)
    for relation in get_all_child_relations(page):
        content[relation.get_accessor_name()] = []
    values = {
        "organizations": [item.organization_id],
        "communes": [item.commune.pk],
        "themes": list(item.themes),
        "sdgs": list(item.sdgs),
    }
    for m2m in get_all_child_m2m_relations(page):
        if m2m.serialize:
            content[m2m.name] = values.get(m2m.name, [])
    return content
