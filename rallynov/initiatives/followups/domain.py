"""The follow-up rules: a holder proposes, the team approves (the follow-up is published on the
sheet) or rejects; laureate sheets without follow-up for a year are listed for the team."""

import datetime
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from rallynov.core.audit import record
from rallynov.initiatives.followups.models import FollowUpProposal
from rallynov.initiatives.followups.rules import can_add_follow_up

State = FollowUpProposal.State
STALE_AFTER_DAYS = 365


class FollowUpError(Exception):
    """A refusal in French, shown as is."""


def submit_follow_up(
    *,
    initiative,
    by,
    date,
    title,
    text="",
    jobs_created=None,
    people_reached=None,
    picture=None,
    picture_alt="",
):
    """A holder's follow-up, pending until the team decides. The team is told by e-mail."""
    if not can_add_follow_up(by, initiative):
        raise FollowUpError(_("Vous ne pouvez ajouter un suivi qu'aux fiches de votre structure."))
    proposal = FollowUpProposal(
        initiative=initiative,
        author=by,
        author_email=by.email,
        date=date,
        title=title.strip(),
        text=(text or "").strip(),
        jobs_created=jobs_created,
        people_reached=people_reached,
        picture_alt=(picture_alt or "").strip(),
    )
    with transaction.atomic():
        if picture:
            extension = getattr(picture, "checked_extension", Path(picture.name).suffix.lower())
            proposal.picture.save(f"suivi{extension}", picture, save=False)
        proposal.save()
        record(actor=by, action="follow_up_proposed", obj=proposal, note=f"Fiche : {initiative.title}")
        transaction.on_commit(lambda: _notify_team(proposal))
    return proposal


def _notify_team(proposal):
    from rallynov.initiatives.notifications import team_addresses

    page = proposal.initiative
    recipients = team_addresses(page.programme)
    if not recipients:
        return
    send_mail(
        subject=_("[%(programme)s] Suivi à modérer : %(title)s")
        % {"programme": page.programme, "title": page.title},
        message=_(
            "Le porteur de « %(title)s » propose un suivi daté du %(date)s : « %(follow_up)s ».\n"
            "À valider ou refuser : %(url)s\n"
        )
        % {
            "title": page.title,
            "date": proposal.date.strftime("%d/%m/%Y"),
            "follow_up": proposal.title,
            "url": f"{settings.SITE_URL}/initiatives/suivis/moderation/",
        },
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=recipients,
    )


def _locked_pending(proposal):
    locked = FollowUpProposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.state != State.PENDING:
        raise FollowUpError(
            _("Ce suivi a déjà été modéré (%(state)s).") % {"state": locked.get_state_display()}
        )
    return locked


def _picture_image(proposal, by):
    """The approved picture, copied into Wagtail's image library (public from now on)."""
    if not proposal.picture:
        return None
    from wagtail.images import get_image_model

    Image = get_image_model()
    with proposal.picture.open("rb") as handle:
        content = ContentFile(handle.read(), name=Path(proposal.picture.name).name)
    image = Image(title=f"{proposal.initiative.title} — {proposal.title}"[:255], uploaded_by_user=by)
    if hasattr(image, "description"):
        image.description = proposal.picture_alt[:255]
    image.file.save(content.name, content, save=False)
    image.save()
    return image


def _follow_up(proposal, image):
    from rallynov.initiatives.models import FollowUp

    return FollowUp(
        date=proposal.date,
        title=proposal.title,
        text=proposal.text,
        jobs_created=proposal.jobs_created,
        people_reached=proposal.people_reached,
        image=image,
        image_alt=proposal.picture_alt,
    )


def approve_follow_up(proposal, *, by, now=None):
    """Publish the follow-up on the sheet: a new revision of the live sheet with it, published (a
    FollowUp is part of the page, so a later publication keeps it). A draft waiting on the sheet
    stays the latest version, with the follow-up added to it too. An unpublished sheet gets it in
    a new draft, shown once the sheet is published."""
    from rallynov.initiatives.models import InitiativePage

    now = now or timezone.now()
    with transaction.atomic():
        proposal = _locked_pending(proposal)
        page = InitiativePage.objects.get(pk=proposal.initiative_id)
        image = _picture_image(proposal, by)
        draft = page.get_latest_revision_as_object() if page.has_unpublished_changes else None
        if page.live:
            page.follow_ups.add(_follow_up(proposal, image))
            revision = page.save_revision(user=by, clean=False, log_action=True)
            revision.publish(user=by)
        if draft is not None or not page.live:
            draft = draft or page
            draft.follow_ups.add(_follow_up(proposal, image))
            draft.save_revision(user=by, clean=False, log_action=True)
        proposal.state = State.APPROVED
        proposal.reviewed_at = now
        proposal.reviewed_by = by
        proposal.save(update_fields=["state", "reviewed_at", "reviewed_by", "updated_at"])
        record(actor=by, action="follow_up_approved", obj=proposal, note=f"Fiche : {page.title}")
        transaction.on_commit(lambda: _tell_author(proposal))
    return proposal


