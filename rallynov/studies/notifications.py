"""E-mails of the studies part: personal invitations to answer a survey."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format


def invitation_url(invitation):
    return settings.SITE_URL + reverse("studies:invitation", args=[invitation.token])


def invitation_message(invitation):
    """The e-mail (not sent) inviting one person: French text, personal link, closing date."""
    survey = invitation.survey
    with translation.override("fr"):
        closes = date_format(timezone.localtime(survey.closes_at), "l j F Y à H\\hi") if survey.closes_at else ""
        body = render_to_string("studies/email/invitation.txt", {
            "invitation": invitation,
            "survey": survey,
            "programme": survey.programme,
            "url": invitation_url(invitation),
            "closes": closes,
        })
        return EmailMessage(
            subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}Invitation à répondre : {survey.title}",
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[invitation.email],
        )
