"""E-mails to participants. Called after the commit by events.domain (never inside a lock)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation


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


def _send(registration, template, subject, *, attachments=()):
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
        message.send()


def send_registration(registration, *, fresh=False):
    """Confirmation with the ticket (QR code) and the calendar file, or the waiting-list notice.
    `fresh`: the caller has just committed this status (no need to read it again)."""
    from rallynov.events.enums import RegistrationStatus
    from rallynov.events.ics import event_calendar_bytes
    from rallynov.events.qr import qr_png, ticket_payload

    # The status may have changed since the commit that queued this e-mail (one small query; the
    # event already loaded is kept).
    if not fresh:
        registration.refresh_from_db(fields=["status"])
    event = registration.event
    if registration.status == RegistrationStatus.CONFIRMED:
        attachments = [
            ("evenement.ics", event_calendar_bytes(event), "text/calendar"),
            ("billet-qr.png", qr_png(ticket_payload(registration)), "image/png"),
        ]
        _send(registration, "confirmed", f"Inscription confirmée : {event.title}", attachments=attachments)
    elif registration.status == RegistrationStatus.WAITING:
        _send(registration, "waiting", f"Liste d'attente : {event.title}")


def send_offer(registration):
    _send(registration, "offer", f"Une place se libère : {registration.event.title}")


def send_cancelled(registration):
    _send(registration, "cancelled", f"Inscription annulée : {registration.event.title}")


def send_feedback_request(registration):
    _send(registration, "feedback", f"Votre avis sur : {registration.event.title}")
