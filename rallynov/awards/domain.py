"""Writes of the prize: each function is one unit of work, atomic, audited."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from rallynov.awards import uploads
from rallynov.awards.enums import EDITABLE_STATUSES, ApplicationStatus, CommentKind, Outcome, QuestionKind
from rallynov.awards.models import (
    Application,
    Assignment,
    Attachment,
    Comment,
    Conflict,
    Decision,
    Edition,
    JuryMember,
    Score,
)
from rallynov.core.audit import diff, record


class PrizeError(ValidationError):
    """A rule of the prize was broken; the message is French and meant for the user."""


def _site_url(path):
    return f"{settings.SITE_URL}{path}"


def _paris(dt):
    return date_format(timezone.localtime(dt), "j F Y à H:i:s")


# --- Dossiers --------------------------------------------------------------------------------


def _check_eligibility(edition, organization):
    if edition.eligible_kinds and organization.kind not in edition.eligible_kinds:
        raise PrizeError(
            "Ce prix est réservé aux structures de type : " + ", ".join(edition.eligible_kind_labels()) + "."
        )
    if (
        edition.eligible_region_id
        and organization.commune_id
        and organization.commune.region_on(timezone.localdate()) != edition.eligible_region
    ):
        raise PrizeError(f"Ce prix est réservé aux structures de la région {edition.eligible_region}.")


@transaction.atomic
def create_application(*, edition, applicant, organization, initiative=None, new_title="", new_summary="", now=None):
    """Start a draft dossier for `organization`, with an existing initiative or a new one (created
    as an unpublished draft in the catalogue, source "candidature"). Audited."""
    from rallynov.initiatives.enums import Source
    from rallynov.initiatives.models import CataloguePage, InitiativePage

    now = now or timezone.now()
    if not edition.is_open(now):
        raise PrizeError("L'appel à candidatures n'est pas ouvert : aucun dossier ne peut être créé.")
    _check_eligibility(edition, organization)
    if initiative is None:
        if not new_title.strip():
            raise PrizeError("Choisissez une initiative existante ou donnez le nom de la nouvelle initiative.")
        catalogue = CataloguePage.objects.first()
        if catalogue is None:
            raise PrizeError("Le catalogue des initiatives n'existe pas encore : contactez l'équipe du programme.")
        initiative = InitiativePage(
            title=new_title.strip()[:255],
            summary=new_summary.strip()[:600],
            programme=edition.programme,
            year=edition.year,
            source=Source.PRIZE,
            live=False,
        )
        catalogue.add_child(instance=initiative)
        initiative.save_revision(user=applicant, log_action=True)
        initiative.organizations.add(organization)
    if Application.objects.filter(edition=edition, initiative=initiative).exists():
        raise PrizeError("Cette initiative a déjà un dossier pour cette édition.")
    # Locking the edition row serialises numbering: two dossiers never get the same number.
    Edition.objects.select_for_update().filter(pk=edition.pk).first()
    number = (Application.objects.filter(edition=edition).aggregate(m=Max("number"))["m"] or 0) + 1
    try:
        with transaction.atomic():
            application = Application.objects.create(
                edition=edition, number=number, applicant=applicant, organization=organization, initiative=initiative
            )
    except IntegrityError:
        raise PrizeError("Cette initiative a déjà un dossier pour cette édition.") from None
    record(actor=applicant, action="create", obj=application, changes={"status": [None, application.status]})
    return application


def _check_editable(application, now=None):
    if application.status not in EDITABLE_STATUSES:
        raise PrizeError("Le dossier a été déposé : il n'est plus modifiable, sauf si l'équipe le rouvre.")
    if application.edition.is_closed(now):
        raise PrizeError("L'appel à candidatures est clos : le dossier n'est plus modifiable.")


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
        record(actor=by, action="edit", obj=application, changes={k: [str(a), str(b)] for k, (a, b) in changes.items()})
    return application


@transaction.atomic
def add_attachment(*, application, uploaded, question=None, by, now=None):
    """Check and store an uploaded file (see awards.uploads). Raises ValidationError in French."""
    application = Application.objects.select_for_update().select_related("edition").get(pk=application.pk)
    _check_editable(application, now)
    if question is not None and question.edition_id != application.edition_id:
        raise PrizeError("Cette question n'appartient pas à l'édition du dossier.")
    if application.attachments.count() >= 20:
        raise PrizeError("Un dossier compte au plus 20 pièces jointes : supprimez-en une d'abord.")
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
    application = Application.objects.select_for_update().select_related("edition").get(pk=attachment.application_id)
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
            raise PrizeError(f"Ce dossier a déjà été déposé le {_paris(locked.submitted_at)}.")
        if now >= locked.edition.closes_at:
            raise PrizeError(
                f"L'appel à candidatures a fermé le {_paris(locked.edition.closes_at)} : "
                "le dossier n'a pas pu être déposé. Votre brouillon est conservé."
            )
        if now < locked.edition.opens_at:
            raise PrizeError("L'appel à candidatures n'est pas encore ouvert.")
        missing = missing_answers(locked)
        if missing:
            raise PrizeError("Le dossier est incomplet. À compléter : " + " ; ".join(missing) + ".")
        # The conditional update is what makes two simultaneous submits safe on every database.
        updated = Application.objects.filter(pk=locked.pk, status__in=EDITABLE_STATUSES).update(
            status=ApplicationStatus.SUBMITTED, submitted_at=now, updated_at=now
        )
        if not updated:
            raise PrizeError("Ce dossier a déjà été déposé.")
        before = locked.status
        locked.status, locked.submitted_at = ApplicationStatus.SUBMITTED, now
        record(actor=by, action="submit", obj=locked, changes={"status": [before, locked.status]})
        transaction.on_commit(lambda: send_receipt(application=locked))
    application.status, application.submitted_at = locked.status, locked.submitted_at
    return locked


def application_pdf(application):
    from rallynov.awards.pdf import render

    return render("dossier.typ", dossier_data(application, identity=True))


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
        "submitted_at": _paris(application.submitted_at) if application.submitted_at else "",
        "answers": answers,
        "attachments": others,
        "generated_at": _paris(timezone.now()),
    }


def send_receipt(*, application):
    """The receipt e-mail to the applicant, with the dossier as PDF."""
    if not application.applicant or not application.applicant.email:
        return
    body = render_to_string(
        "awards/email/receipt.txt",
        {
            "application": application,
            "submitted_at": _paris(application.submitted_at),
            "url": _site_url(reverse("awards:application_detail", args=[application.pk])),
        },
    )
    message = EmailMessage(
        subject=f"Accusé de réception — dossier {application.reference} ({application.edition.title})",
        body=body,
        to=[application.applicant.email],
    )
    message.attach(f"dossier-{application.reference}.pdf", application_pdf(application), "application/pdf")
    message.send()


# --- Instruction by staff ----------------------------------------------------------------------


@transaction.atomic
def reopen_application(*, application, by, reason):
    """Give the dossier back to the applicant for changes (until the deadline or, after it, until
    staff close it again). Audited."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status == ApplicationStatus.DRAFT:
        raise PrizeError("Le dossier est encore un brouillon : il est déjà modifiable.")
    before = application.status
    application.status = ApplicationStatus.REOPENED
    application.save(update_fields=["status", "updated_at"])
    record(actor=by, action="reopen", obj=application, changes={"status": [before, application.status]}, note=reason)
    return application


