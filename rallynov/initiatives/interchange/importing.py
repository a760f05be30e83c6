"""Writing an import: each valid row creates or updates its initiative (found again by its name in
the same commune, so that re-importing the same file changes nothing); new ones are written in
bulk.

The work is in two steps so that an import never holds the database for long (the public site
keeps answering, SQLite has one writer at a time):

1. the plan, outside any transaction: every row read, checked and compared with what the
   database holds (reads only, a query per 500 rows). A dry run stops here: it reports what a
   real run would do, without writing or locking anything;
2. the writes, in one transaction (all or nothing): new structures and initiatives in bulk, the
   changed initiatives with a new revision. The catalogue page's row, which a public submission
   also updates, is written last, just before the commit; new pages take tree paths after a gap
   so that a submission made meanwhile does not need the same path. On PostgreSQL the planner's
   statistics are refreshed (ANALYZE) after a large import.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rallynov.core import snapshot
from rallynov.core.audit import record
from rallynov.core.rows import RowInserter, new_keys
from rallynov.core.text import fold
from rallynov.initiatives.bulk import (
    BULK_MODELS,
    NewInitiative,
    PathAllocator,
    SlugAllocator,
    analyze_catalogue_tables,
    create_initiatives,
)
from rallynov.initiatives.enums import Source
from rallynov.initiatives.interchange.reading import ImportFileError, read_rows
from rallynov.initiatives.interchange.validation import (
    CommuneResolver,
    ImportReport,
    KindResolver,
    RowResult,
    ThemeResolver,
    clean_row,
)
from rallynov.initiatives.models import CataloguePage, InitiativePage
from rallynov.organizations.enums import OrganizationKind
from rallynov.organizations.models import Organization


def identity(name, commune_id):
    """How an imported row finds its initiative again: the name (case and accents ignored) in the
    same commune."""
    return (fold(" ".join(name.split())), commune_id)


class Importer:
    """Imports rows into a programme's catalogue. Use `run`."""

    # New initiatives are written this many at a time (bounded memory for large files).
    CHUNK = 2000
    # ANALYZE on PostgreSQL after an import that created at least this many initiatives.
    ANALYZE_FROM = 1000

    def __init__(self, *, programme, actor=None, progress=None):
        self.programme = programme
        self.actor = actor
        self.progress = progress
        catalogues = CataloguePage.objects.filter(live=True)
        if programme.site_id:
            # The programme's own catalogue: another programme's would take the rows.
            catalogues = catalogues.descendant_of(programme.site.root_page)
        self.catalogue = catalogues.first()
        if self.catalogue is None:
            raise ImportFileError(_("Aucune page « catalogue des initiatives » n'existe : créez-la d'abord."))
        self.themes = ThemeResolver()
        self.communes = CommuneResolver(programme.region)
        self.kinds = KindResolver()
        self.pending_orgs = {}  # structures to create, by key
        self.existing = {}
        pages = InitiativePage.objects.filter(programme=programme).values_list(
            "pk", "title", "main_commune_id"
        )
        for pk, title, commune_id in pages.iterator(chunk_size=5000):
            self.existing.setdefault(identity(title, commune_id), pk)
        self.orgs_by_siret = dict(Organization.objects.exclude(siret=None).values_list("siret", "pk"))
        self.orgs_by_key = {}
        for pk, key in (
            Organization.objects.order_by("pk").values_list("pk", "name_key").iterator(chunk_size=5000)
        ):
            self.orgs_by_key.setdefault(key, pk)
        self.slugs = SlugAllocator(self.catalogue)

    def run(self, rows, *, dry_run=False):
        """Import `rows` (from read_rows; the list is consumed: its items are dropped as they are
        checked) and return the ImportReport."""
        report = ImportReport(dry_run=dry_run)
        total = len(rows)
        # A real run reports its progress over the plan, then the writes (as many steps again).
        self._steps = total if dry_run else 2 * total
        creates, updates = self._plan(rows, report)
        if dry_run:
            for result, _clean, _org in creates:
                result.status = "created"
        else:
            with transaction.atomic():
                self._write(creates, updates, total)
            if len(creates) >= self.ANALYZE_FROM:
                analyze_catalogue_tables()
        self._report_progress(self._steps)
        return report

    def _report_progress(self, done):
        if self.progress:
            self.progress(done, self._steps)

    def _plan(self, rows, report):
        """Check every row and decide what to do, without writing. Returns (creates, updates):
        [(result, clean, organization)] and [(result, pk, clean, organization, changes)]."""
        seen = {}
        creates, matched = [], []
        total = len(rows)
        self.communes.preload(row.get("commune_insee", "") for _line, row, _warnings in rows)
        for index in range(total):
            line, row, warnings = rows[index]
            rows[index] = None  # the cleaned row replaces the raw one: memory stays flat
            result = RowResult(line=line, name=(row.get("name") or "").strip()[:120], messages=list(warnings))
            report.rows.append(result)
            if index % 500 == 0:
                self._report_progress(index)
            if not any(str(v).strip() for v in row.values()):
                result.status = "ignored"
                result.messages.append(_("Ligne vide ignorée."))
                continue
            try:
                clean = clean_row(
                    row, programme=self.programme, themes=self.themes, communes=self.communes, kinds=self.kinds
                )
            except ValueError as exc:
                result.status = "rejected"
                result.messages.append(str(exc))
                continue
            if clean.name == result.name:
                clean.name = result.name  # one copy of the name for the whole import
            key = identity(clean.name, clean.commune.pk)
            if key in seen:
                result.status = "rejected"
                result.messages.append(
                    _("Doublon : même nom et même commune que la ligne %(line)s du fichier.")
                    % {"line": seen[key]}
                )
                continue
            seen[key] = line
            existing_pk = self.existing.get(key)
            try:
                organization = self._organization(clean, validate=bool(existing_pk))
            except ValidationError as exc:
                result.status = "rejected"
                result.messages.append(" ".join(exc.messages))
                continue
            if existing_pk:
                matched.append((result, existing_pk, clean, organization))
            else:
                creates.append((result, clean, organization))
        updates = []
        for start in range(0, len(matched), 500):
            part = matched[start : start + 500]
            states = self._states([pk for _result, pk, _clean, _org in part])
            for result, pk, clean, organization in part:
                changes = self._changes(states[pk], clean, organization)
                result.page_id = pk
                result.status = "updated" if changes else "unchanged"
                if changes:
                    updates.append((result, pk, clean, organization, changes))
        return creates, updates

    def _organization(self, clean, *, validate):
        """The structure's pk, or ("pending", key) for a structure written with the import;
        `validate` checks it now (an existing initiative's new structure, as the editor would)."""
        key = fold(clean.organization)
        pk = (self.orgs_by_siret.get(clean.siret) if clean.siret else None) or self.orgs_by_key.get(key)
        if pk:
            return pk
        pending_key = clean.siret or key
        if pending_key not in self.pending_orgs:
            fields = (
                clean.organization,
                key,
                clean.organization_kind or OrganizationKind.OTHER,
                clean.siret or None,
                clean.commune.pk,
            )
            if validate:
                _new_organization(fields).full_clean()  # raises before the structure is kept
            # A tuple, not a model instance: a large file names as many structures as rows.
            self.pending_orgs[pending_key] = fields
        return ("pending", pending_key)

    FIELDS = ("summary", "description", "website", "video_url", "year", "laureate_year")

    def _states(self, pks):
        """What the database holds of these initiatives: {pk: {field: value, "themes": set,
        "organizations": set}} (three queries)."""
        states = {
            row["pk"]: {**row, "themes": set(), "organizations": set()}
            for row in InitiativePage.objects.filter(pk__in=pks).values("pk", "title", *self.FIELDS)
        }
        links = InitiativePage.themes.through.objects.filter(initiativepage_id__in=pks)
        for page_id, theme_id in links.values_list("initiativepage_id", "theme_id"):
            states[page_id]["themes"].add(theme_id)
        links = InitiativePage.organizations.through.objects.filter(initiativepage_id__in=pks)
        for page_id, organization_id in links.values_list("initiativepage_id", "organization_id"):
            states[page_id]["organizations"].add(organization_id)
        return states

    def _changes(self, state, clean, organization):
        """{field: [before, after]} between the database and the row (empty: unchanged)."""
        changes = {}
        for name in self.FIELDS:
            new = getattr(clean, name)
            if state[name] != new:
                changes[name] = [str(state[name]), str(new)]
        if state["title"] != clean.name:
            changes["title"] = [state["title"], clean.name]
        if state["themes"] != {t.pk for t in clean.themes}:
            changes["themes"] = ["", "|".join(t.name for t in clean.themes)]
        if isinstance(organization, tuple) or organization not in state["organizations"]:
            changes["organizations"] = ["", clean.organization]
        return changes

    def _write(self, creates, updates, total):
        """The plan's writes (in the caller's transaction), moving the data stamp once for the
        whole import (core.snapshot.stamp_moved_once)."""
        with snapshot.stamp_moved_once(BULK_MODELS):
            self._write_all(creates, updates, total)

    def _write_all(self, creates, updates, total):
        """The items of `creates` are dropped as they are written."""
        pending = list(self.pending_orgs.items())
        # Rows written as bulk_create would (Organization.save() sets name_key and the SIRET's
        # form: the plan did it already), without a model instance per structure.
        ids = new_keys(Organization, len(pending))
        inserter = RowInserter(Organization, ("id", *ORGANIZATION_ROW), template=Organization())
        inserter.insert([(pk, *fields) for pk, (_key, fields) in zip(ids, pending, strict=True)])
        org_ids = {key: pk for (key, _fields), pk in zip(pending, ids, strict=True)}
        del pending, ids
        self.pending_orgs = {}

        def org_id(organization):
            return org_ids[organization[1]] if isinstance(organization, tuple) else organization

        for _result, pk, clean, organization, changes in updates:
            self._update(pk, clean, org_id(organization), changes)
        written = 0
        allocator = PathAllocator(self.catalogue)
        for start in range(0, len(creates), self.CHUNK):
            part = creates[start : start + self.CHUNK]
            self._create([(result, clean, org_id(org)) for result, clean, org in part], allocator)
            creates[start : start + self.CHUNK] = [None] * len(part)  # written: memory stays flat
            written += len(part)
            self._report_progress(total + int(total * written / len(creates)))
        # Last, just before the commit: the catalogue's row that a public submission also updates.
        allocator.finish()

    def _update(self, pk, clean, organization_id, changes):
        page = InitiativePage.objects.get(pk=pk)
        for name in self.FIELDS:
            setattr(page, name, getattr(clean, name))
        page.title = clean.name
        if "themes" in changes:
            page.themes.set(sorted(t.pk for t in clean.themes))
        if "organizations" in changes:
            page.organizations.add(organization_id)
        revision = page.save_revision(
            user=self.actor if getattr(self.actor, "is_authenticated", False) else None
        )
        if page.live:
            revision.publish()
        record(actor=self.actor, action="import", obj=page, changes=changes, note=_("Mise à jour par import"))

    def _create(self, items, allocator):
        """Create new initiatives in bulk (see bulk.create_initiatives)."""
        pages = create_initiatives(
            catalogue=self.catalogue,
            programme=self.programme,
            actor=self.actor,
            slugs=self.slugs,
            paths=allocator,
            items=[
                NewInitiative(
                    title=clean.name,
                    commune=clean.commune,
                    organization_id=organization,
                    year=clean.year,
                    themes=[t.pk for t in clean.themes],
                    summary=clean.summary,
                    description=clean.description,
                    website=clean.website,
                    video_url=clean.video_url,
                    laureate_year=clean.laureate_year,
                    source=Source.IMPORT,
                )
                for _result, clean, organization in items
            ],
        )
        for page, (result, _clean, _organization) in zip(pages, items, strict=True):
            result.status = "created"
            result.page_id = page.pk
        record_many(
            actor=self.actor, action="import", model=InitiativePage, objects=pages, note=_("Créée par import")
        )


