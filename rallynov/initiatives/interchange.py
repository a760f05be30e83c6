"""Import and export of initiatives: CSV (UTF-8, `;` or `,`), XLSX, GeoJSON.

The columns are those of DESIGN.md, and an export re-imports: re-importing the same file changes
nothing. Each bad row is reported with its line number and a French reason; the good rows are
imported all the same. A dry run does the whole work inside a transaction that is rolled back,
so what it reports is exactly what a real run would do.
"""

import contextlib
import csv
import datetime
import io
import json
import re
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _

from rallynov.core import exports
from rallynov.core.audit import record
from rallynov.core.text import fold
from rallynov.initiatives.bulk import NewInitiative, SlugAllocator, create_initiatives
from rallynov.initiatives.enums import Source
from rallynov.initiatives.models import CataloguePage, InitiativePage, Theme
from rallynov.organizations.domain import get_or_create_organization
from rallynov.organizations.enums import OrganizationKind
from rallynov.organizations.models import Organization
from rallynov.organizations.validators import normalise_siret, siret_error
from rallynov.territories.queries import INSEE_CODE, CommuneError, resolve_commune

COLUMNS = [
    "name",
    "organization",
    "organization_kind",
    "siret",
    "commune_insee",
    "commune",
    "postal_code",
    "themes",
    "year",
    "summary",
    "description",
    "website",
    "video_url",
    "laureate_year",
]
REQUIRED = ("name", "year")
# French headings people type in spreadsheets, mapped to the columns.
ALIASES = {
    "nom": "name",
    "initiative": "name",
    "titre": "name",
    "structure": "organization",
    "organisation": "organization",
    "type_de_structure": "organization_kind",
    "type": "organization_kind",
    "code_insee": "commune_insee",
    "insee": "commune_insee",
    "ville": "commune",
    "code_postal": "postal_code",
    "cp": "postal_code",
    "themes": "themes",
    "theme": "themes",
    "annee": "year",
    "resume": "summary",
    "site_web": "website",
    "site": "website",
    "video": "video_url",
    "laureat": "laureate_year",
    "annee_laureat": "laureate_year",
}
TEXT_LIMITS = {"name": 255, "organization": 200, "summary": 600, "website": 200, "video_url": 200}
FORMULA = re.compile(r"^\s*[=@]|^\s*[+\-].*[(!|]")


class ImportFileError(ValueError):
    """The file as a whole cannot be read (not CSV/XLSX/GeoJSON, no header…); French message."""


# --- Reading ------------------------------------------------------------------------------------


def _normalise_header(name):
    key = re.sub(r"[^a-z0-9]+", "_", fold(str(name or "")).strip()).strip("_")
    return ALIASES.get(key, key)


