"""Checking one row of an import: each column parsed and validated, themes and communes
resolved, with a French reason for every refusal; the report of a whole import."""

import re
from dataclasses import dataclass, field
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _

from rallynov.core.text import fold
from rallynov.initiatives.models import Theme
from rallynov.organizations.enums import OrganizationKind
from rallynov.organizations.validators import normalise_siret, siret_error
from rallynov.territories.queries import INSEE_CODE, CommuneError, resolve_commune

TEXT_LIMITS = {"name": 255, "organization": 200, "summary": 600, "website": 200, "video_url": 200}
FORMULA = re.compile(r"^\s*[=@]|^\s*[+\-].*[(!|]")


@dataclass(slots=True)  # one per row of a file of 100,000 rows
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
            for key in {
                fold(theme.name),
                theme.slug,
                fold(str(theme)),
                fold(f"{theme.parent.name} > {theme.name}" if theme.parent_id else theme.name),
            }:
                self.by_key.setdefault(key, []).append(theme)
        self.known = sorted({t.name for t in themes})
        self.resolved = {}

    def resolve(self, text):
        """The theme `text` names, or ValueError; remembered (a file names the same themes on
        many rows)."""
        found = self.resolved.get(text)
        if found is None:
            try:
                found = self._resolve(text)
            except ValueError as exc:
                found = str(exc)
            self.resolved[text] = found
        if isinstance(found, str):
            raise ValueError(found)
        return found

    def _resolve(self, text):
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


@lru_cache(maxsize=256)
def _kind_choice(key, language):
    """The kind that `key` (folded) names in `language` (the labels are translated), or None."""
    with translation.override(language):
        for choice, label in OrganizationKind.choices:
            if key in (choice, fold(str(label))) or fold(str(label)).startswith(key + " "):
                return choice
    return None


def _kind(value, language=None):
    if not value:
        return ""
    choice = _kind_choice(fold(value).strip(), language or translation.get_language())
    if choice is not None:
        return choice
    raise ValueError(
        _("Type de structure inconnu : « %(kind)s » (valeurs possibles : %(choices)s).")
        % {"kind": value, "choices": ", ".join(OrganizationKind.values)}
    )


class KindResolver:
    """_kind in the language active when it is made, with a memory: an import names the same
    kinds on many rows (looking the active language up is the slow part)."""

    def __init__(self):
        self.language = translation.get_language()
        self.known = {}

    def __call__(self, value):
        choice = self.known.get(value)
        if choice is None:
            choice = self.known[value] = _kind(value, self.language)
        return choice


def _year(value, column, *, required):
    value = (value or "").strip()
    if not value:
        if required:
            raise ValueError(_("« %(column)s » est obligatoire.") % {"column": column})
        return None
    try:
        year = int(float(value.replace(",", ".")))
    except ValueError:
        raise ValueError(
            _("« %(column)s » : « %(value)s » n'est pas une année.") % {"column": column, "value": value}
        ) from None
    if not 1950 <= year <= timezone.now().year + 1:
        raise ValueError(
            _("« %(column)s » : l'année %(value)s est hors limites.") % {"column": column, "value": year}
        )
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
        raise ValueError(
            _("« %(column)s » : adresse web invalide « %(value)s ».") % {"column": column, "value": value}
        ) from None
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


@dataclass(slots=True)  # one per row of a file of 100,000 rows
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
            for commune in Commune.objects.select_related("department").filter(
                insee__in=codes[start : start + 500]
            ):
                self.cache[wanted[commune.insee]] = commune


def clean_row(row, *, programme, themes, communes=None, kinds=None):
    """A CleanRow, or raise ValueError with every reason (French, joined). `kinds`: a
    KindResolver for many rows."""
    errors = []
    for column, value in row.items():
        if value and FORMULA.match(value):
            errors.append(
                _("« %(column)s » contient une formule de tableur (« %(start)s… ») : refusée.")
                % {"column": column, "start": value.strip()[:12]}
            )
    if errors:
        raise ValueError(" ".join(errors))
    text = {
        k: (" ".join(str(v).split()) if v != "" else "") if k not in ("description", "summary") else str(v).strip()
        for k, v in row.items()
    }
    name = text.get("name", "")
    if not name:
        errors.append(_("« name » (nom de l'initiative) est obligatoire."))
    for column, limit in TEXT_LIMITS.items():
        if len(text.get(column, "")) > limit:
            errors.append(
                _("« %(column)s » dépasse %(limit)s caractères.") % {"column": column, "limit": limit}
            )
    organization = text.get("organization", "")
    if not organization:
        errors.append(_("« organization » (structure) est obligatoire."))
    kind = ""
    try:
        kind = (kinds or _kind)(text.get("organization_kind", ""))
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
