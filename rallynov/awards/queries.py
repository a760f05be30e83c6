"""Reused reads of the prize: editions, visible dossiers, jury progress, ranking."""

import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.utils import timezone

from rallynov.awards.conflicts import conflicted_applications
from rallynov.awards.enums import ApplicationStatus, Outcome
from rallynov.awards.models import Application, Assignment, Edition, JuryMember


def editions(programme):
    return Edition.objects.filter(programme=programme)


def open_edition(programme, now=None):
    now = now or timezone.now()
    return editions(programme).filter(opens_at__lte=now, closes_at__gt=now).order_by("closes_at").first()


def published_editions(programme):
    return editions(programme).filter(published_at__isnull=False).order_by("-year")


def laureates(edition_qs):
    """Decisions "laureate" and "mention" of published editions, best first."""
    return (
        Application.objects.filter(
            edition__in=edition_qs, decision__outcome__in=[Outcome.LAUREATE, Outcome.MENTION]
        )
        .select_related("edition", "initiative", "organization", "decision")
        .order_by("-edition__year", "decision__outcome", "initiative__title")
    )


def published_laureates(programme):
    """The laureates and mentions of every published edition of `programme`, best first, kept per
    data stamp (core.snapshot): the prize's pages show them at every view, and the query joining
    seven tables costs PostgreSQL more to plan than to run."""
    from rallynov.core import snapshot

    return snapshot.remember(
        ("awards-laureates", programme.pk if programme else None),
        snapshot.data_stamp(),
        lambda: list(laureates(published_editions(programme))),
    )


def laureates_by_edition(programme):
    """[(edition, its laureates and mentions best first)] of the published editions, most recent
    first; each edition carries `application_count`, its number of applications."""
    from rallynov.core import snapshot

    def read():
        by_edition = {}
        for application in published_laureates(programme):
            by_edition.setdefault(application.edition, []).append(application)
        counts = dict(
            Application.objects.filter(edition__in=list(by_edition))
            .order_by()
            .values_list("edition")
            .annotate(n=Count("pk"))
        )
        for edition in by_edition:
            edition.application_count = counts.get(edition.pk, 0)
        return list(by_edition.items())

    return snapshot.remember(("awards-laureates-by-edition", programme.pk if programme else None), snapshot.data_stamp(), read)


def member_assignments(member):
    """The member's assignments, conflicts excluded, with what the jury screen shows (2 queries)."""
    return (
        Assignment.objects.filter(member=member)
        .exclude(application__in=conflicted_applications(member).values("pk"))
        .select_related("application__initiative", "application__organization", "application__edition")
        # Only what the jury screen shows: a Wagtail page row is wide, and 80 of them cost more to
        # build than to fetch.
        .only(
            "member_id",
            "application_id",
            "submitted_at",
            "weighted_score",
            "recommendation",
            "application__number",
            "application__status",
            "application__edition__year",
            "application__initiative__title",
            "application__organization__name",
        )
        .order_by("application__number")
    )


def member_progress(member):
    """(assigned, done) for a member, conflicts excluded (one query)."""
    counts = (
        Assignment.objects.filter(member=member)
        .exclude(application__in=conflicted_applications(member).values("pk"))
        .aggregate(assigned=Count("pk"), done=Count("pk", filter=Q(submitted_at__isnull=False)))
    )
    return counts["assigned"], counts["done"]


def member_screen_rows(member):
    """The jury screen's table as plain rows (one query): no model instances, as a member may
    hold a hundred dossiers and each would build a Wagtail page."""
    rows = (
        Assignment.objects.filter(member=member)
        .exclude(application__in=conflicted_applications(member).values("pk"))
        .order_by("application__number")
        .values(
            "application_id",
            "submitted_at",
            "weighted_score",
            "recommendation",
            "application__number",
            "application__edition__year",
            "application__initiative__title",
            "application__organization__name",
        )
    )
    return [
        {
            "application_id": row["application_id"],
            "reference": f"{row['application__edition__year']}-{row['application__number']:03d}",
            "title": row["application__initiative__title"],
            "organization": row["application__organization__name"],
            "submitted_at": row["submitted_at"],
            "weighted_score": row["weighted_score"],
            "started": row["weighted_score"] is not None or bool(row["recommendation"]),
        }
        for row in rows
    ]


def reviewable_applications(edition):
    """Dossiers the jury scores: submitted and not declared ineligible."""
    return edition.applications.filter(status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.ELIGIBLE])


