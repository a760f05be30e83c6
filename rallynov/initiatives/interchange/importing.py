"""Writing an import: each valid row creates or updates its initiative (found again by its name in
the same commune, so that re-importing the same file changes nothing); new ones are written in
bulk. A dry run does the whole work inside a transaction that is rolled back, so what it reports
is exactly what a real run would do."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rallynov.core.audit import record
from rallynov.core.text import fold
from rallynov.initiatives.bulk import NewInitiative, SlugAllocator, create_initiatives
from rallynov.initiatives.enums import Source
from rallynov.initiatives.interchange.reading import ImportFileError, read_rows
from rallynov.initiatives.interchange.validation import (
    CommuneResolver,
    ImportReport,
    RowResult,
    ThemeResolver,
    clean_row,
)
from rallynov.initiatives.models import CataloguePage, InitiativePage
from rallynov.organizations.domain import get_or_create_organization
from rallynov.organizations.enums import OrganizationKind
from rallynov.organizations.models import Organization


def identity(name, commune_id):
    """How an imported row finds its initiative again: the name (case and accents ignored) in the
    same commune."""
    return (fold(" ".join(name.split())), commune_id)


class Importer:
    """Imports rows into a programme's catalogue. Use `run`."""

    def __init__(self, *, programme, actor=None, progress=None):
        self.programme = programme
        self.actor = actor
        self.progress = progress
        self.catalogue = CataloguePage.objects.filter(live=True).first()
        if self.catalogue is None:
            raise ImportFileError(_("Aucune page « catalogue des initiatives » n'existe : créez-la d'abord."))
        self.themes = ThemeResolver()
        self.communes = CommuneResolver(programme.region)
        self.pending_orgs = {}  # structures to create with the new initiatives, by key
        self.existing = {}
        pages = InitiativePage.objects.filter(programme=programme).values_list(
            "pk", "title", "main_commune_id"
        )
        for pk, title, commune_id in pages:
            self.existing.setdefault(identity(title, commune_id), pk)
        self.orgs_by_siret = dict(Organization.objects.exclude(siret=None).values_list("siret", "pk"))
        self.orgs_by_key = {}
        for pk, key in Organization.objects.order_by("pk").values_list("pk", "name_key"):
            self.orgs_by_key.setdefault(key, pk)
        self.slugs = SlugAllocator(self.catalogue)

    def run(self, rows, *, dry_run=False):
        report = ImportReport(dry_run=dry_run)
        with transaction.atomic():
            self._run(rows, report)
            if dry_run:
                transaction.set_rollback(True)
        return report

    def _run(self, rows, report):
        seen = {}
        to_create = []
        total = len(rows)
        self.communes.preload(row.get("commune_insee", "") for _line, row, _warnings in rows)
        for index, (line, row, warnings) in enumerate(rows, start=1):
            result = RowResult(line=line, name=(row.get("name") or "").strip()[:120], messages=list(warnings))
            report.rows.append(result)
            if not any(str(v).strip() for v in row.values()):
                result.status = "ignored"
                result.messages.append(_("Ligne vide ignorée."))
                continue
            try:
                clean = clean_row(row, programme=self.programme, themes=self.themes, communes=self.communes)
            except ValueError as exc:
                result.status = "rejected"
                result.messages.append(str(exc))
                continue
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
                organization = self._organization(clean, create=bool(existing_pk))
            except ValidationError as exc:
                result.status = "rejected"
                result.messages.append(" ".join(exc.messages))
                continue
            if existing_pk:
                changed = self._update(existing_pk, clean, organization)
                result.status = "updated" if changed else "unchanged"
                result.page_id = existing_pk
            else:
                to_create.append((result, clean, organization))
            if self.progress and (index % 200 == 0 or index == total):
                self.progress(index, total)
        if to_create:
            self._create(to_create)

    def _organization(self, clean, *, create):
        """The structure's pk, or (for a new initiative) the key of a structure to create in bulk
        with it; `create` makes it at once (an existing initiative needs it now)."""
        key = fold(clean.organization)
        pk = (self.orgs_by_siret.get(clean.siret) if clean.siret else None) or self.orgs_by_key.get(key)
        if pk:
            return pk
        if not create:
            pending_key = clean.siret or key
            if pending_key not in self.pending_orgs:
                self.pending_orgs[pending_key] = Organization(
                    name=clean.organization,
                    name_key=key,
                    kind=clean.organization_kind or OrganizationKind.OTHER,
                    siret=clean.siret or None,
                    commune=clean.commune,
                )
            return ("pending", pending_key)
        organization, _created = get_or_create_organization(
            name=clean.organization,
            kind=clean.organization_kind or OrganizationKind.OTHER,
            siret=clean.siret,
            commune=clean.commune,
        )
        self.orgs_by_key[organization.name_key] = organization.pk
        if organization.siret:
            self.orgs_by_siret[organization.siret] = organization.pk
        return organization.pk

    FIELDS = ("summary", "description", "website", "video_url", "year", "laureate_year")

    def _update(self, pk, clean, organization_id):
        page = InitiativePage.objects.get(pk=pk)
        changes = {}
        for name in self.FIELDS:
            new = getattr(clean, name)
            if getattr(page, name) != new:
                changes[name] = [str(getattr(page, name)), str(new)]
                setattr(page, name, new)
        if page.title != clean.name:
            changes["title"] = [page.title, clean.name]
            page.title = clean.name
        theme_ids = sorted(t.pk for t in clean.themes)
        if sorted(page.themes.values_list("pk", flat=True)) != theme_ids:
            changes["themes"] = ["", "|".join(t.name for t in clean.themes)]
            page.themes.set(theme_ids)
        if organization_id not in set(page.organizations.values_list("pk", flat=True)):
            changes["organizations"] = ["", clean.organization]
            page.organizations.add(organization_id)
        if not changes:
            return False
        revision = page.save_revision(
            user=self.actor if getattr(self.actor, "is_authenticated", False) else None
        )
        if page.live:
            revision.publish()
        record(actor=self.actor, action="import", obj=page, changes=changes, note=_("Mise à jour par import"))
        return True

    def _create(self, items):
        """Create the new initiatives and their new structures in bulk (see bulk.create_initiatives)."""
        pending = list(self.pending_orgs.items())
        created_orgs = Organization.objects.bulk_create([org for _key, org in pending], batch_size=500)
        org_ids = {key: org.pk for (key, _org), org in zip(pending, created_orgs, strict=True)}
        items = [
            (result, clean, org_ids[org[1]] if isinstance(org, tuple) else org)
            for result, clean, org in items
        ]
        pages = create_initiatives(
            catalogue=self.catalogue,
            programme=self.programme,
            actor=self.actor,
            slugs=self.slugs,
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
        record_many(actor=self.actor, action="import", objects=pages, note=_("Créée par import"))


def import_file(data, *, filename="", programme, actor=None, dry_run=False, progress=None):
    """Read and import a file; returns an ImportReport. Raises ImportFileError when the file as a
    whole is unreadable."""
    rows = read_rows(data, filename)
    return Importer(programme=programme, actor=actor, progress=progress).run(rows, dry_run=dry_run)


def record_many(*, actor, action, objects, note=""):
    """core.audit.record for many objects at once (one entry each, one INSERT per 500)."""
    from rallynov.core.models import AuditEntry

    if not objects:
        return
    user = actor if getattr(actor, "is_authenticated", False) else None
    content_type = ContentType.objects.get_for_model(objects[0].__class__)
    label = (user.email if user else str(actor or "système"))[:200]
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                actor=user,
                actor_label=label,
                action=action,
                content_type=content_type,
                object_id=str(obj.pk),
                object_repr=str(obj)[:250],
                note=note,
            )
            for obj in objects
        ],
        batch_size=500,
    )
