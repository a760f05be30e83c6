"""Key figures of events for a year, computed from registrations and check-ins."""

from django.db.models import Count, Sum
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
    """A fixed number of queries whatever the number of events and registrations: the events of the
    year (a few columns), then grouped counts of their present registrations."""
    from django.utils import timezone

    held = events_of_year(programme, year).filter(starts_at__lte=timezone.now())
    events = list(held.select_related(None).only("pk", "title", "starts_at", "kind"))
    counts = participants_by_event(held.values("pk"))
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
    present = present_registrations(held.values("pk"))
    split = breakdown(present)
    by_kind_of_event = {}
    for row in by_event:
        label = str(EventKind(row["kind"]).label)
        by_kind_of_event[label] = by_kind_of_event.get(label, 0) + row["participants"]
    # Every present registration belongs to one of these events: the totals add up their rows.
    participants = sum(row["participants"] for row in by_event)
    workshop_participants = sum(row["participants"] for row in by_event if row["kind"] == EventKind.WORKSHOP)
    structures = present.aggregate(n=Count("organization", distinct=True))["n"]
    index_url = reverse("events:index")
    return [
        Figure(key="events.count", label="Événements organisés", value=len(events), unit="événements",
               part="events", records_url=index_url, details={"by_event_kind": _count_kinds(events)}),
        Figure(
            key="events.participants",
            label="Participants aux événements",
            value=participants,
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
            value=structures,
            unit="structures",
            part="events",
            records_url=index_url,
        ),
        Figure(
            key="events.workshop_participants",
            label="Participants aux défis de l'IS",
            value=workshop_participants,
            unit="personnes",
            part="events",
            records_url=index_url,
        ),
        video_views_figure(programme=programme, year=year),
    ]


def video_views_figure(*, programme, year):
    """The video views of a year alone: the key figures fall back on the previous year's views
    without computing that year's other event figures again (see SINGLE_FIGURES)."""
    views = video_views_of_year(programme, year).aggregate(total=Sum("views"))["total"] or 0
    return Figure(
        key="events.video_views",
        label="Vues des vidéos (conférences et lauréats)",
        value=views,
        unit="vues",
        part="events",
        note=f"(en {year})",
    )


# Figures that can be computed on their own (reporting.keyfigures uses them for its fallbacks).
SINGLE_FIGURES = {"events.video_views": video_views_figure}


def _count_kinds(events):
    counts = {}
    for event in events:
        label = str(EventKind(event.kind).label)
        counts[label] = counts.get(label, 0) + 1
    return counts
