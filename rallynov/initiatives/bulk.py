"""Creating many published initiatives at once (imports, benchmark data): page rows with their
tree paths, relations and catalogue entries, a few queries per hundred initiatives instead of a
dozen per page. The pages are the same as the editor's, live, and each gets its first revision
when `revisions=True`."""

import datetime
import uuid
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connections, transaction
from django.db.models import F, prefetch_related_objects
from django.utils import timezone
from django.utils.encoding import iri_to_uri, is_protected_type
from django.utils.text import slugify
from modelcluster.models import (
    get_all_child_m2m_relations,
    get_all_child_relations,
    get_serializable_data_for_fields,
)
from wagtail.models import Page, Revision

from rallynov.core.models import AuditEntry
from rallynov.core.rows import RowInserter, new_keys
from rallynov.initiatives.models import CatalogueEntry, CatalogueEntrySdg, CatalogueEntryTheme, InitiativePage
from rallynov.organizations.models import Organization

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
    """Slugs of new children of `catalogue` as Wagtail's editor makes them from a title (accents
    kept unless WAGTAIL_ALLOW_UNICODE_SLUGS is off; "-2", "-3"… when taken), never one of the
    catalogue's own paths."""

    def __init__(self, catalogue):
        self.taken = set(Page.objects.child_of(catalogue).values_list("slug", flat=True))
        self.allow_unicode = getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True)

    def __call__(self, title):
        # Room left for a suffix within the column's 255 characters.
        base = slugify(title, allow_unicode=self.allow_unicode)[:240] or "initiative"
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


# The tables a bulk creation writes, with an import's structures and journal: their rows move
# the data stamp once per import (core.snapshot.stamp_moved_once) and get fresh planner
# statistics after a large one (analyze_catalogue_tables).
BULK_MODELS = (
    Page,
    InitiativePage,
    InitiativePage.organizations.through,
    InitiativePage.communes.through,
    InitiativePage.themes.through,
    InitiativePage.sdgs.through,
    Revision,
    CatalogueEntry,
    CatalogueEntryTheme,
    CatalogueEntrySdg,
    Organization,
    AuditEntry,
)


def analyze_catalogue_tables():
    """Fresh planner statistics for the tables a bulk load filled (PostgreSQL; SQLite plans
    without them): until autovacuum gets to it, the catalogue's queries were 2 to 3 times
    slower after a large import."""
    connection = connections[InitiativePage.objects.db]
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in BULK_MODELS)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")  # noqa: S608 (table names from the models)


# The columns that differ from one new initiative to another (the rest is the same for all).
PAGE_ROW = ("title", "draft_title", "slug", "path", "url_path", "translation_key")
INITIATIVE_ROW = (
    "page_ptr_id",
    "main_commune_id",
    "summary",
    "description",
    "website",
    "video_url",
    "year",
    "laureate_year",
    "source",
    "is_generated",
)


@dataclass(slots=True)
class CreatedInitiative:
    """What the callers keep of a page written by `create_initiatives` (no model instance: a
    large import creates 100,000)."""

    pk: int
    title: str
    slug: str
    summary: str
    description: str
    main_commune: object  # Commune
    year: int
    laureate_year: int | None
    programme_id: int
    first_published_at: object  # datetime
    objectives: str = ""
    actions: str = ""
    results: str = ""

    def __str__(self):
        return self.title