@transaction.atomic
def set_eligibility(*, application, eligible, reason, by):
    """Record the eligibility check with its reason (required when not eligible). Audited."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status in EDITABLE_STATUSES:
        raise PrizeError("Le dossier n'est pas déposé : sa recevabilité ne peut pas encore être examinée.")
    if not eligible and not reason.strip():
        raise PrizeError("Indiquez le motif de non-recevabilité.")
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
        raise PrizeError("Le commentaire est vide.")
    comment = Comment.objects.create(application=application, author=by, kind=kind, text=text.strip())
    record(actor=by, action="comment" if kind == CommentKind.COMMENT else "request_pieces", obj=application, note=text)
    if kind == CommentKind.MISSING_PIECES:
        if application.status != ApplicationStatus.DRAFT:
            reopen_application(application=application, by=by, reason="Pièces manquantes")
        if application.applicant and application.applicant.email:
            url = _site_url(reverse("awards:application_detail", args=[application.pk]))
            body = render_to_string(
                "awards/email/missing_pieces.txt", {"application": application, "text": comment.text, "url": url}
            )
            transaction.on_commit(
                lambda: EmailMessage(
                    subject=f"Pièces manquantes — dossier {application.reference}",
                    body=body,
                    to=[application.applicant.email],
                ).send()
            )
    return comment


# --- Jury ----------------------------------------------------------------------------------------


@transaction.atomic
def add_jury_member(*, edition, user, person=None, is_president=False, by=None):
    from rallynov.accounts import roles
    from rallynov.accounts.domain import add_to_group

    member, created = JuryMember.objects.get_or_create(
        edition=edition, user=user, defaults={"person": person, "is_president": is_president}
    )
    add_to_group(user, roles.JUROR)
    if created:
        record(actor=by, action="jury_add", obj=member, changes={"edition": [None, str(edition)]})
    return member


@transaction.atomic
def declare_conflict(*, member, reason, organization=None, application=None, by):
    """Declare a conflict with a structure or a dossier. The member's assignments on the dossiers
    concerned are removed with their scores (a conflicted juror never scores). Audited."""
    if organization is None and application is None:
        raise PrizeError("Choisissez la structure ou le dossier concerné.")
    if not reason.strip():
        raise PrizeError("Indiquez la nature du lien d'intérêts.")
    if member.edition.is_published:
        raise PrizeError("Les résultats sont publiés : la déclaration est close.")
    conflict = Conflict.objects.create(
        member=member, organization=organization, application=application, reason=reason.strip()
    )
    affected = member.assignments.all()
    if application is not None:
        affected = affected.filter(application=application)
    else:
        affected = affected.filter(application__organization=organization)
    removed = [a.application.reference for a in affected.select_related("application__edition")]
    affected.delete()
    member.conflicts_declared_at = timezone.now()
    member.save(update_fields=["conflicts_declared_at"])
    record(
        actor=by,
        action="conflict",
        obj=member,
        changes={"conflict": [None, str(organization or application)], "assignments_removed": [None, ", ".join(removed)]},
        note=reason,
    )
    return conflict


@transaction.atomic
def confirm_no_other_conflict(*, member, by):
    member.conflicts_declared_at = timezone.now()
    member.save(update_fields=["conflicts_declared_at"])
    record(actor=by, action="conflicts_confirmed", obj=member)


def _conflicts_by_member(edition):
    from rallynov.awards.queries import conflicted_application_ids

    return {m.pk: conflicted_application_ids(m) for m in edition.jury.all()}


@transaction.atomic
def assign(*, member, application, by):
    """Assign a dossier to a member by hand; refused on a conflict of interest. Audited."""
    from rallynov.awards.queries import conflicted_application_ids

    if application.edition_id != member.edition_id:
        raise PrizeError("Ce dossier n'appartient pas à l'édition de ce jury.")
    if application.pk in conflicted_application_ids(member):
        raise PrizeError(f"{member} a déclaré un conflit d'intérêts avec ce dossier : affectation impossible.")
    assignment, created = Assignment.objects.get_or_create(member=member, application=application)
    if created:
        record(actor=by, action="assign", obj=application, changes={"member": [None, str(member)]})
    return assignment


@transaction.atomic
def unassign(*, assignment, by):
    if assignment.submitted_at:
        raise PrizeError("Cette évaluation est terminée : elle ne peut plus être retirée.")
    record(actor=by, action="unassign", obj=assignment.application, changes={"member": [str(assignment.member), None]})
    assignment.delete()


@transaction.atomic
def auto_assign(*, edition, by):
    """Give each reviewable dossier N members (edition.reviews_per_application), balancing the load
    and respecting conflicts. Returns (created, short) where `short` lists the references that could
    not reach N members (too few members without conflict). Audited once."""
    from rallynov.awards.queries import reviewable_applications

    members = list(edition.jury.order_by("pk"))
    if not members:
        raise PrizeError("Le jury de cette édition n'a aucun membre.")
    conflicts = _conflicts_by_member(edition)
    load = {m.pk: 0 for m in members}
    current = {}
    for member_id, app_id in Assignment.objects.filter(member__edition=edition).values_list("member_id", "application_id"):
        load[member_id] += 1
        current.setdefault(app_id, set()).add(member_id)
    new, short = [], []
    for application in reviewable_applications(edition).order_by("number"):
        have = current.setdefault(application.pk, set())
        needed = edition.reviews_per_application - len(have)
        candidates = sorted(
            (m for m in members if m.pk not in have and application.pk not in conflicts[m.pk]),
            key=lambda m: (load[m.pk], m.pk),
        )
        for member in candidates[: max(needed, 0)]:
            new.append(Assignment(member=member, application=application))
            load[member.pk] += 1
            have.add(member.pk)
        if len(have) < edition.reviews_per_application:
            short.append(application.reference)
    Assignment.objects.bulk_create(new)
    record(actor=by, action="auto_assign", obj=edition, changes={"assignments": [None, str(len(new))]})
    return len(new), short


def weighted_score(values, criteria):
    """Σ(weight × score) / Σ(weight), on the edition's scale."""
    total_weight = sum(Decimal(c.weight) for c in criteria)
    if not total_weight:
        return None
    return float(sum(Decimal(c.weight) * values[c.pk] for c in criteria) / total_weight)


