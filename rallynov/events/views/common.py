"""What the views of events share: the event (and registration) a request may see."""

from django.shortcuts import get_object_or_404

from rallynov.core.queries import programme_for_request
from rallynov.events.models import EventPage, Registration


def event_or_404(request, pk):
    return get_object_or_404(
        EventPage.objects.live().select_related("venue__commune", "programme"),
        pk=pk,
        programme=programme_for_request(request),
    )


def staff_registration(request, pk, registration_id):
    """A registration of an event the request may see (team pages; the caller checks the role)."""
    event = event_or_404(request, pk)
    return get_object_or_404(Registration.objects.select_related("event"), pk=registration_id, event=event)