# In the caller's transaction when there is one (no savepoint: on PostgreSQL, more than 64
# subtransactions in a transaction slow every other connection's snapshots down); else in its
# own, which on SQLite holds the write lock that new_keys needs.
@transaction.atomic(savepoint=False)
def create_initiatives(*, catalogue, programme, items, actor=None, revisions=True, slugs=None, paths=None):
    """Create `items` (NewInitiative) as published children of `catalogue`. Returns a
    CreatedInitiative for each, in order. `paths`: a PathAllocator shared by several calls (its
    `finish()` is then the caller's); without it, paths follow the last child and the
    catalogue's count is updated here.

    The rows are those the editor's way gives (tests/test_bulk_equivalence.py pins them),
    written from tuples by core.rows.RowInserter: what is the same for every page comes from one
    template instance, the rest from each item."""
    if not items:
        return []
    from rallynov.core.sanitize import clean_html

    slugs = slugs or SlugAllocator(catalogue)
    now = timezone.now()
    own_paths = paths is None
    paths = paths or PathAllocator(catalogue, gap=0)
    catalogue = paths.catalogue
    template = InitiativePage(
        depth=catalogue.depth + 1,
        numchild=0,
        locale_id=catalogue.locale_id,
        live=True,
        has_unpublished_changes=False,
        first_published_at=now,
        last_published_at=now,
        programme=programme,
    )
    # Keys reserved first: each revision is written knowing its page, each page its revision.
    page_ids = new_keys(Page, len(items))
    revision_ids = new_keys(Revision, len(items)) if revisions else [None] * len(items)
    page_rows, initiative_rows, created = [], [], []
    for item, pk, revision_id in zip(items, page_ids, revision_ids, strict=True):
        slug = slugs(item.title)
        page_rows.append(
            (
                pk,
                item.title,
                item.title,
                slug,
                paths(),
                f"{catalogue.url_path}{slug}/",
                uuid.uuid4(),
                revision_id,
            )
        )
        initiative_rows.append(
            (
                pk,
                item.commune.pk,
                item.summary,
                clean_html(item.description),
                item.website,
                item.video_url,
                item.year,
                item.laureate_year,
                item.source,
                item.is_generated,
            )
        )
    if revisions:
        user = actor if getattr(actor, "is_authenticated", False) else None
        RowInserter(
            Revision,
            ("id", "object_id", "object_str", "content"),
            template=Revision(
                content_type=template.content_type,
                base_content_type=ContentType.objects.get_for_model(Page),
                created_at=now,
                user=user,
            ),
        ).insert(
            (revision_id, str(page_row[0]), page_row[1], content)
            for revision_id, page_row, content in zip(
                revision_ids,
                page_rows,
                revision_contents(template, page_rows, initiative_rows, items),
                strict=True,
            )
        )
    RowInserter(Page, ("id", *PAGE_ROW, "latest_revision_id", "live_revision_id"), template=template).insert(
        [(*row, row[-1]) for row in page_rows]
    )
    RowInserter(InitiativePage, INITIATIVE_ROW, template=template).insert(initiative_rows)
    for page_row, row, item in zip(page_rows, initiative_rows, items, strict=True):
        created.append(
            CreatedInitiative(
                pk=page_row[0],
                title=page_row[1],
                slug=page_row[3],
                summary=row[2],
                description=row[3],
                main_commune=item.commune,
                year=row[6],
                laureate_year=row[7],
                programme_id=programme.pk,
                first_published_at=now,
            )
        )
    _insert_links(created, items)
    index_new(created, items, catalogue=catalogue)
    if own_paths:
        paths.finish()
    return created


def _insert_links(pages, items):
    """The many-to-many rows of new pages: structures, communes, themes, SDGs."""
    relations = InitiativePage.organizations.through, InitiativePage.communes.through
    relations += InitiativePage.themes.through, InitiativePage.sdgs.through
    organizations, communes, themes, sdgs = relations
    for model, column, values in (
        (organizations, "organization_id", lambda i: [i.organization_id]),
        (communes, "commune_id", lambda i: [i.commune.pk]),
        (themes, "theme_id", lambda i: i.themes),
        (sdgs, "sustainabledevelopmentgoal_id", lambda i: i.sdgs),
    ):
        rows = [(p.pk, v) for p, i in zip(pages, items, strict=True) for v in values(i)]
        RowInserter(model, ("initiativepage_id", column), template=model()).insert(rows)


def _in_url(slug):
    """A slug as it is written in an address (accents percent-encoded, as Wagtail's URLs)."""
    return slug if slug.isascii() else iri_to_uri(slug)