@transaction.atomic
def save_review(*, assignment, scores, recommendation="", comment="", finish=False, by):
    """Save a member's scores: `scores` is {criterion_id: (value or None, comment)}. Values out of
    the scale are refused. `finish` requires every criterion and a recommendation and makes the
    review count in the ranking. Audited with the changed scores."""
    assignment = Assignment.objects.select_for_update().select_related("application__edition", "member").get(
        pk=assignment.pk
    )
    edition = assignment.application.edition
    if edition.deliberation_open or edition.is_published:
        raise PrizeError("La délibération est ouverte : les notes ne sont plus modifiables.")
    criteria = list(edition.criteria.all())
    errors = {}
    for criterion in criteria:
        value, _ = scores.get(criterion.pk, (None, ""))
        if value is None:
            if finish:
                errors[criterion.pk] = f"Notez le critère « {criterion.name} »."
        elif not edition.score_min <= value <= edition.score_max:
            errors[criterion.pk] = (
                f"La note de « {criterion.name} » doit être comprise entre {edition.score_min} et {edition.score_max}."
            )
    if finish and recommendation not in Outcome.values:
        errors["recommendation"] = "Choisissez une recommandation."
    if errors:
        raise PrizeError(errors)
    existing = {s.criterion_id: s for s in assignment.scores.all()}
    changes = {}
    for criterion in criteria:
        value, text = scores.get(criterion.pk, (None, ""))
        score = existing.get(criterion.pk)
        if value is None:
            if score is not None:
                changes[criterion.name] = [str(score.value), None]
                score.delete()
            continue
        if score is None:
            Score.objects.create(assignment=assignment, criterion=criterion, value=value, comment=text)
            changes[criterion.name] = [None, str(value)]
        elif score.value != value or score.comment != text:
            if score.value != value:
                changes[criterion.name] = [str(score.value), str(value)]
            score.value, score.comment = value, text
            score.save(update_fields=["value", "comment"])
    values = {c.pk: scores[c.pk][0] for c in criteria if scores.get(c.pk, (None,))[0] is not None}
    complete = len(values) == len(criteria)
    assignment.weighted_score = weighted_score(values, criteria) if complete else None
    assignment.recommendation = recommendation or ""
    assignment.comment = comment
    if finish:
        assignment.submitted_at = timezone.now()
    assignment.save(update_fields=["weighted_score", "recommendation", "comment", "submitted_at"])
    record(
        actor=by,
        action="score" if finish else "score_draft",
        obj=assignment.application,
        changes={**changes, "member": [None, str(assignment.member)]},
    )
    return assignment


