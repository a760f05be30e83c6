"""After the event: the satisfaction questionnaire (a survey of the studies part when installed,
else the simple rating form)."""

import datetime

from django.apps import apps
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rallynov.core.audit import record
from rallynov.events import notifications
from rallynov.events.domain.errors import EventError
from rallynov.events.domain.places import lock_event
from rallynov.events.models import EventFeedbackSurvey, EventPage, Feedback, Registration


def studies_available():
    return apps.is_installed("rallynov.studies")


def ensure_feedback_survey(*, event, by=None):
    """The event's satisfaction survey in the studies part, created on first need (staff action, or
    the first sending). Returns None when the studies part is not installed (the simple rating
    form is used then). Side effects: a survey answerable only through personal invitations
    (it is not listed on the studies page), audit entry."""
    link = EventFeedbackSurvey.objects.filter(event=event).select_related("survey").first()
    if link is not None:
        return link.survey
    if not studies_available():
        return None
    from rallynov.studies.domain import create_feedback_survey
    from rallynov.studies.models import Survey

    with transaction.atomic():
        lock_event(event)  # two clicks at once create one survey
        link = EventFeedbackSurvey.objects.filter(event=event).select_related("survey").first()
        if link is not None:
            return link.survey
        title = _("Votre avis : %(title)s") % {"title": event.title}
        survey = create_feedback_survey(title=title[:200], programme=event.programme)
        # Only the people present answer, each through their own link.
        Survey.objects.filter(pk=survey.pk).update(public_link=False)
        survey.public_link = False
        EventFeedbackSurvey.objects.create(
            event=event, survey=survey, created_by=by if getattr(by, "is_authenticated", False) else None
        )
        record(actor=by, action="create_feedback_survey", obj=event, changes={"survey": [None, survey.slug]})
    return survey


def _invite(survey, registrations, by):
    """One studies invitation per registration, linked to it (caller holds a transaction)."""
    from rallynov.studies.domain import create_invitations

    people = [
        {"name": r.full_name[:150], "email": r.email, "organization": r.organization, "category": ""}
        for r in registrations
    ]
    invitations = create_invitations(survey=survey, people=people, by=by)
    for registration, invitation in zip(registrations, invitations, strict=True):
        registration.feedback_invitation = invitation
        Registration.objects.filter(pk=registration.pk).update(feedback_invitation=invitation)
    return invitations


def feedback_invitation_for(*, registration):
    """The personal invitation of a person present to the event's survey, created when the survey
    exists but the person has none yet (checked in after the sending). None without a survey."""
    if registration.feedback_invitation_id:
        return registration.feedback_invitation
    if registration.checked_in_at is None:
        return None
    link = EventFeedbackSurvey.objects.filter(event_id=registration.event_id).select_related("survey").first()
    if link is None:
        return None
    with transaction.atomic():
        locked = Registration.objects.select_for_update().get(pk=registration.pk)
        if locked.feedback_invitation_id:
            return locked.feedback_invitation
        (invitation,) = _invite(link.survey, [registration], by=None)
    return invitation


def request_feedback(*, event, by, now=None):
    """E-mail the satisfaction questionnaire to the people present who have not had it yet.

    With the studies part, the questionnaire is the event's survey (created if needed) and each
    person gets a personal invitation link; without it, the link of the simple rating form.
    Returns the number of e-mails sent. Side effects: invitations, audit entry, e-mails after
    the commit."""
    now = now or timezone.now()
    if not event.is_past(now) and event.starts_at > now:
        raise EventError(_("Le questionnaire de satisfaction s'envoie après l'événement."))
    survey = ensure_feedback_survey(event=event, by=by)
    if survey is not None and not survey.is_open(now):
        raise EventError(
            _("Le questionnaire de cet événement est clos : rouvrez-le dans les enquêtes avant de l'envoyer.")
        )
    with transaction.atomic():
        lock_event(event)  # two sendings at once mail each person once
        recipients = list(
            Registration.objects.filter(
                event=event, checked_in_at__isnull=False, feedback_requested_at__isnull=True
            )
            .exclude(email="")
            .select_related("organization")
            .order_by("pk")
        )
        if survey is not None:
            from rallynov.studies.models import Invitation

            invitations = _invite(survey, recipients, by)
            Invitation.objects.filter(pk__in=[i.pk for i in invitations]).update(sent_at=now)
        Registration.objects.filter(pk__in=[r.pk for r in recipients]).update(feedback_requested_at=now)
        if recipients:
            record(actor=by, action="request_feedback", obj=event, changes={"sent": [0, len(recipients)]})
        notifications.send_feedback_requests(recipients)
    return len(recipients)


def send_due_feedback(*, now=None, after_hours=2, within_days=14):
    """After the event (cron): send the questionnaire of the events that ended at least
    `after_hours` ago, within the last `within_days` days, to the people present not asked yet.
    Returns {event: number sent}."""
    now = now or timezone.now()
    due = (
        EventPage.objects.live()
        .filter(
            ends_at__lte=now - datetime.timedelta(hours=after_hours),
            ends_at__gte=now - datetime.timedelta(days=within_days),
            registrations__checked_in_at__isnull=False,
            registrations__feedback_requested_at__isnull=True,
        )
        .distinct()
    )
    sent = {}
    for event in due.select_related("programme"):
        try:
            sent[event] = request_feedback(event=event, by=None, now=now)
        except EventError:
            continue  # a closed survey: staff decide
    return sent


def submit_feedback(*, registration, rating, usefulness=None, comment=""):
    if registration.checked_in_at is None:
        raise EventError(_("Le questionnaire est réservé aux personnes présentes à l'événement."))
    try:
        with transaction.atomic():
            return Feedback.objects.create(
                registration=registration, rating=rating, usefulness=usefulness, comment=comment.strip()
            )
    except IntegrityError as exc:
        raise EventError(_("Vous avez déjà répondu à ce questionnaire : merci !")) from exc
