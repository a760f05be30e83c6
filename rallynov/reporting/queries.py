"""Reads that the key-figures page, the dashboard and the yearly report need from other parts.

The report lists what the year's records say (events, laureates, studies, partners, next year's
programme). The year's new initiatives are read where their figure is counted
(`initiatives.queries.yearly`), so that the list, the charts and the figure agree. Each part lands on its own schedule, so every read here goes
through `_model()` and returns an empty list while the part has no model: the page and the PDF work
at every stage. Results are plain dicts, so the Typst template and the web page share them.
"""

import datetime

from django.apps import apps
from django.db.models import Max, Q

from rallynov.core import snapshot


def _model(label):
    app_label, model_name = label.split(".")
    if not apps.is_installed(f"rallynov.{app_label}"):
        return None
    try:
        return apps.get_model(app_label, model_name)
    except LookupError:
        return None


# --- Years ----------------------------------------------------------------------------------


def latest_complete_year(programme, *, today=None):
    """The most recent past year with records: published report or catalogued initiatives."""
    today = today or datetime.date.today()
    from rallynov.initiatives.models import InitiativePage
    from rallynov.reporting.models import ReportEdition

    candidates = [
        ReportEdition.objects.filter(programme=programme, is_published=True, year__lt=today.year).aggregate(
            y=Max("year")
        )["y"],
        InitiativePage.objects.filter(programme=programme, year__lt=today.year).aggregate(y=Max("year"))["y"],
    ]
    candidates = [year for year in candidates if year]
    return max(candidates) if candidates else today.year - 1


def available_years(programme, *, today=None):
    """Years offered in the year selector, most recent first."""
    today = today or datetime.date.today()
    from rallynov.initiatives.models import InitiativePage

    start = programme.started_year or today.year
    oldest_initiative = (
        InitiativePage.objects.filter(programme=programme)
        .order_by("year")
        .values_list("year", flat=True)
        .first()
    )
    if oldest_initiative:
        start = min(start, oldest_initiative)
    return list(range(today.year, start - 1, -1))


def year_choices(programme, *, stamp):
    """(available_years, latest_complete_year) of `programme`, kept while the data and the day
    are the same (core.snapshot; `stamp`: the data stamp just read)."""
    return snapshot.remember(
        ("year-choices", programme.pk),
        stamp,
        lambda: (available_years(programme), latest_complete_year(programme)),
        expires_at=snapshot.end_of_day,
    )


def published_edition(programme, year, *, stamp):
    """The published report of `year`, or None, kept while the data are the same."""
    from rallynov.reporting.models import ReportEdition

    return snapshot.remember(
        ("published-edition", programme.pk, year),
        stamp,
        lambda: ReportEdition.objects.filter(programme=programme, year=year, is_published=True).first(),
    )


# --- Other parts (read defensively) -----------------------------------------------------------


def _image_file(image):
    """The local path of a Wagtail image's file, or "" when there is none."""
    if image is None:
        return ""
    try:
        return image.file.path
    except (ValueError, NotImplementedError):
        return ""


def _plain(html):
    from django.utils.html import strip_tags

    return " ".join(strip_tags(html or "").split())


def _events_of_year(programme, year, limit=None):
    """The programme's live events starting in `year` (Europe/Paris), with what the report shows;
    the first `limit` of them when given."""
    if _model("events.EventPage") is None:
        return []
    from rallynov.events.queries import events_of_year as query

    result = []
    events = query(programme, year).prefetch_related(
        "sessions__speakers__organization", "groups", "partners", "initiatives"
    )
    for event in events[:limit] if limit is not None else events:
        venue = event.venue
        place = ""
        if venue is not None:
            commune = getattr(venue, "commune", None)
            place = (
                f"{venue.name}, {commune.name}" if commune and commune.name not in venue.name else venue.name
            )
        result.append(
            {
                "id": event.pk,
                "title": event.title,
                "date": event.local_start.date(),
                "to_be_confirmed": event.dates_to_be_confirmed,
                "place": place,
                "commune": commune.name if venue is not None and commune else "",
                "kind": event.get_kind_display(),
                "summary": event.summary or _plain(event.report)[:600],
                "report": _plain(event.report)[:1200] if event.summary else "",
                "url": event.url or "",
                "image": _image_file(event.image) if event.image_id else "",
                "image_alt": event.image_alt or event.title,
                **_event_content(event),
            }
        )
    return result


