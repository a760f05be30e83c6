"""Public pages of the prize: the call, the editions, the laureates."""

from django.shortcuts import render
from django.utils import timezone

from rallynov.awards import queries
from rallynov.awards.views.common import edition_or_404
from rallynov.core.queries import programme_for_request


def index(request):
    programme = programme_for_request(request)
    now = timezone.now()
    editions = list(queries.editions(programme).order_by("-year"))
    current = next((e for e in editions if e.is_open(now)), None)
    upcoming = [e for e in editions if e.opens_at > now]
    return render(
        request,
        "awards/index.html",
        {
            "current": current,
            "upcoming": upcoming,
            "editions": editions,
            "laureates": queries.published_laureates(programme)[:12],
            "now": now,
        },
    )


def laureates(request):
    by_year = queries.laureates_by_edition(programme_for_request(request))
    return render(request, "awards/laureates.html", {"by_year": by_year})


def edition_detail(request, year):
    edition = edition_or_404(request, year)
    now = timezone.now()
    published = queries.published_laureates(edition.programme)
    own = []
    if request.user.is_authenticated:
        own = list(edition.applications.filter(applicant=request.user).select_related("initiative"))
    return render(
        request,
        "awards/edition.html",
        {
            "edition": edition,
            "now": now,
            "is_open": edition.is_open(now),
            "seconds_left": max(int((edition.closes_at - now).total_seconds()), 0),
            "criteria": edition.criteria.all(),
            "results": [a for a in published if a.edition_id == edition.pk] if edition.is_published else [],
            "past_laureates": [a for a in published if a.edition_id != edition.pk][:12],
            "own_applications": own,
            "ceremonies": _ceremonies(edition),
        },
    )


def _ceremonies(edition):
    related = getattr(edition, "ceremonies", None)
    if related is None:
        return []
    try:
        return [event for event in related.all() if getattr(event, "live", True)]
    except Exception:  # the events part may not be migrated yet on this database
        return []
