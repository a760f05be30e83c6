"""Key figures of events for a year, computed from registrations and check-ins."""

from django.db.models import Sum
from django.urls import reverse

from rallynov.core.figures import Figure
from rallynov.events.enums import EventKind
from rallynov.events.queries import (
    breakdown,
    events_of_year,
    participants_by_event,
    present_registrations,
    video_views_of_year,
)


def figures(*, programme, year):
    from django.utils import timezone

    events = [e for e in events_of_year(programme, year) if e.starts_at <= timezone.now()]
    counts = participants_by_event(events)
    by_event = []
    for event in events:
        numbers = counts.get(event.pk, {"participants": 0, "structures": 0})
        by_event.append({
            "id": event.pk,
            "title": event.title,
            "date": event.local_start.date().isoformat(),
            "kind": event.kind,
            "participants": numbers["participants"],
            "structures": numbers["structures"],
        })
    present = present_registrations(events)
    split = breakdown(present)
    by_kind_of_event = {}
    for row in by_event:
        label = str(EventKind(row["kind"]).label)
        by_kind_of_event[label] = by_kind_of_event.get(label, 0) + row["participants"]
    workshop_events = [e for e in events if e.kind == EventKind.WORKSHOP]
    views = video_views_of_year(programme, year).aggregate(total=Sum("views"))["total"] or 0
    index_url = reverse("events:index")
    return [
        Figure(key="events.count", label="Événements organisés", value=len(events), unit="événements",
               part="events", records_url=index_url, details={"by_event_kind": _count_kinds(events)}),
        Figure(
            key="events.participants",
            label="Participants aux événements",
            value=present.count(),
            unit="personnes",
            part="events",
            records_url=index_url,
            details={
                "by_event": by_event,
                "by_kind": split["by_kind"],
                "by_size_band": split["by_size_band"],
                "by_department": split["by_department"],
                "by_event_kind": by_kind_of_event,
            },
        ),
        Figure(
            key="events.structures_represented",
            label="Structures représentées",
            value=present.exclude(organization=None).values("organization").distinct().count(),
            unit="structures",
            part="events",
            records_url=index_url,
        ),
        Figure(
            key="events.workshop_participants",
            label="Participants aux défis de l'IS",
            value=present_registrations(workshop_events).count(),
            unit="personnes",
            part="events",
            records_url=index_url,
        ),
        Figure(
            key="events.video_views",
            label="Vues des vidéos (conférences et lauréats)",
            value=views,
            unit="vues",
            part="events",
            note=f"(en {year})",
        ),
    ]


def _count_kinds(events):
    counts = {}
    for event in events:
        label = str(EventKind(event.kind).label)
        counts[label] = counts.get(label, 0) + 1
    return counts
