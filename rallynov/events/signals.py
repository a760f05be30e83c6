"""Places appear when the capacity of an event or of one of its sessions is raised, or a session
is removed: in the admin (publishing a page saves it, then its sessions, then sends
`page_published`) or anywhere else. These receivers give them to the waiting list at once, in
the transaction of the save (events.domain.places.capacity_changed; connected in events.apps)."""

from django.db.models.signals import post_save
from wagtail.signals import page_published

from rallynov.events.domain.places import capacity_changed
from rallynov.events.models import EventPage, Session


def event_saved(sender, instance, raw=False, **kwargs):
    if not raw and instance.pk:
        capacity_changed(event_id=instance.pk)


def session_saved(sender, instance, raw=False, **kwargs):
    if not raw and instance.event_id:
        capacity_changed(event_id=instance.event_id)


def connect():
    post_save.connect(event_saved, sender=EventPage, dispatch_uid="events-places-event-saved")
    page_published.connect(event_saved, sender=EventPage, dispatch_uid="events-places-event-published")
    post_save.connect(session_saved, sender=Session, dispatch_uid="events-places-session-saved")
