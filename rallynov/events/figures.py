"""Key figures of events for a year, computed from registrations and check-ins."""

from django.db.models import Count, Sum
from django.utils.translation import gettext_noop

from rallynov.core.figures import Figure, records_link
from rallynov.events.enums import EventKind
from rallynov.events.models import PARIS
from rallynov.events.queries import (
    breakdown,
    events_of_year,
    participants_by_event,
    present_registrations,
    video_views_of_year,
)


def figures_change_at(*, programme, year):
    """When the figures of `year` next move with time alone (core.snapshot): the start of
    its next event, which then counts as held."""
    from django.utils import timezone

    upcoming = events_of_year(programme, year).filter(starts_at__gt=timezone.now())
    return upcoming.order_by("starts_at").values_list("starts_at", flat=True).first()


def figures(*, programme, year):
    """A fixed number of queries whatever the number of events and registrations: the events of the
    year (a few columns), then grouped counts of their present registrations."""
    from django.utils import timezone

    held = events_of_year(programme, year).filter(starts_at__lte=timezone.now())
    # Plain tuples: building 500 Wagtail page instances costs more than the queries themselves.
    events = list(held.select_related(None).values_list("pk", "title", "starts_at", "kind"))
    counts = participants_by_event(held.values("pk"))
    by_event = []
    for pk, title, starts_at, kind in events:
        numbers = counts.get(pk, {"participants": 0, "structures": 0})
        by_event.append({
            "id": pk,
            "title": title,
            "date": timezone.localtime(starts_at, PARIS).date().isoformat(),
            "kind": kind,
            "participants": numbers["participants"],
            "structures": numbers["structures"],
        })
    present = present_registrations(held.values("pk"))
    split = breakdown(present)
    labels = {value: str(label) for value, label in EventKind.choices}
    by_kind_of_event, by_event_kind = {}, {}
    for row in by_event:
        label = labels.get(row["kind"], row["kind"])
        by_kind_of_event[label] = by_kind_of_event.get(label, 0) + row["participants"]
        by_event_kind[label] = by_event_kind.get(label, 0) + 1
    # Every present registration belongs to one of these events: the totals add up their rows.
    participants = sum(row["participants"] for row in by_event)
    workshop_participants = sum(row["participants"] for row in by_event if row["kind"] == EventKind.WORKSHOP)
    structures = present.aggregate(n=Count("organization", distinct=True))["n"]
    index_url = records_link("events:index")
    return [
        Figure(key="events.count", label=gettext_noop("Événements organisés"), value=len(events), unit="événements",
               part="events", records_url=index_url, details={"by_event_kind": by_event_kind}),
        Figure(
            key="events.participants",
            label=gettext_noop("Participants aux événements"),
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
            label=gettext_noop("Structures représentées"),
            value=structures,
            unit="structures",
            part="events",
            records_url=index_url,
        ),
        Figure(
            key="events.workshop_participants",
            label=gettext_noop("Participants aux défis de l'IS"),
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
        label=gettext_noop("Vues des vidéos (conférences et lauréats)"),
        value=views,
        unit="vues",
        part="events",
        note=f"(en {year})",
    )


# Figures that can be computed on their own (reporting.keyfigures uses them for its fallbacks).
SINGLE_FIGURES = {"events.video_views": video_views_figure}
