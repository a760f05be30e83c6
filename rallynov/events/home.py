"""The home page's "upcoming events" section."""

from rallynov.core.queries import programme_for_request
from rallynov.events.queries import upcoming_events


def home_section(request):
    programme = programme_for_request(request)
    if programme is None:
        return None
    events = list(upcoming_events(programme)[:3])
    if not events:
        return None
    return {"template": "events/includes/home_section.html", "context": {"events": events}, "order": 30}


def home_section_changes_at(programme, now):
    """When the first upcoming event ends, it leaves the section (the others end later or are
    not shown yet)."""
    from django.db.models import Min

    return upcoming_events(programme, now=now).aggregate(first_end=Min("ends_at"))["first_end"]
