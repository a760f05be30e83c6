"""One harvest of one source: download, read, map, and for each new row a draft sheet in the
programme's moderation workflow. Nothing is published: the team approves each sheet.

The download and the reading come first and write nothing: a source that is down, slow,
malformed or too big changes nothing but its own report (last_status, last_message). The rows
are then written in one transaction, each in its own savepoint so that a bad row is reported
with its number and does not stop the good ones. Running again adds nothing for the rows
already harvested (found again by their `id` in the source, else by name and commune)."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rallynov.core.audit import record
from rallynov.core.text import fold
from rallynov.initiatives.domain import ensure_catalogue
from rallynov.initiatives.enums import Source
from rallynov.initiatives.harvest.fetching import HarvestError, fetch
from rallynov.initiatives.harvest.models import HarvestedSheet
from rallynov.initiatives.harvest.parsing import KEY_COLUMN, map_row, read_source
from rallynov.initiatives.interchange.reading import COLUMNS
from rallynov.initiatives.interchange.validation import CommuneResolver, ThemeResolver, clean_row
from rallynov.initiatives.models import InitiativePage
from rallynov.initiatives.queries.duplicates import possible_duplicates
from rallynov.organizations.domain import get_or_create_organization
from rallynov.organizations.enums import OrganizationKind


@dataclass
class HarvestReport:
    created: list = field(default_factory=list)  # InitiativePage drafts
    unchanged: int = 0
    rejected: list = field(default_factory=list)  # (row number, reason)
    duplicates: int = 0  # new drafts that may duplicate a sheet

    def summary(self):
        return _(
            "%(created)s fiche(s) en attente de modération, %(unchanged)s déjà moissonnée(s), "
            "%(rejected)s ligne(s) refusée(s), %(duplicates)s doublon(s) possible(s) signalé(s)."
        ) % {
            "created": len(self.created),
            "unchanged": self.unchanged,
            "rejected": len(self.rejected),
            "duplicates": self.duplicates,
        }


def row_key(mapped):
    """How a row is found again at the next harvest: its id in the source, else its name and commune."""
    if mapped.get(KEY_COLUMN):
        return mapped[KEY_COLUMN][:255]
    place = mapped.get("commune_insee") or fold(mapped.get("commune", ""))
    return f"{fold(mapped.get('name', ''))}|{place}"[:255]


def harvest_source(*, source, fetcher=fetch, now=None):
    """Harvest `source` now. Returns a HarvestReport; raises HarvestError (nothing written but the
    source's report) when the source cannot be read."""
    now = now or timezone.now()
    try:
        data, content_type = fetcher(source.url)
        rows = read_source(data, fmt=source.format, content_type=content_type)
    except HarvestError as exc:
        _note(source, now=now, status="erreur", message=str(exc))
        raise
    report = _write(source=source, rows=rows, now=now)
    message = report.summary()
    if report.rejected:
        message += "\n" + "\n".join(
            _("Ligne %(n)s : %(reason)s") % {"n": n, "reason": r} for n, r in report.rejected
        )
    _note(source, now=now, status="ok", message=message)
    return report


def _note(source, *, now, status, message):
    type(source).objects.filter(pk=source.pk).update(
        last_run_at=now, last_status=status, last_message=message
    )
    source.last_run_at, source.last_status, source.last_message = now, status, message


@transaction.atomic
def _write(*, source, rows, now):
    programme = source.programme
    catalogue = ensure_catalogue(programme=programme)
    themes, communes = ThemeResolver(), CommuneResolver(programme.region)
    known = set(source.sheets.values_list("external_key", flat=True))
    report = HarvestReport()
    for number, row in rows:
        mapped = map_row(row, column_mapping=source.column_mapping, theme_mapping=source.theme_mapping)
        key = row_key(mapped)
        if key in known:
            report.unchanged += 1
            continue
        # A partner's catalogue often says no year: the year it was harvested.
        mapped.setdefault("year", str(timezone.localdate(now).year))
        try:
            with transaction.atomic():
                clean = clean_row(
                    {c: mapped.get(c, "") for c in COLUMNS},
                    programme=programme,
                    themes=themes,
                    communes=communes,
                )
                page = _draft(catalogue=catalogue, programme=programme, clean=clean)
                duplicates = possible_duplicates(page, siret=clean.siret)
                HarvestedSheet.objects.create(
                    source=source,
                    initiative=page,
                    external_key=key,
                    harvested_at=now,
                    possible_duplicates=[
                        {"id": other.pk, "title": other.title, "reason": str(reason)}
                        for other, reason in duplicates
                    ],
                )
        except (ValueError, ValidationError) as exc:
            reason = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            report.rejected.append((number, reason))
            continue
        known.add(key)
        report.created.append(page)
        report.duplicates += bool(duplicates)
    return report


def _draft(*, catalogue, programme, clean):
    """A draft sheet (not live) with its first revision, in the catalogue's moderation workflow."""
    page = InitiativePage(
        title=clean.name,
        programme=programme,
        summary=clean.summary,
        description=clean.description,
        main_commune=clean.commune,
        year=clean.year,
        source=Source.PARTNER,
        website=clean.website,
        video_url=clean.video_url,
        live=False,
    )
    catalogue.add_child(instance=page)
    page.communes.set([clean.commune])
    page.themes.set(clean.themes)
    organization, _created = get_or_create_organization(
        name=clean.organization,
        kind=clean.organization_kind or OrganizationKind.OTHER,
        siret=clean.siret,
        commune=clean.commune,
    )
    page.organizations.set([organization])
    page.save_revision(log_action=True)
    workflow = page.get_workflow()
    if workflow is not None:
        workflow.start(page, None)
    record(actor=None, action="harvest", obj=page, note=_("Moisson d'un catalogue partenaire"))
    return page
