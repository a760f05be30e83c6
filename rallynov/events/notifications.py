"""E-mails to participants, through the e-mail queue (core.mailqueue).

events.domain queues them in the transaction that changes a registration (never built while the
event row is locked); they are built when sent, from the registration as it is then: a person who
was confirmed and then cancelled before the e-mail left gets only what is still true, and a person
erased in the meantime gets nothing.
"""

import threading
import time

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from rallynov.core import mailqueue


def absolute(path):
    return settings.SITE_URL + path


def _context(registration):
    event = registration.event
    return {
        "registration": registration,
        "event": event,
        "manage_url": absolute(reverse("events:registration", args=[registration.token])),
        "event_url": absolute(event.url) if event.url else settings.SITE_URL,
        "site_url": settings.SITE_URL,
    }


def _message(registration, template, subject, *, attachments=()):
    with translation.override("fr"):
        context = _context(registration)
        body = render_to_string(f"events/email/{template}.txt", context)
        message = EmailMultiAlternatives(
            subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[registration.email],
        )
        for name, content, mimetype in attachments:
            message.attach(name, content, mimetype)
        return message


# The events of the e-mails being sent, kept a little while: a burst of registrations sends
# hundreds of e-mails about the same event, and loading a page is the dearest part of each.
EVENT_CACHE_SECONDS = 30
_events = {}
_events_lock = threading.Lock()


def _event(event_id):
    now = time.monotonic()
    with _events_lock:
        cached = _events.get(event_id)
    if cached is not None and now - cached[0] < EVENT_CACHE_SECONDS:
        return cached[1]
    from rallynov.events.models import EventPage

    event = EventPage.objects.select_related("programme", "venue__commune").filter(pk=event_id).first()
    with _events_lock:
        if len(_events) > 64:
            _events.clear()
        _events[event_id] = (now, event)
    return event


def _registration(object_id):
    """The registration an e-mail is about, with its event; None when it no longer exists or
    was erased (no address)."""
    from rallynov.events.models import Registration

    registration = (
        Registration.objects.only(
            "event_id", "status", "first_name", "last_name", "email", "token", "checkin_code", "erased_at",
            "offer_expires_at",
        )
        .filter(pk=object_id, erased_at__isnull=True)
        .exclude(email="")
        .first()
    )
    if registration is None:
        return None
    event = _event(registration.event_id)
    if event is None:
        return None
    registration.event = event
    return registration


# --- Builders (called by the queue's sender) --------------------------------------------------------


def build_registration(object_id):
    """Confirmation with the ticket (QR code) and the calendar file, or the waiting-list notice,
    whichever is true when the e-mail leaves."""
    from rallynov.events.enums import RegistrationStatus
    from rallynov.events.ics import event_calendar_bytes
    from rallynov.events.qr import qr_png, ticket_payload

    registration = _registration(object_id)
    if registration is None:
        return None
    event = registration.event
    if registration.status == RegistrationStatus.CONFIRMED:
        attachments = [
            ("evenement.ics", event_calendar_bytes(event), "text/calendar"),
            ("billet-qr.png", qr_png(ticket_payload(registration)), "image/png"),
        ]
        return _message(registration, "confirmed", f"Inscription confirmée : {event.title}", attachments=attachments)
    if registration.status == RegistrationStatus.WAITING:
        return _message(registration, "waiting", f"Liste d'attente : {event.title}")
    return None


def build_offer(object_id):
    """A freed place offered to the next person, while the offer stands."""
    from rallynov.events.enums import RegistrationStatus

    registration = _registration(object_id)
    if registration is None or registration.status != RegistrationStatus.OFFERED:
        return None
    return _message(registration, "offer", f"Une place se libère : {registration.event.title}")


def build_cancelled(object_id):
    from rallynov.events.enums import RegistrationStatus

    registration = _registration(object_id)
    if registration is None or registration.status != RegistrationStatus.CANCELLED:
        return None
    return _message(registration, "cancelled", f"Inscription annulée : {registration.event.title}")


def build_feedback(object_id):
    registration = _registration(object_id)
    if registration is None:
        return None
    return _message(registration, "feedback", f"Votre avis sur : {registration.event.title}")


EMAILS = {
    "registration": build_registration,
    "offer": build_offer,
    "cancelled": build_cancelled,
    "feedback": build_feedback,
}


# --- Queueing (called by events.domain and the views) -------------------------------------------


def send_registration(registration):
    mailqueue.queue("events.registration", registration.pk)


def registration_email_statement(registration):
    """The INSERT that queues send_registration's e-mail, for events.domain to send along with
    the statements that give the place (then `mailqueue.queued(id)`)."""
    return mailqueue.insert_statement("events.registration", registration.pk)


def send_offer(registration):
    mailqueue.queue("events.offer", registration.pk)


def send_cancelled(registration):
    mailqueue.queue("events.cancelled", registration.pk)


def send_feedback_requests(registrations):
    mailqueue.queue_many("events.feedback", [registration.pk for registration in registrations])
