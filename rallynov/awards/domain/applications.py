"""Dossiers: drafts, answers, attachments, submission and the receipt."""

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from rallynov.awards import uploads
from rallynov.awards.domain.common import PrizeError, paris, site_url
from rallynov.awards.enums import EDITABLE_STATUSES, ApplicationStatus, QuestionKind
from rallynov.awards.models import (
    Application,
    Attachment,
    Edition,
)
from rallynov.awards.pdf import render as render_pdf
from rallynov.core.audit import record


def _check_eligibility(edition, organization):
    if edition.eligible_kinds and organization.kind not in edition.eligible_kinds:
        raise PrizeError(
            _("Ce prix est réservé aux structures de type : %(kinds)s.")
            % {"kinds": ", ".join(edition.eligible_kind_labels())}
        )
    if (
        edition.eligible_region_id
        and organization.commune_id
        and organization.commune.region_on(timezone.localdate()) != edition.eligible_region
    ):
        raise PrizeError(
            _("Ce prix est réservé aux structures de la région %(region)s.")
            % {"region": edition.eligible_region}
        )


@transaction.atomic
def create_application(
    *, edition, applicant, organization, initiative=None, new_title="", new_summary="", now=None
):
    """Start a draft dossier for `organization`, with an existing initiative or a new one (created
    as an unpublished draft in the catalogue, source "candidature"). Audited."""
    from rallynov.initiatives.enums import Source
    from rallynov.initiatives.models import CataloguePage, InitiativePage

    now = now or timezone.now()
    if not edition.is_open(now):
        raise PrizeError(_("L'appel à candidatures n'est pas ouvert : aucun dossier ne peut être créé."))
    _check_eligibility(edition, organization)
    if initiative is None:
        if not new_title.strip():
            raise PrizeError(
                _("Choisissez une initiative existante ou donnez le nom de la nouvelle initiative.")
            )
        catalogue = CataloguePage.objects.first()
        if catalogue is None:
            raise PrizeError(
                _("Le catalogue des initiatives n'existe pas encore : contactez l'équipe du programme.")
            )
        initiative = InitiativePage(
            title=new_title.strip()[:255],
            summary=new_summary.strip()[:600],
            programme=edition.programme,
            year=edition.year,
            source=Source.PRIZE,
            live=False,
        )
        catalogue.add_child(instance=initiative)
        initiative.organizations.add(organization)
        initiative.save()  # a ParentalManyToManyField is written to the database when the page is saved
        initiative.save_revision(user=applicant, log_action=True)
    if Application.objects.filter(edition=edition, initiative=initiative).exists():
        raise PrizeError(_("Cette initiative a déjà un dossier pour cette édition."))
    # Locking the edition row serialises numbering: two dossiers never get the same number.
    Edition.objects.select_for_update().filter(pk=edition.pk).first()
    number = (Application.objects.filter(edition=edition).aggregate(m=Max("number"))["m"] or 0) + 1
    try:
        with transaction.atomic():
            application = Application.objects.create(
                edition=edition,
                number=number,
                applicant=applicant,
                organization=organization,
                initiative=initiative,
            )
    except IntegrityError:
        raise PrizeError(_("Cette initiative a déjà un dossier pour cette édition.")) from None
    record(actor=applicant, action="create", obj=application, changes={"status": [None, application.status]})
    return application


def _check_editable(application, now=None):
    if application.status not in EDITABLE_STATUSES:
        raise PrizeError(_("Le dossier a été déposé : il n'est plus modifiable, sauf si l'équipe le rouvre."))
    if application.edition.is_closed(now):
        raise PrizeError(_("L'appel à candidatures est clos : le dossier n'est plus modifiable."))


@transaction.atomic
def save_answers(*, application, answers, contact_name="", contact_phone="", by, now=None):
    """Save the draft's answers (keys are question field names). Audited with the changed keys."""
    application = Application.objects.select_for_update().select_related("edition").get(pk=application.pk)
    _check_editable(application, now)
    before = dict(application.answers)
    merged = {**before, **answers}
    changes = {k: [before.get(k), v] for k, v in merged.items() if before.get(k) != v}
    if contact_name != application.contact_name:
        changes["contact_name"] = [application.contact_name, contact_name]
    if contact_phone != application.contact_phone:
        changes["contact_phone"] = [application.contact_phone, contact_phone]
    application.answers = merged
    application.contact_name = contact_name
    application.contact_phone = contact_phone
    application.save(update_fields=["answers", "contact_name", "contact_phone", "updated_at"])
    if changes:
        record(
            actor=by,
            action="edit",
            obj=application,
            changes={k: [str(a), str(b)] for k, (a, b) in changes.items()},
        )
    return application