def jury_progress(edition):
    """[(member, assigned, done)] for the staff screen, in 1 query."""
    members = (
        JuryMember.objects.filter(edition=edition)
        .select_related("user", "person")
        .annotate(
            assigned=Count("assignments"),
            done=Count("assignments", filter=Q(assignments__submitted_at__isnull=False)),
        )
    )
    return list(members)


_DECISION_FIELDS = tuple(
    f"decision__{name}"
    for name in ("id", "application_id", "outcome", "motive", "amount", "decided_by_id", "decided_at")
)


@dataclass
class RankRow:
    application_id: int
    mean: float | None = None  # weighted mean of the members' scores (raw or normalised)
    raw_mean: float | None = None
    spread: float | None = None  # max - min between members
    stdev: float | None = None
    count: int = 0
    by_member: dict = field(default_factory=dict)  # member_id -> (raw, normalised)
    rank: int | None = None
    tied: bool = False
    application: object = None


def _mean(values):
    return sum(values) / len(values) if values else None


def normalise(by_member):
    """z-score each member's scores, then put them back on the scale of all scores, so that a
    severe and a lenient juror weigh the same. by_member: {member: {app: raw}} -> same with
    normalised values. A member with a single score or no spread keeps the global mean."""
    everything = [v for scores in by_member.values() for v in scores.values()]
    if not everything:
        return {}
    global_mean = _mean(everything)
    global_sd = math.sqrt(_mean([(v - global_mean) ** 2 for v in everything])) or 1.0
    result = {}
    for member, scores in by_member.items():
        values = list(scores.values())
        mean = _mean(values)
        sd = math.sqrt(_mean([(v - mean) ** 2 for v in values]))
        result[member] = {
            app: global_mean + ((v - mean) / sd if sd > 0 else 0.0) * global_sd for app, v in scores.items()
        }
    return result


def ranking(edition, *, normalised=None, with_applications=True, seen_by=None):
    """Dossiers ranked by the mean of their members' weighted scores (finished reviews only).

    `normalised` defaults to the edition's choice. Ties (same mean to 2 decimals) share a rank and
    are flagged. Dossiers without any finished review come last, unranked.

    `seen_by`: a jury member; the dossiers they are in conflict with are left out altogether and the
    others ranked among themselves, so that not even a gap in the ranks shows them. Means and
    normalisation are computed on every score, as the programme team sees them."""
    normalised = edition.normalise_scores if normalised is None else normalised
    rows = Assignment.objects.filter(
        application__edition=edition,
        submitted_at__isnull=False,
        weighted_score__isnull=False,
        application__status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.ELIGIBLE],
    ).values_list("application_id", "member_id", "weighted_score")
    raw = defaultdict(dict)
    for app_id, member_id, score in rows:
        raw[member_id][app_id] = score
    adjusted = normalise(raw) if normalised else raw
    per_app = {}
    for member_id, scores in raw.items():
        for app_id, value in scores.items():
            row = per_app.setdefault(app_id, RankRow(application_id=app_id))
            row.by_member[member_id] = (value, adjusted[member_id][app_id])
    for app_id in reviewable_applications(edition).values_list("pk", flat=True):
        per_app.setdefault(app_id, RankRow(application_id=app_id))
    for row in per_app.values():
        if row.by_member:
            raws = [r for r, _ in row.by_member.values()]
            used = [a for _, a in row.by_member.values()]
            row.count = len(used)
            row.raw_mean = _mean(raws)
            row.mean = _mean(used)
            row.spread = max(raws) - min(raws)
            row.stdev = math.sqrt(_mean([(v - row.raw_mean) ** 2 for v in raws]))
    if seen_by is not None:
        for app_id in conflicted_applications(seen_by).values_list("pk", flat=True):
            per_app.pop(app_id, None)
    ordered = sorted(per_app.values(), key=lambda r: (r.mean is None, -(r.mean or 0), r.application_id))
    previous, rank = None, 0
    for position, row in enumerate(ordered, start=1):
        if row.mean is None:
            continue
        key = round(row.mean, 2)
        if key == previous:
            row.tied = True
            ordered[position - 2].tied = True
        else:
            rank = position
        row.rank = rank
        previous = key
    if with_applications:
        # Titles and names come as annotations: building a thousand Wagtail pages would cost more
        # than the whole computation.
        apps = (
            Application.objects.filter(pk__in=per_app)
            .select_related("decision")
            .only(
                "id", "number", "status", "edition_id", "initiative_id", "organization_id", *_DECISION_FIELDS
            )
            .annotate(initiative_title=F("initiative__title"), organization_name=F("organization__name"))
        )
        by_pk = {}
        for application in apps:
            application.edition = edition
            by_pk[application.pk] = application
        for row in ordered:
            row.application = by_pk[row.application_id]
    return ordered
