"""Instruction by the programme team: eligibility, comments, reopening."""

from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from rallynov.awards.domain.common import PrizeError, site_url
from rallynov.awards.enums import EDITABLE_STATUSES, ApplicationStatus, CommentKind
from rallynov.awards.models import (
    Application,
    Comment,
)
from rallynov.core.audit import diff, record


@transaction.atomic
def reopen_application(*, application, by, reason):
    """Give the dossier back to the applicant for changes (until the deadline or, after it, until
    staff close it again). Audited."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status == ApplicationStatus.DRAFT:
        raise PrizeError(_("Le dossier est encore un brouillon : il est déjà modifiable."))
    before = application.status
    application.status = ApplicationStatus.REOPENED
    application.save(update_fields=["status", "updated_at"])
    record(
        actor=by,
        action="reopen",
        obj=application,
        changes={"status": [before, application.status]},
        note=reason,
    )
    return application


@transaction.atomic
def set_eligibility(*, application, eligible, reason, by):
    """Record the eligibility check with its reason (required when not eligible). Audited."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status in EDITABLE_STATUSES:
        raise PrizeError(_("Le dossier n'est pas déposé : sa recevabilité ne peut pas encore être examinée."))
    if not eligible and not reason.strip():
        raise PrizeError(_("Indiquez le motif de non-recevabilité."))
    before = Application.objects.get(pk=application.pk)
    application.status = ApplicationStatus.ELIGIBLE if eligible else ApplicationStatus.INELIGIBLE
    application.eligibility_reason = reason.strip()
    application.save(update_fields=["status", "eligibility_reason", "updated_at"])
    record(
        actor=by,
        action="eligibility",
        obj=application,
        changes=diff(before, application, ["status", "eligibility_reason"]),
    )
    return application


@transaction.atomic
def add_comment(*, application, text, by, kind=CommentKind.COMMENT):
    """A staff comment; a request for missing pieces also reopens the dossier and e-mails the
    applicant. Audited."""
    if not text.strip():
        raise PrizeError(_("Le commentaire est vide."))
    comment = Comment.objects.create(application=application, author=by, kind=kind, text=text.strip())
    record(
        actor=by,
        action="comment" if kind == CommentKind.COMMENT else "request_pieces",
        obj=application,
        note=text,
    )
    if kind == CommentKind.MISSING_PIECES:
        if application.status != ApplicationStatus.DRAFT:
            reopen_application(application=application, by=by, reason=_("Pièces manquantes"))
        if application.applicant and application.applicant.email:
            url = site_url(reverse("awards:application_detail", args=[application.pk]))
            body = render_to_string(
                "awards/email/missing_pieces.txt",
                {"application": application, "text": comment.text, "url": url},
            )
            transaction.on_commit(
                lambda: EmailMessage(
                    subject=_("Pièces manquantes — dossier %(reference)s")
                    % {"reference": application.reference},
                    body=body,
                    to=[application.applicant.email],
                ).send()
            )
    return comment