# The columns of a new structure, in the order of Importer.pending_orgs' tuples.
ORGANIZATION_ROW = ("name", "name_key", "kind", "siret", "commune_id")


def _new_organization(fields):
    name, name_key, kind, siret, commune_id = fields
    return Organization(name=name, name_key=name_key, kind=kind, siret=siret, commune_id=commune_id)


def import_file(data, *, filename="", programme, actor=None, dry_run=False, progress=None):
    """Read and import a file; returns an ImportReport. Raises ImportFileError when the file as a
    whole is unreadable."""
    rows = read_rows(data, filename)
    return Importer(programme=programme, actor=actor, progress=progress).run(rows, dry_run=dry_run)


def record_many(*, actor, action, model, objects, note=""):
    """core.audit.record for many objects of `model` at once (one entry each, a few INSERTs)."""
    from rallynov.core.models import AuditEntry

    if not objects:
        return
    user = actor if getattr(actor, "is_authenticated", False) else None
    template = AuditEntry(
        actor=user,
        actor_label=(user.email if user else str(actor or "système"))[:200],
        action=action,
        content_type=ContentType.objects.get_for_model(model),
        changes={},
        note=note,
    )
    rows = [(str(obj.pk), str(obj)[:250]) for obj in objects]
    RowInserter(AuditEntry, ("object_id", "object_repr"), template=template).insert(rows)