def index_new(pages, items, *, catalogue):
    """The catalogue entries of pages just created from `items`, built from what is in memory
    (indexing.entry_values, the rule of the catalogue's entries) instead of reading every page
    back with its relations (`index_many`: two thirds of a large import's time)."""
    from rallynov.initiatives.indexing import _site_path, entry_values, themes_with_parents
    from rallynov.initiatives.models import Theme

    base = _site_path(catalogue)
    # What the entries take of the structures (a model instance each took a tenth of the time),
    # by slices of ids that SQLite takes as parameters.
    wanted, organizations = sorted({item.organization_id for item in items}), {}
    for start in range(0, len(wanted), 900):
        rows = Organization.objects.filter(pk__in=wanted[start : start + 900])
        for pk, name, acronym, kind in rows.values_list("pk", "name", "acronym", "kind"):
            organizations[pk] = SimpleNamespace(pk=pk, name=name, acronym=acronym, kind=kind)
    themes = Theme.objects.select_related("parent").in_bulk({t for item in items for t in item.themes})
    # The entries are computed while the rows are sent (COPY): no query may run meanwhile.
    prefetch_related_objects([item.commune for item in items], "department")
    fields = [f.attname for f in CatalogueEntry._meta.local_concrete_fields if f.attname != "page_id"]
    theme_links, sdg_links = [], []

    def entries():  # computed while the database writes the previous ones (COPY)
        for page, item in zip(pages, items, strict=True):
            # In the themes' own order, as the page's relation gives them (the stems' order).
            chosen = sorted((themes[pk] for pk in item.themes), key=lambda t: (t.position, t.name))
            values = entry_values(
                page,
                organizations=[organizations[item.organization_id]],
                communes=[item.commune],
                themes=chosen,
                # A catalogue outside every site has no address, nor have its pages.
                url=f"{base}{_in_url(page.slug)}/" if base is not None else "",
            )
            theme_links.extend((page.pk, pk) for pk in sorted(themes_with_parents(chosen)))
            sdg_links.extend((page.pk, pk) for pk in item.sdgs)
            yield (page.pk, *(values[name] for name in fields))

    RowInserter(CatalogueEntry, ("page_id", *fields), template=CatalogueEntry()).insert(entries())
    RowInserter(CatalogueEntryTheme, ("entry_id", "theme_id"), template=CatalogueEntryTheme()).insert(
        theme_links
    )
    RowInserter(CatalogueEntrySdg, ("entry_id", "sdg_id"), template=CatalogueEntrySdg()).insert(sdg_links)


def revision_contents(template, page_rows, initiative_rows, items):
    """What `page.serializable_data()` gives for each page written from these rows (id, PAGE_ROW
    values, revision; INITIATIVE_ROW values), one at a time, without a page instance nor its
    queries (one per relation): the template's serialisation (what is the same for every page; a
    new page has no children), with each page's own columns, as modelcluster serialises them,
    and the many-to-many values inserted here."""
    base = get_serializable_data_for_fields(template)
    # The dates of publication, the same for every page, written once as the JSON field's
    # encoder writes them (same JSON, without its call for every page).
    encoder = Revision._meta.get_field("content").encoder()
    for key, value in base.items():
        if isinstance(value, datetime.datetime):
            base[key] = encoder.default(value)
    for relation in get_all_child_relations(template):
        base[relation.get_accessor_name()] = []
    m2m = [m.name for m in get_all_child_m2m_relations(template) if m.serialize]
    base.update((name, []) for name in m2m)
    keys = [InitiativePage._meta.get_field(name).name for name in (*PAGE_ROW, *INITIATIVE_ROW[1:])]
    for page_row, initiative_row, item in zip(page_rows, initiative_rows, items, strict=True):
        content = base.copy()
        content["pk"] = page_row[0]
        for key, value in zip(keys, (*page_row[1 : 1 + len(PAGE_ROW)], *initiative_row[1:]), strict=True):
            # modelcluster.models.get_field_value: numbers, dates and None as they are, else text.
            content[key] = value if is_protected_type(value) else str(value)
        values = {
            "organizations": [item.organization_id],
            "communes": [item.commune.pk],
            "themes": list(item.themes),
            "sdgs": list(item.sdgs),
        }
        for name in m2m:
            content[name] = values.get(name, [])
        yield content