def send_reminders(*, edition, by, now=None):
    """E-mail each member with unfinished reviews; returns the number of e-mails. Audited."""
    now = now or timezone.now()
    sent = 0
    for member in edition.jury.select_related("user", "person"):
        pending = member.assignments.filter(submitted_at__isnull=True).count()
        if not pending:
            continue
        body = render_to_string(
            "awards/email/reminder.txt",
            {
                "member": member,
                "edition": edition,
                "pending": pending,
                "url": _site_url(reverse("awards:jury", args=[edition.year])),
            },
        )
        EmailMessage(subject=f"Jury {edition.title} : {pending} dossier(s) à évaluer", body=body, to=[member.user.email]).send()
        JuryMember.objects.filter(pk=member.pk).update(reminded_at=now)
        sent += 1
    record(actor=by, action="remind", obj=edition, changes={"emails": [None, str(sent)]})
    return sent


# --- Deliberation and publication -----------------------------------------------------------------


@transaction.atomic
def open_deliberation(*, edition, by):
    """Scores freeze and every member may now see all scores. Audited."""
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if edition.deliberation_open:
        return edition
    edition.deliberation_open = True
    edition.save(update_fields=["deliberation_open", "updated_at"])
    record(actor=by, action="open_deliberation", obj=edition, changes={"deliberation_open": ["False", "True"]})
    return edition