def reject_follow_up(proposal, *, by, reason, now=None):
    reason = (reason or "").strip()
    if not reason:
        raise FollowUpError(_("Indiquez le motif du refus : il est envoyé au porteur."))
    with transaction.atomic():
        proposal = _locked_pending(proposal)
        proposal.state = State.REJECTED
        proposal.reviewed_at = now or timezone.now()
        proposal.reviewed_by = by
        proposal.review_note = reason
        proposal.save(update_fields=["state", "reviewed_at", "reviewed_by", "review_note", "updated_at"])
        if proposal.picture:
            # A refused picture is never published: it is not kept either.
            proposal.picture.delete(save=True)
        record(actor=by, action="follow_up_rejected", obj=proposal, note=reason)
        transaction.on_commit(lambda: _tell_author(proposal))
    return proposal


def _tell_author(proposal):
    if not proposal.author_email:
        return
    if proposal.state == State.APPROVED:
        subject = _("Votre suivi est publié : %(title)s") % {"title": proposal.initiative.title}
        body = _("Merci : votre suivi « %(follow_up)s » est publié sur la fiche « %(title)s ».\n")
    else:
        subject = _("Votre suivi n'a pas été publié : %(title)s") % {"title": proposal.initiative.title}
        body = _(
            "Votre suivi « %(follow_up)s » de la fiche « %(title)s » n'a pas été publié. Motif : %(reason)s\n"
        )
    send_mail(
        subject=subject,
        message=body
        % {"follow_up": proposal.title, "title": proposal.initiative.title, "reason": proposal.review_note},
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[proposal.author_email],
    )


def stale_laureate_sheets(programme, *, now=None, days=STALE_AFTER_DAYS):
    """Live laureate sheets of `programme` whose last follow-up is older than `days` (or that have
    none and were laureates before that), those never followed first, then the oldest news; each
    with `last_follow_up` (a date or None)."""
    from rallynov.initiatives.models import InitiativePage

    today = timezone.localdate(now or timezone.now())
    cutoff = today - datetime.timedelta(days=days)
    pages = (
        InitiativePage.objects.live()
        .filter(programme=programme, laureate_year__isnull=False)
        .annotate(last_follow_up=Max("follow_ups__date"))
        .filter(Q(last_follow_up__lt=cutoff) | Q(last_follow_up__isnull=True, laureate_year__lt=cutoff.year))
        .order_by(F("last_follow_up").asc(nulls_first=True), "laureate_year", "title")
    )
    return list(pages)


def remind_team(programme, *, now=None):
    """E-mail the team the laureate sheets without news for a year (cron, e.g. monthly).
    Returns the number of sheets listed (0: no e-mail)."""
    from rallynov.initiatives.notifications import team_addresses

    sheets = stale_laureate_sheets(programme, now=now)
    recipients = team_addresses(programme)
    if not sheets or not recipients:
        return 0 if not sheets else len(sheets)
    lines = [
        f"- {page.title} (lauréat {page.laureate_year}) : "
        + (f"dernier suivi le {page.last_follow_up:%d/%m/%Y}" if page.last_follow_up else "aucun suivi")
        for page in sheets
    ]
    send_mail(
        subject=_("[%(programme)s] %(n)s fiche(s) de lauréats sans nouvelles depuis un an")
        % {"programme": programme, "n": len(sheets)},
        message=_(
            "Ces fiches de lauréats n'ont pas été mises à jour depuis un an ; demandez des nouvelles aux porteurs :\n\n"
        )
        + "\n".join(lines)
        + f"\n\n{settings.SITE_URL}/initiatives/suivis/moderation/\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=recipients,
    )
    return len(sheets)
