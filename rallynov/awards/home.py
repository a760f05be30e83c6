"""The open call on the home page, with its deadline."""

from django.db import models
from django.utils import timezone


def home_section(request):
    from rallynov.awards.queries import open_edition
    from rallynov.core.queries import programme_for_request

    programme = programme_for_request(request)
    if programme is None:
        return None
    now = timezone.now()
    edition = open_edition(programme, now)
    if edition is None:
        return None
    return {
        "template": "awards/includes/home_section.html",
        "context": {"edition": edition},
        "order": 20,
    }


def home_section_changes_at(programme, now):
    """The next opening or closing of a call: the section appears, changes or goes then."""
    from rallynov.awards.queries import editions

    moments = editions(programme).aggregate(
        opens=models.Min("opens_at", filter=models.Q(opens_at__gt=now)),
        closes=models.Min("closes_at", filter=models.Q(closes_at__gt=now)),
    )
    return min((moment for moment in moments.values() if moment is not None), default=None)