@transaction.atomic
def record_decision(*, application, outcome, motive, by):
    """The jury president's decision on a dossier, with its motive; frozen once published."""
    edition = Edition.objects.select_for_update().get(pk=application.edition_id)
    if edition.is_published:
        raise PrizeError("Les résultats sont publiés : les décisions sont figées.")
    if not edition.deliberation_open:
        raise PrizeError("La délibération n'est pas encore ouverte.")
    if application.status not in (ApplicationStatus.SUBMITTED, ApplicationStatus.ELIGIBLE):
        raise PrizeError("Seul un dossier déposé et recevable peut recevoir une décision.")
    if outcome not in Outcome.values:
        raise PrizeError("Décision inconnue.")
    if not motive.strip():
        raise PrizeError("Le motif de la décision est obligatoire.")
    amount = {
        Outcome.LAUREATE: edition.prize_amount,
        Outcome.MENTION: edition.mention_amount,
        Outcome.NOT_SELECTED: Decimal(0),
    }[outcome]
    decision = Decision.objects.filter(application=application).first()
    before = [decision.outcome, decision.motive] if decision else [None, None]
    if decision is None:
        decision = Decision(application=application)
    decision.outcome, decision.motive, decision.amount, decision.decided_by = outcome, motive.strip(), amount, by
    decision.save()
    record(
        actor=by,
        action="decision",
        obj=application,
        changes={"outcome": [before[0], outcome], "motive": [before[1], decision.motive]},
    )
    return decision


def publication_problems(edition):
    """What stops publication: dossiers without decision, more laureates/mentions than planned."""
    from rallynov.awards.queries import reviewable_applications

    problems = []
    undecided = reviewable_applications(edition).filter(decision__isnull=True).count()
    if undecided:
        problems.append(f"{undecided} dossier(s) n'ont pas encore de décision.")
    counts = {o: Decision.objects.filter(application__edition=edition, outcome=o).count() for o in Outcome.values}
    if counts[Outcome.LAUREATE] > edition.prize_count:
        problems.append(f"{counts[Outcome.LAUREATE]} lauréats pour {edition.prize_count} prix prévus.")
    if counts[Outcome.MENTION] > edition.mention_count:
        problems.append(f"{counts[Outcome.MENTION]} mentions pour {edition.mention_count} prévues.")
    return problems


