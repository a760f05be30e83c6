"""Reused reads: event lists, attendance and the per-event figures, check-in search."""

import datetime
from collections import Counter

from django.db.models import Count, Min, Prefetch, Q
from django.utils import timezone

from rallynov.core import snapshot
from rallynov.core.text import fold
from rallynov.events.enums import HOLDING_STATUSES, RegistrationSource, RegistrationStatus
from rallynov.events.models import PARIS, EventPage, Registration, Session, Video, VideoViewCount
from rallynov.organizations.enums import OrganizationKind, SizeBand
from rallynov.organizations.models import Person


def live_events(programme):
    return (
        EventPage.objects.live()
        .filter(programme=programme)
        .select_related("venue__commune")
        .order_by("starts_at")
    )


def upcoming_events(programme, *, now=None):
    return live_events(programme).filter(ends_at__gte=now or timezone.now())


def event_list(programme, *, kind=""):
    """(upcoming events, {year: past events}) of `programme`, of one kind or all: the events page,
    kept per data stamp and until the first upcoming event ends (it then moves to the past)."""

    def read():
        now = timezone.now()
        upcoming, past = upcoming_events(programme, now=now), past_events(programme, now=now)
        if kind:
            upcoming, past = upcoming.filter(kind=kind), past.filter(kind=kind)
        past_by_year = {}
        for event in past:
            past_by_year.setdefault(event.year, []).append(event)
        return list(upcoming), past_by_year

    def until():
        first_end = upcoming_events(programme).filter(**({"kind": kind} if kind else {})).aggregate(
            first=Min("ends_at")
        )["first"]
        return min(filter(None, [first_end, snapshot.end_of_day()]))

    return snapshot.remember(
        ("events-list", programme.pk if programme else None, kind), snapshot.data_stamp(), read, expires_at=until
    )


def past_events(programme, *, now=None):
    return live_events(programme).filter(ends_at__lt=now or timezone.now()).order_by("-starts_at")


def events_of_year(programme, year):
    start = datetime.datetime(year, 1, 1, tzinfo=PARIS)
    end = datetime.datetime(year + 1, 1, 1, tzinfo=PARIS)
    return live_events(programme).filter(starts_at__gte=start, starts_at__lt=end)


def events_of_month(programme, year, month):
    start = datetime.datetime(year, month, 1, tzinfo=PARIS)
    end = datetime.datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=PARIS)
    return live_events(programme).filter(starts_at__lt=end, ends_at__gte=start)


def attendance(event):
    """Registered, present, no-shows and walk-ins of one event, from its registrations."""
    row = Registration.objects.filter(event=event).aggregate(
        registered=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED) & ~Q(source=RegistrationSource.WALK_IN)),
        waiting=Count("pk", filter=Q(status__in=(RegistrationStatus.WAITING, RegistrationStatus.OFFERED))),
        cancelled=Count("pk", filter=Q(status=RegistrationStatus.CANCELLED)),
        present=Count("pk", filter=Q(checked_in_at__isnull=False)),
        walk_ins=Count("pk", filter=Q(source=RegistrationSource.WALK_IN, checked_in_at__isnull=False)),
        registered_present=Count(
            "pk", filter=Q(checked_in_at__isnull=False) & ~Q(source=RegistrationSource.WALK_IN)
        ),
        structures=Count("organization", filter=Q(checked_in_at__isnull=False), distinct=True),
    )
    row["no_shows"] = row["registered"] - row["registered_present"] if event.is_past() else 0
    row["held"] = Registration.objects.filter(event=event, status__in=HOLDING_STATUSES).count()
    row["free"] = None if event.capacity is None else max(event.capacity - row["held"], 0)
    return row


def present_registrations(events):
    return Registration.objects.filter(event__in=events, checked_in_at__isnull=False)


def breakdown(registrations):
    """Participants present by kind of structure, size band and department (funders' indicators)."""
    kinds = dict(OrganizationKind.choices)
    bands = dict(SizeBand.choices)
    # Grouped in the database: a handful of rows however many people were present.
    rows = (
        registrations.order_by()
        .values_list("organization__kind", "organization__size_band", "department__code", "department__name")
        .annotate(count=Count("pk"))
    )
    by_kind, by_band, by_department = Counter(), Counter(), Counter()
    for kind, band, dep_code, dep_name, count in rows:
        by_kind[str(kinds.get(kind, "Sans structure"))] += count
        by_band[str(bands.get(band, "Effectif inconnu"))] += count
        by_department[f"{dep_name} ({dep_code})" if dep_code else "Département inconnu"] += count
    return {
        "by_kind": dict(by_kind.most_common()),
        "by_size_band": dict(by_band.most_common()),
        "by_department": dict(by_department.most_common()),
    }


def participants_by_event(events):
    """{event id: {"participants": n, "structures": n}} for many events in one query."""
    rows = (
        present_registrations(events)
        .order_by()
        .values("event")
        .annotate(participants=Count("pk"), structures=Count("organization", distinct=True))
    )
    return {row["event"]: {"participants": row["participants"], "structures": row["structures"]} for row in rows}


def event_figures(event):
    """The figures of one event: the same numbers on its page and in the yearly key figures."""
    counts = participants_by_event([event]).get(event.pk, {"participants": 0, "structures": 0})
    return {**counts, **breakdown(present_registrations([event]))}


def sessions_with_speakers(event):
    return (
        Session.objects.filter(event=event)
        # The speakers with their structure: one query for both.
        .prefetch_related(Prefetch("speakers", queryset=Person.objects.select_related("organization")))
        .order_by("starts_at", "sort_order")
    )


# What the last event pages viewed show of their records, per data stamp (core.snapshot).
KEPT_EVENT_PAGES = snapshot.KeptValues(128)


