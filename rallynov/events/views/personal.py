"""The pages of a personal link (the token is the key): ticket, cancel, confirm an offer, feedback."""

import functools
import re

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from rallynov.events import domain
from rallynov.events.enums import RegistrationStatus
from rallynov.events.forms import (
    FeedbackForm,
)
from rallynov.events.ics import calendar_bytes
from rallynov.events.models import Registration
from rallynov.events.qr import qr_svg, ticket_payload

TOKEN_FORMAT = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def _registration_or_none(token):
    """The registration of a personal link, or None for a forged or mistyped link."""
    if not TOKEN_FORMAT.match(token or ""):
        return None
    return Registration.objects.select_related("event", "event__venue__commune").filter(token=token).first()


def _personal(view):
    """The view of a personal link: the token is the key; a bad link gets a French page."""

    @functools.wraps(view)
    def wrapper(request, token, *args, **kwargs):
        registration = _registration_or_none(token)
        if registration is None:
            return render(request, "events/invalid_link.html", status=404)
        return view(request, registration, *args, **kwargs)

    return wrapper


@_personal
def registration_detail(request, registration):
    return render(
        request,
        "events/registration.html",
        {
            "registration": registration,
            "event": registration.event,
            "now": timezone.now(),
            "has_feedback": hasattr(registration, "feedback"),
        },
    )


@require_POST
@_personal
def registration_cancel(request, registration):
    try:
        domain.cancel_registration(registration=registration, by=request.user)
    except domain.EventError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Votre inscription est annulée. Merci de nous avoir prévenus."))
    return redirect("events:registration", token=registration.token)


@require_POST
@_personal
def registration_confirm(request, registration):
    try:
        domain.confirm_offer(registration=registration)
    except domain.EventError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Votre place est confirmée. Un e-mail vous a été envoyé avec votre billet.")
        )
    return redirect("events:registration", token=registration.token)


@_personal
def registration_qr(request, registration):
    if registration.status != RegistrationStatus.CONFIRMED:
        raise Http404
    response = HttpResponse(qr_svg(ticket_payload(registration)), content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response


@_personal
def registration_ics(request, registration):
    event = registration.event
    response = HttpResponse(
        calendar_bytes([event], name=event.title), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="evenement-{event.pk}.ics"'
    return response


@ratelimit(key="ip", rate="20/m", method="POST", block=False)
@_personal
def feedback(request, registration):
    if hasattr(registration, "feedback"):
        return render(request, "events/feedback.html", {"registration": registration, "done": True})
    # When the event has a survey of the studies part, the questionnaire is there, through the
    # person's own invitation; the simple rating form below is kept for events without one.
    invitation = domain.feedback_invitation_for(registration=registration)
    if invitation is not None:
        return redirect(invitation.get_absolute_url())
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and getattr(request, "limited", False):
        form.add_error(None, _("Trop d'envois depuis cette connexion : réessayez dans une minute."))
    elif request.method == "POST" and form.is_valid():
        try:
            domain.submit_feedback(registration=registration, **form.cleaned_data)
        except domain.EventError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Merci pour votre avis !"))
            return redirect("events:feedback", token=registration.token)
    notice = None
    if registration.checked_in_at is None:
        notice = _("Le questionnaire est réservé aux personnes présentes à l'événement.")
    return render(
        request, "events/feedback.html", {"registration": registration, "form": form, "notice": notice}
    )
