"""Reads that the key-figures page, the dashboard and the yearly report need from other parts.

The report lists what the year's records say (events, laureates, new initiatives, studies,
partners, next year's programme). Each part lands on its own schedule, so every read here goes
through `_model()` and returns an empty list while the part has no model: the page and the PDF work
at every stage. Results are plain dicts, so the Typst template and the web page share them.
"""

import datetime
import logging

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, FieldError
from django.db.models import Count, Max, Q

logger = logging.getLogger(__name__)


def _model(label):
    app_label, model_name = label.split(".")
    if not apps.is_installed(f"rallynov.{app_label}"):
        return None
    try:
        return apps.get_model(app_label, model_name)
    except LookupError:
        return None


def _field(model, *names):
    """The first of `names` that is a field of `model`, else None."""
    for name in names:
        try:
            model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        return name
    return None


def _guarded(default):
    """A read from a part whose schema may still move: log and fall back rather than break a page."""

    def decorate(function):
        def wrapper(*args, **kwargs):
            try:
                return function(*args, **kwargs)
            except (FieldError, AttributeError, TypeError, ValueError):
                logger.warning("Lecture impossible pour le bilan : %s", function.__name__, exc_info=True)
                return default() if callable(default) else default

        wrapper.__name__ = function.__name__
        wrapper.__doc__ = function.__doc__
        return wrapper

    return decorate


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
        InitiativePage.objects.filter(programme=programme).order_by("year").values_list("year", flat=True).first()
    )
    if oldest_initiative:
        start = min(start, oldest_initiative)
    return list(range(today.year, start - 1, -1))


# --- Initiatives (stable model) -----------------------------------------------------------------


def _initiatives(programme):
    from rallynov.initiatives.models import InitiativePage

    return InitiativePage.objects.live().filter(programme=programme)


def new_initiatives(programme, year):
    pages = (
        _initiatives(programme)
        .filter(year=year)
        .select_related("main_commune__department")
        .prefetch_related("organizations", "themes")
        .order_by("title")
    )
    return [
        {
            "title": page.title,
            "url": page.url or "",
            "summary": page.summary,
            "organizations": [org.name for org in page.organizations.all()],
            "commune": page.main_commune.name if page.main_commune_id else "",
            "department": page.main_commune.department.code if page.main_commune_id else "",
            "themes": [theme.name for theme in page.themes.all()],
        }
        for page in pages
    ]


def initiatives_per_year(programme):
    """{year: count} of initiatives catalogued each year."""
    rows = _initiatives(programme).values("year").annotate(n=Count("pk")).order_by("year")
    return {row["year"]: row["n"] for row in rows}


def initiatives_by_department(programme, year):
    """[(department label, count)] for the year's new initiatives, largest first."""
    from rallynov.territories.models import Department

    rows = (
        _initiatives(programme)
        .filter(year=year)
        .values("main_commune__department")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    names = {d.pk: str(d) for d in Department.objects.all()}
    return [(names.get(row["main_commune__department"], "Non renseigné"), row["n"]) for row in rows]


def initiatives_by_theme(programme, year):
    """[(theme, count)] for the year's new initiatives, by top-level theme, largest first."""
    from rallynov.initiatives.models import Theme

    ids = _initiatives(programme).filter(year=year).values("pk")
    rows = (
        Theme.objects.filter(Q(initiatives__in=ids) | Q(children__initiatives__in=ids), parent__isnull=True)
        .annotate(
            n=Count("initiatives", filter=Q(initiatives__in=ids), distinct=True)
            + Count("children__initiatives", filter=Q(children__initiatives__in=ids), distinct=True)
        )
        .order_by("-n", "name")
        .distinct()
    )
    return [(theme.name, theme.n) for theme in rows]


def map_points(programme, year):
    """The year's initiatives with coordinates, for the dashboard map."""
    pages = (
        _initiatives(programme)
        .filter(year=year, main_commune__latitude__isnull=False)
        .select_related("main_commune")
        .order_by("title")
    )
    return [
        {
            "title": page.title,
            "url": page.url or "",
            "commune": page.main_commune.name,
            "lat": page.main_commune.latitude,
            "lon": page.main_commune.longitude,
        }
        for page in pages
    ]


# --- Other parts (read defensively) -----------------------------------------------------------


def _image_file(image):
    """The local path of a Wagtail image's file, or "" when there is none."""
    if image is None:
        return ""
    try:
        return image.file.path
    except (ValueError, NotImplementedError):
        return ""


@_guarded(list)
def events_between(programme, start, end):
    """Events of the programme starting in [start, end), with their figures when known."""
    Event = _model("events.Event")
    if Event is None:
        return []
    date_field = _field(Event, "starts_at", "start", "start_date", "date")
    title_field = _field(Event, "title", "name")
    queryset = Event.objects.all()
    if _field(Event, "programme"):
        queryset = queryset.filter(programme=programme)
    if issubclass(Event, _page_class()):
        queryset = queryset.live()
    queryset = queryset.filter(**{f"{date_field}__gte": start, f"{date_field}__lt": end}).order_by(date_field)
    result = []
    for event in queryset:
        when = getattr(event, date_field)
        venue = getattr(event, "venue", None)
        result.append(
            {
                "id": event.pk,
                "title": getattr(event, title_field),
                "date": when.date() if isinstance(when, datetime.datetime) else when,
                "place": str(venue) if venue else getattr(event, "place", "") or "",
                "kind": event.get_kind_display() if hasattr(event, "get_kind_display") else "",
                "summary": getattr(event, "summary", "") or getattr(event, "intro", "") or "",
                "url": getattr(event, "url", "") or "",
                "image": _image_file(getattr(event, "image", None)),
            }
        )
    return result


def _page_class():
    from wagtail.models import Page

    return Page


def events_of_year(programme, year):
    return events_between(programme, _start_of(year), _start_of(year + 1))


def planned_events(programme, year):
    """Next year's programme: the events of `year + 1` already planned."""
    return events_between(programme, _start_of(year + 1), _start_of(year + 2))


def _start_of(year):
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime(year, 1, 1))