def event_records(event, *, past):
    """What an event's page shows of its records: the same for every visitor until a write."""
    records = {
        "sessions": list(sessions_with_speakers(event)),
        "documents": list(event.documents.select_related("document")),
        "groups": list(event.groups.select_related("production_document").annotate(member_count=Count("members"))),
        "videos": list(Video.objects.filter(event=event)),
        "partners": list(event.partners.all()),
        "cited_initiatives": list(
            event.initiatives.live() if hasattr(event.initiatives, "live") else event.initiatives.all()
        ),
    }
    if past:
        records["figures"] = event_figures(event)
    if event.capacity is not None:
        held = Registration.objects.filter(event=event, status__in=HOLDING_STATUSES).count()
        records["free_places"] = max(event.capacity - held, 0)
    return records


def event_page_context(event, request):
    """The event page's context: its records kept per data stamp (`event_records`, computed again
    after any write, a registration included, and once the event is over), what moves with time
    and the visitor computed at each view."""
    from rallynov.events import rules

    now = timezone.now()
    past = event.is_past(now)
    context = {
        **(
            event_records(event, past=past)  # a draft, shown to its editor as it is
            if getattr(request, "is_preview", False)
            else KEPT_EVENT_PAGES.get((event.pk, past), lambda: event_records(event, past=past))
        ),
        "registration_state": event.registration_state(now),
        "is_past": past,
        "can_manage": rules.can_manage_events(request.user),
        "award_edition": getattr(event, "award_edition", None),
    }
    if event.venue_id and event.venue.coordinates:
        from django.conf import settings

        context["coordinates"] = event.venue.coordinates
        context["map_tiles_url"] = settings.MAP_TILES_URL
        context["map_tiles_attribution"] = settings.MAP_TILES_ATTRIBUTION
    return context


def search_registrations(event, text, *, limit=12, live_only=False):
    """Check-in search by name, e-mail or structure (accents and case ignored), fast on 2,000+.

    `event` is an event or its id; with `live_only`, the event must also be published (the check
    rides on the search query). Each result carries `status_label`, the display of its status."""
    key = fold(text or "").strip()
    if len(key) < 2:
        return []
    event_id = getattr(event, "pk", event)
    qs = Registration.objects.filter(event_id=event_id).exclude(
        status__in=(RegistrationStatus.CANCELLED, RegistrationStatus.EXPIRED)
    )
    if live_only:
        qs = qs.filter(event__live=True)
    for word in key.split()[:4]:
        qs = qs.filter(search_key__contains=word)
    fields = ("pk", "first_name", "last_name", "organization_name", "status", "checked_in_at", "event_id")
    results = list(qs.only(*fields).order_by("last_name", "first_name", "pk")[:limit])
    labels = {}
    for registration in results:
        # get_status_display() rebuilds and translates every choice at each call.
        if registration.status not in labels:
            labels[registration.status] = str(RegistrationStatus(registration.status).label)
        registration.status_label = labels[registration.status]
    return results


def video_views_of_year(programme, year):
    return VideoViewCount.objects.filter(video__programme=programme, on__year=year)


def registrations_for_user(user):
    """The registrations of a logged-in person: by account, or by their verified e-mail."""
    if not user.is_authenticated:
        return Registration.objects.none()
    return (
        Registration.objects.filter(Q(user=user) | Q(email=user.email.lower()))
        .exclude(status=RegistrationStatus.EXPIRED)
        .select_related("event")
        .order_by("-event__starts_at")
    )


def events_citing(initiative):
    return EventPage.objects.live().filter(initiatives=initiative).order_by("-starts_at")


def staff_registrations(event):
    return (
        Registration.objects.filter(event=event)
        .select_related("organization", "group", "department")
        .prefetch_related(Prefetch("sessions", queryset=Session.objects.only("pk", "title")))
        .order_by("status", "waiting_since", "last_name", "first_name", "pk")
    )


def registration_counts(events):
    """{event_id: {confirmed, waiting, present}} for a list of events, in one query."""
    rows = (
        Registration.objects.filter(event__in=events)
        .values("event_id")
        .annotate(
            confirmed=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
            waiting=Count("pk", filter=Q(status__in=(RegistrationStatus.WAITING, RegistrationStatus.OFFERED))),
            present=Count("pk", filter=Q(checked_in_at__isnull=False)),
        )
    )
    return {row["event_id"]: row for row in rows}


def feedback_summary(event):
    """Answers to the event's questionnaire: the simple rating form's, and when the event has a
    survey of the studies part, the people invited, the responses sent and the mean satisfaction
    (1 to 5) read from the answers."""
    from django.db.models import Avg

    from rallynov.events.models import EventFeedbackSurvey, Feedback

    qs = Feedback.objects.filter(registration__event=event)
    row = qs.aggregate(count=Count("pk"), rating=Avg("rating"), usefulness=Avg("usefulness"))
    row["comments"] = list(qs.exclude(comment="").values_list("comment", flat=True)[:20])
    row["survey"] = None
    link = EventFeedbackSurvey.objects.filter(event=event).select_related("survey").first()
    if link is not None:
        from rallynov.studies.models import Answer, Response, SurveyVersion

        survey = link.survey
        row["survey"] = survey
        row["invited"] = Registration.objects.filter(event=event, feedback_invitation__isnull=False).count()
        row["answered"] = Response.objects.filter(survey=survey, completed_at__isnull=False).count()
        row["satisfaction"] = None
        version = SurveyVersion.objects.filter(survey=survey).order_by("-number").first()
        question = version.questionnaire.by_code.get("satisfaction") if version else None
        if question is not None:
            row["satisfaction"] = Answer.objects.filter(
                survey=survey, question_key=question.key, completed_at__isnull=False
            ).aggregate(mean=Avg("number"))["mean"]
    return row