def _person_name(person):
    name = f"{person.first_name} {person.last_name}".strip()
    if person.job_title:
        name += f", {person.job_title}"
    elif person.organization_id:
        name += f" ({person.organization.name})"
    return name


def _event_content(event):
    """What happened at an event: its programme (sessions and speakers who agreed to be named),
    its workshop groups and their productions, its partners and the initiatives it presented."""
    # Everything below is prefetched with the events (a fixed number of queries for the list).
    sessions = []
    for session in sorted(event.sessions.all(), key=lambda s: (s.sort_order or 0, s.starts_at)):
        speakers = [_person_name(p) for p in session.speakers.all() if getattr(p, "is_public", True)]
        sessions.append({"title": session.title, "description": session.description, "speakers": speakers})
    groups = [
        {"name": g.name, "challenge": g.challenge, "production": g.production_title, "summary": g.production_summary}
        for g in sorted(event.groups.all(), key=lambda g: (g.sort_order or 0, g.pk))
        if g.production_title
    ]
    return {
        "sessions": sessions,
        "groups": groups,
        "partners": sorted(o.name for o in event.partners.all()),
        "initiatives": sorted(i.title for i in event.initiatives.all()),
    }


def surveys_of_year(programme, year):
    """The surveys answered in `year`: respondents, by category (salariés, dirigeants…). The total
    is the figure `studies.survey_respondents` (same query: studies.queries.completed_in_year)."""
    if _model("studies.Survey") is None:
        return []
    from django.db.models import Count

    from rallynov.studies import queries as study_queries
    from rallynov.studies.models import Survey

    rows = (
        study_queries.completed_in_year(programme, year)
        .order_by()
        .values("survey_id", "category")
        .annotate(n=Count("pk"))
        .values_list("survey_id", "category", "n")
    )
    counts = {}
    for survey_id, category, n in rows:
        counts.setdefault(survey_id, []).append((category, n))
    result = []
    for survey in Survey.objects.filter(pk__in=counts).prefetch_related("categories").order_by("title"):
        by_category = sorted(
            ((survey.category_label(code) or code or "Autres", n) for code, n in counts[survey.pk]),
            key=lambda item: -item[1],
        )
        result.append(
            {
                "title": survey.title,
                "intro": survey.intro,
                "respondents": sum(n for _, n in by_category),
                "by_category": [{"label": label, "count": n} for label, n in by_category],
            }
        )
    return result


def initiative_pictures(ids):
    """{initiative id: (image path, alternative text)} of these initiatives that have a picture."""
    from rallynov.initiatives.models import InitiativePage

    found = {}
    pages = InitiativePage.objects.filter(pk__in=list(ids), image__isnull=False).select_related("image")
    for page in pages:
        path = _image_file(page.image)
        if path:
            found[page.pk] = (path, getattr(page, "image_alt", "") or page.title)
    return found


def events_of_year(programme, year, *, limit=None):
    return _events_of_year(programme, year, limit)


def count_events_of_year(programme, year):
    if _model("events.EventPage") is None:
        return 0
    from rallynov.events.queries import events_of_year as query

    return query(programme, year).count()


def planned_events(programme, year):
    """Next year's programme: the events of `year + 1` already planned."""
    return _events_of_year(programme, year + 1)