def _decode_lines(data):
    """Decode line by line: UTF-8 first, else Windows-1252 (Latin-1 as spreadsheets write it).
    Returns (text lines, {line number: warning})."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    lines, warnings = [], {}
    for number, raw in enumerate(data.splitlines(), start=1):
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(raw.decode("cp1252", errors="replace"))
            warnings[number] = _("ligne encodée en Latin-1 (Windows-1252) et non en UTF-8 : accents convertis, à vérifier.")
    return lines, warnings


def read_rows(data, filename=""):
    """[(line number, {column: text}, [warnings])] from the bytes of a CSV, XLSX or GeoJSON file."""
    name = filename.lower()
    if data[:4] == b"PK\x03\x04" or name.endswith(".xlsx"):
        return _read_xlsx(data)
    if name.endswith((".geojson", ".json")) or data.lstrip()[:1] == b"{":
        return _read_geojson(data)
    return _read_csv(data)


def _read_csv(data):
    lines, warnings = _decode_lines(data)
    if not lines or not lines[0].strip():
        raise ImportFileError(_("Le fichier est vide ou sa première ligne (les en-têtes) est vide."))
    header_line = lines[0]
    delimiter = ";" if header_line.count(";") >= header_line.count(",") else ","
    reader = csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)
    header = [_normalise_header(h) for h in next(reader)]
    _check_header(header)
    rows = []
    line = 1
    for values in reader:
        line += 1 + sum(v.count("\n") for v in values)
        start = line - sum(v.count("\n") for v in values)
        row = {header[i]: (values[i] if i < len(values) else "") for i in range(len(header))}
        rows.append((start, row, [warnings[start]] if start in warnings else []))
    return rows


def _read_xlsx(data):
    """Rows of the first sheet. A damaged workbook can fail anywhere inside openpyxl, zipfile,
    zlib or the XML parser, while opening it or while streaming its rows (zlib.error,
    NotImplementedError for an unknown zip version, BadZipFile for a bad CRC, ParseError…): all
    of them become one ImportFileError with a French message, never a server error."""
    from openpyxl import load_workbook

    workbook = None
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        return _xlsx_rows(workbook)
    except ImportFileError:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure of the parsers on an untrusted file
        raise ImportFileError(
            _("Le fichier XLSX est endommagé ou illisible : ouvrez-le dans votre tableur et enregistrez-le à nouveau.")
        ) from exc
    finally:
        if workbook is not None:
            # Closing a damaged archive may fail again; the French error above is what counts.
            with contextlib.suppress(Exception):
                workbook.close()


def _xlsx_rows(workbook):
    if not workbook.worksheets:
        raise ImportFileError(_("Le classeur ne contient aucune feuille."))
    sheet = workbook.worksheets[0]
    iterator = sheet.iter_rows(values_only=True)
    try:
        header = [_normalise_header(h) for h in next(iterator)]
    except StopIteration as exc:
        raise ImportFileError(_("La première feuille du classeur est vide.")) from exc
    _check_header(header)
    rows = []
    for number, values in enumerate(iterator, start=2):
        row = {}
        for i, column in enumerate(header):
            value = values[i] if i < len(values) else None
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            if isinstance(value, (datetime.date, datetime.datetime)):
                value = value.isoformat()
            row[column] = "" if value is None else str(value)
        rows.append((number, row, []))
    return rows


def _read_geojson(data):
    try:
        document = json.loads(data.decode("utf-8-sig"))
        features = document["features"]
    except (UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise ImportFileError(_("Le fichier GeoJSON est illisible : « features » attendu.")) from exc
    rows = []
    for number, feature in enumerate(features, start=1):
        properties = (feature or {}).get("properties") or {}
        row = {_normalise_header(k): "" if v is None else str(v) for k, v in properties.items()}
        rows.append((number, row, []))
    if rows:
        _check_header(list(rows[0][1]))
    return rows


def _check_header(header):
    missing = [c for c in REQUIRED if c not in header]
    if "organization" not in header:
        missing.append("organization")
    if "commune_insee" not in header and "commune" not in header:
        missing.append("commune_insee (ou commune + postal_code)")
    if missing:
        raise ImportFileError(
            _("Colonnes manquantes : %(missing)s. Colonnes attendues : %(expected)s.")
            % {"missing": ", ".join(missing), "expected": ", ".join(COLUMNS)}
        )


# --- Validating ---------------------------------------------------------------------------------


@dataclass
class RowResult:
    line: int
    name: str = ""
    status: str = ""  # created, updated, unchanged, rejected, ignored
    messages: list = field(default_factory=list)
    page_id: int | None = None

    STATUS_LABELS = {
        "created": "créée",
        "updated": "mise à jour",
        "unchanged": "inchangée",
        "rejected": "rejetée",
        "ignored": "ignorée",
    }

    @property
    def status_label(self):
        return self.STATUS_LABELS.get(self.status, self.status)


@dataclass
class ImportReport:
    dry_run: bool
    rows: list = field(default_factory=list)

    def count(self, status):
        return sum(1 for r in self.rows if r.status == status)

    @property
    def created(self):
        return self.count("created")

    @property
    def updated(self):
        return self.count("updated")

    @property
    def unchanged(self):
        return self.count("unchanged")

    @property
    def rejected(self):
        return self.count("rejected")

    @property
    def ignored(self):
        return self.count("ignored")

    @property
    def problems(self):
        return [r for r in self.rows if r.status == "rejected" or r.messages]

    def summary(self):
        prefix = _("Simulation : ") if self.dry_run else ""
        return prefix + _(
            "%(created)s créée(s), %(updated)s mise(s) à jour, %(unchanged)s inchangée(s), "
            "%(rejected)s rejetée(s), %(ignored)s ligne(s) vide(s) ignorée(s)."
        ) % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "ignored": self.ignored,
        }


class ThemeResolver:
    def __init__(self):
        self.by_key = {}
        themes = list(Theme.objects.select_related("parent"))
        for theme in themes:
            for key in {fold(theme.name), theme.slug, fold(str(theme)), fold(f"{theme.parent.name} > {theme.name}" if theme.parent_id else theme.name)}:
                self.by_key.setdefault(key, []).append(theme)
        self.known = sorted({t.name for t in themes})

    def resolve(self, text):
        key = " ".join(fold(text).replace("›", ">").split())
        key = re.sub(r"\s*>\s*", " > ", key)
        found = self.by_key.get(key) or self.by_key.get(slugify(text))
        if not found:
            raise ValueError(_("Thème inconnu : « %(theme)s ».") % {"theme": text})
        if len({t.pk for t in found}) > 1:
            raise ValueError(
                _("Thème ambigu : « %(theme)s » (écrivez « thème parent > thème »).") % {"theme": text}
            )
        return found[0]


def _kind(value):
    if not value:
        return ""
    key = fold(value).strip()
    for choice, label in OrganizationKind.choices:
        if key in (choice, fold(str(label))) or fold(str(label)).startswith(key + " "):
            return choice
    raise ValueError(
        _("Type de structure inconnu : « %(kind)s » (valeurs possibles : %(choices)s).")
        % {"kind": value, "choices": ", ".join(OrganizationKind.values)}
    )


def _year(value, column, *, required):
    value = (value or "").strip()
    if not value:
        if required:
            raise ValueError(_("« %(column)s » est obligatoire.") % {"column": column})
        return None
    try:
        year = int(float(value.replace(",", ".")))
    except ValueError:
        raise ValueError(_("« %(column)s » : « %(value)s » n'est pas une année.") % {"column": column, "value": value}) from None
    if not 1950 <= year <= timezone.now().year + 1:
        raise ValueError(_("« %(column)s » : l'année %(value)s est hors limites.") % {"column": column, "value": year})
    return year


def _url(value, column):
    value = (value or "").strip()
    if not value:
        return ""
    if "://" not in value:
        value = "https://" + value
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise ValueError(_("« %(column)s » : adresse web invalide « %(value)s ».") % {"column": column, "value": value}) from None
    return value


def rich_text(value):
    """Description as Wagtail rich text: HTML is sanitised, plain text becomes paragraphs."""
    from rallynov.core.sanitize import clean_html

    value = (value or "").strip()
    if not value:
        return ""
    if re.search(r"<[a-zA-Z/][^>]*>", value):
        return clean_html(value)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n|\r\n\s*\r\n", value) if p.strip()]
    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs)


@dataclass
class CleanRow:
    name: str
    organization: str
    organization_kind: str
    siret: str
    commune: object
    themes: list
    year: int
    summary: str
    description: str
    website: str
    video_url: str
    laureate_year: int | None


class CommuneResolver:
    """resolve_commune with a memory: an import names the same communes again and again."""

    def __init__(self, region):
        self.region = region
        self.cache = {}

    def __call__(self, text, postal_code=""):
        key = (text.strip().lower(), postal_code.strip())
        if key not in self.cache:
            try:
                self.cache[key] = resolve_commune(text, postal_code, region=self.region)
            except CommuneError as exc:
                self.cache[key] = exc
        found = self.cache[key]
        if isinstance(found, CommuneError):
            raise found
        return found

    def preload(self, codes):
        """Look the INSEE codes of a whole file up at once (a query per 500 codes instead of one
        per commune); what is not found goes through resolve_commune and its French message."""
        from rallynov.territories.models import Commune

        wanted = {}
        for code in codes:
            code = str(code or "").strip()
            if INSEE_CODE.match(code) and (code.lower(), "") not in self.cache:
                wanted[code.upper()] = (code.lower(), "")
        codes = list(wanted)
        for start in range(0, len(codes), 500):
            for commune in Commune.objects.select_related("department").filter(insee__in=codes[start : start + 500]):
                self.cache[wanted[commune.insee]] = commune


def clean_row(row, *, programme, themes, communes=None):
    """A CleanRow, or raise ValueError with every reason (French, joined)."""
    errors = []
    for column, value in row.items():
        if value and FORMULA.match(value):
            errors.append(
                _("« %(column)s » contient une formule de tableur (« %(start)s… ») : refusée.")
                % {"column": column, "start": value.strip()[:12]}
            )
    if errors:
        raise ValueError(" ".join(errors))
    text = {k: " ".join(str(v).split()) if k not in ("description", "summary") else str(v).strip() for k, v in row.items()}
    name = text.get("name", "")
    if not name:
        errors.append(_("« name » (nom de l'initiative) est obligatoire."))
    for column, limit in TEXT_LIMITS.items():
        if len(text.get(column, "")) > limit:
            errors.append(_("« %(column)s » dépasse %(limit)s caractères.") % {"column": column, "limit": limit})
    organization = text.get("organization", "")
    if not organization:
        errors.append(_("« organization » (structure) est obligatoire."))
    kind = ""
    try:
        kind = _kind(text.get("organization_kind", ""))
    except ValueError as exc:
        errors.append(str(exc))
    siret = normalise_siret(text.get("siret", ""))
    if siret and (message := siret_error(siret)):
        errors.append(message)
    commune = None
    insee = text.get("commune_insee", "")
    communes = communes or CommuneResolver(programme.region)
    try:
        commune = communes(insee) if insee else communes(text.get("commune", ""), text.get("postal_code", ""))
    except CommuneError as exc:
        errors.append(str(exc))
    resolved_themes = []
    for part in (text.get("themes", "") or "").split("|"):
        if part.strip():
            try:
                resolved_themes.append(themes.resolve(part.strip()))
            except ValueError as exc:
                errors.append(str(exc))
    year = laureate_year = None
    try:
        year = _year(text.get("year"), "year", required=True)
    except ValueError as exc:
        errors.append(str(exc))
    try:
        laureate_year = _year(text.get("laureate_year"), "laureate_year", required=False)
    except ValueError as exc:
        errors.append(str(exc))
    urls = {}
    for column in ("website", "video_url"):
        try:
            urls[column] = _url(text.get(column), column)
        except ValueError as exc:
            errors.append(str(exc))
    if errors:
        raise ValueError(" ".join(errors))
    return CleanRow(
        name=name,
        organization=organization,
        organization_kind=kind,
        siret=siret,
        commune=commune,
        themes=resolved_themes,
        year=year,
        summary=text.get("summary", ""),
        description=rich_text(text.get("description", "")),
        website=urls["website"],
        video_url=urls["video_url"],
        laureate_year=laureate_year,
    )


# --- Importing ----------------------------------------------------------------------------------


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
        pages = InitiativePage.objects.filter(programme=programme).values_list("pk", "title", "main_commune_id")
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
                    _("Doublon : même nom et même commune que la ligne %(line)s du fichier.") % {"line": seen[key]}
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
        revision = page.save_revision(user=self.actor if getattr(self.actor, "is_authenticated", False) else None)
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
            (result, clean, org_ids[org[1]] if isinstance(org, tuple) else org) for result, clean, org in items
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


# --- Exporting ----------------------------------------------------------------------------------


def export_rows(pages):
    """Rows (lists, in COLUMNS order) for published pages, with their relations prefetched."""
    for page in pages:
        organization = min(page.organizations.all(), key=lambda o: o.pk, default=None)
        commune = page.main_commune
        yield [
            page.title,
            organization.name if organization else "",
            organization.kind if organization else "",
            (organization.siret or "") if organization else "",
            commune.insee if commune else "",
            commune.name if commune else "",
            commune.main_postal_code if commune else "",
            "|".join(t.name for t in sorted(page.themes.all(), key=lambda t: (t.parent_id or 0, t.position, t.name))),
            page.year,
            page.summary,
            page.description,
            page.website,
            page.video_url,
            page.laureate_year if page.laureate_year is not None else "",
        ]


def exported_pages(entries, *, chunk=1000):
    """The published pages behind `entries` (a CatalogueEntry queryset), in chunks."""
    ids = list(entries.order_by("sort_key", "pk").values_list("pk", flat=True))
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        pages = (
            InitiativePage.objects.filter(pk__in=part, live=True)
            .select_related("main_commune__department")
            .prefetch_related("organizations", "themes")
        )
        by_id = {p.pk: p for p in pages}
        for pk in part:
            if pk in by_id:
                yield by_id[pk]


def export_csv(entries):
    return exports.rows_to_csv(COLUMNS, export_rows(exported_pages(entries)))


def export_xlsx(entries):
    return exports.rows_to_xlsx(COLUMNS, export_rows(exported_pages(entries)), title="Initiatives")


def export_geojson(entries):
    features = []
    for page, row in _pages_with_rows(entries):
        commune = page.main_commune
        geometry = None
        if commune and commune.latitude is not None:
            geometry = {"type": "Point", "coordinates": [round(commune.longitude, 5), round(commune.latitude, 5)]}
        properties = {column: exports.neutralise(value) for column, value in zip(COLUMNS, row, strict=True)}
        features.append({"type": "Feature", "id": page.pk, "geometry": geometry, "properties": properties})
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False).encode("utf-8")


def _pages_with_rows(entries):
    pages = list(exported_pages(entries))
    return zip(pages, export_rows(pages), strict=True)