@transaction.atomic
def publish_results(*, edition, by, awarded_on=None):
    """Publish the decisions: they freeze, the laureate badge appears on the initiative sheets
    (initiatives.domain.set_laureate) and on the "Lauréats" page. Audited."""
    from rallynov.initiatives.domain import set_laureate

    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if edition.is_published:
        raise PrizeError("Les résultats de cette édition sont déjà publiés.")
    problems = publication_problems(edition)
    if problems:
        raise PrizeError(" ".join(problems))
    edition.published_at = timezone.now()
    edition.awarded_on = edition.awarded_on or awarded_on or timezone.localdate()
    edition.save(update_fields=["published_at", "awarded_on", "updated_at"])
    laureates = Decision.objects.filter(application__edition=edition, outcome=Outcome.LAUREATE).select_related(
        "application__initiative"
    )
    for decision in laureates:
        set_laureate(initiative=decision.application.initiative, year=edition.year, actor=by)
    record(actor=by, action="publish", obj=edition, changes={"published_at": [None, str(edition.published_at)]})
    return edition


DEFAULT_LETTERS = {
    Outcome.LAUREATE: (
        "{edition} : votre initiative est lauréate",
        "Madame, Monsieur,\n\nNous avons le plaisir de vous annoncer que le jury du {edition} a retenu "
        "l'initiative « {initiative} » de {structure} comme lauréate. Elle recevra un prix de {montant}.\n\n"
        "Motif du jury : {motif}\n\nLe prix vous sera remis lors de la cérémonie ; nous reviendrons vers vous "
        "pour l'organiser.\n\nAvec nos félicitations,\nL'équipe du programme",
    ),
    Outcome.MENTION: (
        "{edition} : une mention pour votre initiative",
        "Madame, Monsieur,\n\nLe jury du {edition} a décerné une mention à l'initiative « {initiative} » "
        "de {structure} ({montant}).\n\nMotif du jury : {motif}\n\nAvec nos félicitations,\nL'équipe du programme",
    ),
    Outcome.NOT_SELECTED: (
        "{edition} : réponse du jury",
        "Madame, Monsieur,\n\nNous vous remercions pour votre candidature « {initiative} » au {edition}. "
        "Le jury ne l'a pas retenue parmi les lauréats cette année.\n\nAppréciation du jury : {motif}\n\n"
        "Votre initiative reste dans le catalogue des innovations sociales de la région. Nous vous "
        "encourageons à candidater de nouveau.\n\nBien cordialement,\nL'équipe du programme",
    ),
}


class _Safe(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def render_letter(application):
    """(subject, body) of the letter for a dossier: the edition's template for its outcome, else the
    default French one. Placeholders are filled with plain values only (no code is evaluated)."""
    decision = application.decision
    template = application.edition.letter_templates.filter(outcome=decision.outcome).first()
    subject, body = (template.subject, template.body) if template else DEFAULT_LETTERS[decision.outcome]
    amount = f"{decision.amount:,.0f}".replace(",", "\u202f") + " €"
    values = _Safe(
        structure=application.organization.name,
        initiative=application.initiative.title,
        edition=application.edition.title,
        annee=str(application.edition.year),
        montant=amount,
        motif=decision.motive,
        reference=application.reference,
    )
    return subject.format_map(values), body.format_map(values)


def send_letters(*, edition, by, resend=False):
    """Send the letter to every applicant with a decision (laureate or not) once published.
    Returns the number sent. Audited per dossier."""
    edition = Edition.objects.get(pk=edition.pk)
    if not edition.is_published:
        raise PrizeError("Publiez d'abord les résultats.")
    sent = 0
    applications = edition.applications.filter(decision__isnull=False).select_related(
        "applicant", "organization", "initiative", "decision", "edition"
    )
    if not resend:
        applications = applications.filter(letter_sent_at__isnull=True)
    for application in applications:
        if not application.applicant or not application.applicant.email:
            continue
        subject, body = render_letter(application)
        EmailMessage(subject=subject, body=body, to=[application.applicant.email]).send()
        Application.objects.filter(pk=application.pk).update(letter_sent_at=timezone.now())
        record(actor=by, action="letter", obj=application, changes={"outcome": [None, application.decision.outcome]})
        sent += 1
    return sent