def laureates_of_year(programme, year):
    """Laureates whose prize was awarded in `year`: an edition's prizes count in the year they were
    handed over (the 2022 laureates appear in the 2023 report)."""
    Decision = _model("awards.Decision")
    if Decision is None:
        return []
    from rallynov.awards.enums import Outcome
    from rallynov.awards.figures import awarded_editions

    # The editions the figures `awards.*` count: published, and awarded in `year`.
    decisions = (
        Decision.objects.filter(
            outcome=Outcome.LAUREATE,
            application__edition__in=awarded_editions(programme, year),
        )
        .select_related(
            "application__edition",
            "application__organization",
            "application__initiative__main_commune",
            "application__initiative__image",
        )
        .order_by(
            "application__edition__year", "application__initiative__title", "application__organization__name"
        )
    )
    result = []
    for decision in decisions:
        application = decision.application
        initiative = application.initiative
        organization = application.organization
        result.append(
            {
                "title": (initiative.title if initiative else "")
                or (organization.name if organization else ""),
                "organization": organization.name if organization else "",
                "edition": application.edition.title,
                "edition_year": application.edition.year,
                "summary": (initiative.summary if initiative else "") or decision.motive,
                "description": _plain(initiative.description)[:1000] if initiative else "",
                "url": (initiative.url if initiative else "") or "",
                "commune": initiative.main_commune.name if initiative and initiative.main_commune_id else "",
                "amount": float(decision.amount) if decision.amount else None,
                "image": _image_file(initiative.image) if initiative and initiative.image_id else "",
            }
        )
    return result


def studies_of_year(programme, year):
    """Public studies running during `year` and publications that came out in it."""
    if _model("studies.Study") is None:
        return []
    from rallynov.studies import queries as study_queries
    from rallynov.studies.models import Study

    result = []
    studies = (
        Study.objects.filter(programme=programme, is_public=True, starts_on__year__lte=year)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__year__gte=year))
        .order_by("starts_on", "title")
    )
    for study in studies:
        result.append(
            {
                "kind": "Étude",
                "title": study.title,
                "summary": study.summary or study.question,
                "url": study.get_absolute_url(),
            }
        )
    for publication in study_queries.publications_in_year(programme, year).order_by("published_on", "title"):
        result.append(
            {
                "kind": publication.get_kind_display(),
                "title": publication.title,
                "summary": getattr(publication, "summary", "") or "",
                "url": publication.get_absolute_url(),
            }
        )
    return result


def _today(organization):
    """The name of the structure this one became (Fact → Aract Bourgogne-Franche-Comté), or ""."""
    if organization.successor_id is None:
        return ""
    return organization.current().name


def partners_of_year(programme, year):
    """{"partners": [...], "funders": [...]} of the year; each {"name", "role", "amount"}.

    A structure is listed once: as a funder when it funds (with the total of its fundings),
    otherwise as a partner with its roles.
    """
    if _model("partners.Partnership") is None:
        return {"partners": [], "funders": []}
    from rallynov.partners import queries as partner_queries
    from rallynov.partners.enums import PartnershipRole

    funders = {}
    for funding in partner_queries.fundings(programme=programme, year=year):
        entry = funders.setdefault(
            funding.funder_id,
            {"name": funding.funder.named(), "today": _today(funding.funder), "role": "Financeur", "amount": 0.0},
        )
        entry["amount"] += float(funding.amount)
    partners = {}
    for partnership in partner_queries.partnerships(programme=programme, year=year):
        organization = partnership.organization
        if partnership.role == PartnershipRole.FUNDER:
            funders.setdefault(
                organization.pk,
                {"name": organization.named(), "today": _today(organization), "role": "Financeur", "amount": None},
            )
            continue
        entry = partners.setdefault(
            organization.pk, {"name": organization.named(), "today": _today(organization), "roles": [], "amount": None}
        )
        entry["roles"].append(partnership.get_role_display())
    partner_list = [
        {"name": entry["name"], "today": entry["today"], "role": ", ".join(entry["roles"]), "amount": None}
        for pk, entry in partners.items()
        if pk not in funders
    ]
    return {
        "partners": sorted(partner_list, key=lambda e: e["name"].lower()),
        "funders": sorted(funders.values(), key=lambda e: e["name"].lower()),
    }
