"""On an initiative's sheet: the events where it was presented."""

from rallynov.events.queries import events_citing


def sheet_section(initiative, request):
    events = list(events_citing(initiative).select_related("venue__commune"))
    if not events:
        return None
    return {"template": "events/includes/sheet_section.html", "context": {"events": events}, "order": 60}