@_guarded(list)
def laureates_of_year(programme, year):
    """Laureates whose prize was awarded in `year`: an edition's prizes count in the year they were
    handed over (the 2022 laureates appear in the 2023 report)."""
    Decision = _model("awards.Decision")
    if Decision is None:
        return []
    from rallynov.awards.enums import Outcome

    decisions = (
        Decision.objects.filter(
            outcome=Outcome.LAUREATE,
            application__edition__programme=programme,
            application__edition__awarded_on__year=year,
        )
        .select_related("application__edition", "application__organization", "application__initiative__main_commune")
        .order_by("application__edition__year", "application__initiative__title", "application__organization__name")
    )
    result = []
    for decision in decisions:
        application = decision.application
        initiative = application.initiative
        organization = application.organization
        result.append(
            {
                "title": (initiative.title if initiative else "") or (organization.name if organization else ""),
                "organization": organization.name if organization else "",
                "edition": application.edition.title,
                "edition_year": application.edition.year,
                "summary": (initiative.summary if initiative else "") or decision.motive,
                "url": (initiative.url if initiative else "") or "",
                "commune": initiative.main_commune.name if initiative and initiative.main_commune_id else "",
                "amount": float(decision.amount) if decision.amount else None,
                "image": _image_file(initiative.image) if initiative and initiative.image_id else "",
            }
        )
    return result


@_guarded(list)
def studies_of_year(programme, year):
    """Studies (surveys, interview campaigns) and publications of the year."""
    result = []
    for label, kind in (("studies.Survey", "Enquête"), ("studies.Study", "Étude"), ("studies.Publication", "Publication")):
        Model = _model(label)
        if Model is None:
            continue
        queryset = Model.objects.all()
        if _field(Model, "programme"):
            queryset = queryset.filter(programme=programme)
        year_field = _field(Model, "year")
        date_field = _field(Model, "published_on", "opens_at", "starts_on", "created_at")
        if year_field:
            queryset = queryset.filter(**{year_field: year})
        elif date_field:
            queryset = queryset.filter(**{f"{date_field}__year": year})
        for item in queryset:
            result.append(
                {
                    "kind": kind,
                    "title": getattr(item, "title", "") or str(item),
                    "summary": getattr(item, "summary", "") or getattr(item, "description", "") or "",
                    "url": getattr(item, "url", "") or "",
                }
            )
    return result


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
        entry = funders.setdefault(funding.funder_id, {"name": funding.funder.name, "role": "Financeur", "amount": 0.0})
        entry["amount"] += float(funding.amount)
    partners = {}
    for partnership in partner_queries.partnerships(programme=programme, year=year):
        organization = partnership.organization
        if partnership.role == PartnershipRole.FUNDER:
            funders.setdefault(organization.pk, {"name": organization.name, "role": "Financeur", "amount": None})
            continue
        entry = partners.setdefault(organization.pk, {"name": organization.name, "roles": [], "amount": None})
        entry["roles"].append(partnership.get_role_display())
    partner_list = [
        {"name": entry["name"], "role": ", ".join(entry["roles"]), "amount": None}
        for pk, entry in partners.items()
        if pk not in funders
    ]
    return {
        "partners": sorted(partner_list, key=lambda e: e["name"].lower()),
        "funders": sorted(funders.values(), key=lambda e: e["name"].lower()),
    }
