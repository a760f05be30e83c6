"""iCalendar files: one per event, and the feed of all events of a programme."""

import datetime
import threading
import time

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vText

from rallynov.events.models import PARIS


def _event_component(event):
    component = Event()
    component.add("uid", f"event-{event.pk}@rallynov")
    component.add("summary", event.title)
    if event.dates_to_be_confirmed:
        component.add("dtstart", event.local_start.date())
        component.add("dtend", event.local_end.date() + datetime.timedelta(days=1))
    else:
        component.add("dtstart", event.starts_at.astimezone(PARIS))
        component.add("dtend", event.ends_at.astimezone(PARIS))
    component.add("dtstamp", timezone.now())
    if event.last_published_at:
        component.add("last-modified", event.last_published_at)
    component.add("url", settings.SITE_URL + event.url if event.url else settings.SITE_URL)
    description = event.summary or ""
    if event.online_url:
        description = f"{description}\n\nEn ligne : {event.online_url}".strip()
    if description:
        component.add("description", description)
    if event.venue_id:
        venue = event.venue
        parts = [venue.name, venue.address]
        if venue.commune_id:
            parts.append(f"{venue.commune.main_postal_code} {venue.commune.name}".strip())
        component.add("location", vText(", ".join(p for p in parts if p)))
        coordinates = venue.coordinates
        if coordinates:
            component.add("geo", coordinates)
    elif event.online_url:
        component.add("location", event.online_url)
    component.add("categories", [event.get_kind_display()])
    return component


def calendar_bytes(events, *, name):
    calendar = Calendar()
    calendar.add("prodid", "-//rallynov//événements//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Paris")
    events = list(events)
    for event in events:
        calendar.add_component(_event_component(event))
    if events:
        # The VTIMEZONE only needs the transitions around the events: from 1970 to 2038 it has
        # 140 of them and costs more than the rest of the file (the e-mail of every ticket).
        first = min(e.starts_at for e in events).date() - datetime.timedelta(days=366)
        last = max(e.ends_at for e in events).date() + datetime.timedelta(days=366)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar.to_ical()


_TICKET_CACHE = {}
_TICKET_CACHE_LOCK = threading.Lock()
TICKET_CACHE_SECONDS = 600


def event_calendar_bytes(event):
    """The `.ics` of one event for the confirmation e-mails, built once per event and version for
    ten minutes (every ticket of an event attaches the same file; building it is a good part of
    the e-mail's cost). A change of the page (publication, dates, place) gives a new file at once;
    an edit of the venue itself shows within ten minutes."""
    key = (event.pk, event.last_published_at, event.latest_revision_id, event.title, event.starts_at,
           event.ends_at, event.dates_to_be_confirmed, event.venue_id, event.online_url, event.summary, event.kind)
    now = time.monotonic()
    with _TICKET_CACHE_LOCK:
        cached = _TICKET_CACHE.get(key)
    if cached is not None and now - cached[0] < TICKET_CACHE_SECONDS:
        return cached[1]
    content = calendar_bytes([event], name=event.title)
    with _TICKET_CACHE_LOCK:
        if len(_TICKET_CACHE) > 256:
            _TICKET_CACHE.clear()
        _TICKET_CACHE[key] = (now, content)
    return content