@transaction.atomic
def add_attachment(*, application, uploaded, question=None, by, now=None):
    """Check and store an uploaded file (see awards.uploads). Raises ValidationError in French."""
    application = Application.objects.select_for_update().select_related("edition").get(pk=application.pk)
    _check_editable(application, now)
    if question is not None and question.edition_id != application.edition_id:
        raise PrizeError(_("Cette question n'appartient pas à l'édition du dossier."))
    if application.attachments.count() >= 20:
        raise PrizeError(_("Un dossier compte au plus 20 pièces jointes : supprimez-en une d'abord."))
    extension, content_type, data = uploads.check_upload(uploaded)
    name = uploads.sanitise_name(uploaded.name)
    path = uploads.store(application_id=application.pk, data=data, name=name)
    attachment = Attachment.objects.create(
        application=application,
        question=question,
        path=path,
        name=name,
        content_type=content_type,
        size=len(data),
        uploaded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    record(actor=by, action="attach", obj=application, changes={"attachment": [None, name]})
    return attachment


@transaction.atomic
def delete_attachment(*, attachment, by, now=None):
    application = (
        Application.objects.select_for_update().select_related("edition").get(pk=attachment.application_id)
    )
    _check_editable(application, now)
    name, path = attachment.name, attachment.path
    attachment.delete()
    transaction.on_commit(lambda: uploads.private_storage().delete(path))
    record(actor=by, action="detach", obj=application, changes={"attachment": [name, None]})


def missing_answers(application):
    """Labels of the required questions still without an answer."""
    answered_files = set(application.attachments.exclude(question=None).values_list("question_id", flat=True))
    missing = []
    for question in application.edition.questions.all():
        if not question.required:
            continue
        if question.kind == QuestionKind.FILE:
            if question.pk not in answered_files:
                missing.append(question.label)
        elif str(application.answers.get(question.field_name, "")).strip() == "":
            missing.append(question.label)
    return missing


def submit_application(*, application, by, now=None):
    """Submit the dossier. The deadline is checked on the server to the second; a second submit
    (two tabs) changes nothing. Side effects: audit entry, receipt e-mail with the PDF."""
    with transaction.atomic():
        locked = Application.objects.select_for_update().select_related("edition").get(pk=application.pk)
        now = now or timezone.now()
        if locked.status not in EDITABLE_STATUSES:
            raise PrizeError(
                _("Ce dossier a déjà été déposé le %(date)s.") % {"date": paris(locked.submitted_at)}
            )
        if now >= locked.edition.closes_at:
            raise PrizeError(
                _(
                    "L'appel à candidatures a fermé le %(date)s : "
                    "le dossier n'a pas pu être déposé. Votre brouillon est conservé."
                )
                % {"date": paris(locked.edition.closes_at)}
            )
        if now < locked.edition.opens_at:
            raise PrizeError(_("L'appel à candidatures n'est pas encore ouvert."))
        missing = missing_answers(locked)
        if missing:
            raise PrizeError(
                _("Le dossier est incomplet. À compléter : %(missing)s.") % {"missing": " ; ".join(missing)}
            )
        # The conditional update is what makes two simultaneous submits safe on every database.
        updated = Application.objects.filter(pk=locked.pk, status__in=EDITABLE_STATUSES).update(
            status=ApplicationStatus.SUBMITTED, submitted_at=now, updated_at=now
        )
        if not updated:
            raise PrizeError(_("Ce dossier a déjà été déposé."))
        before = locked.status
        locked.status, locked.submitted_at = ApplicationStatus.SUBMITTED, now
        record(actor=by, action="submit", obj=locked, changes={"status": [before, locked.status]})
        transaction.on_commit(lambda: send_receipt(application=locked))
    application.status, application.submitted_at = locked.status, locked.submitted_at
    return locked


def application_pdf(application):
    return render_pdf("dossier.typ", dossier_data(application, identity=True))


def dossier_data(application, *, identity=True):
    """What the PDFs print about a dossier; without identity for blind review."""
    answers = []
    files = {}
    for attachment in application.attachments.all():
        files.setdefault(attachment.question_id, []).append(attachment.name)
    for question in application.edition.questions.all():
        if question.kind == QuestionKind.FILE:
            value = ", ".join(files.get(question.pk, [])) or "—"
        else:
            value = str(application.answers.get(question.field_name, "")) or "—"
        answers.append({"label": question.label, "value": value})
    others = files.get(None, [])
    return {
        "edition": application.edition.title,
        "reference": application.reference,
        "initiative": application.initiative.title,
        "summary": application.initiative.summary,
        "organization": application.organization.name if identity else "(anonymisé)",
        "contact": application.contact_name if identity else "",
        "status": application.get_status_display(),
        "submitted_at": paris(application.submitted_at) if application.submitted_at else "",
        "answers": answers,
        "attachments": others,
        "generated_at": paris(timezone.now()),
    }


def send_receipt(*, application):
    """The receipt e-mail to the applicant, with the dossier as PDF."""
    if not application.applicant or not application.applicant.email:
        return
    body = render_to_string(
        "awards/email/receipt.txt",
        {
            "application": application,
            "submitted_at": paris(application.submitted_at),
            "url": site_url(reverse("awards:application_detail", args=[application.pk])),
        },
    )
    message = EmailMessage(
        subject=_("Accusé de réception — dossier %(reference)s (%(edition)s)")
        % {"reference": application.reference, "edition": application.edition.title},
        body=body,
        to=[application.applicant.email],
    )
    message.attach(f"dossier-{application.reference}.pdf", application_pdf(application), "application/pdf")
    message.send()
