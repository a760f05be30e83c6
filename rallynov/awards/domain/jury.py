"""The jury: members, conflicts, assignments, reviews and reminders.

Conflicts of interest are decided by awards.conflicts alone: a member in conflict with a dossier is
never assigned it, never scores it and is never reminded of it.
"""

from decimal import Decimal

from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from rallynov.accounts import roles
from rallynov.accounts.domain import add_to_group
from rallynov.awards.conflicts import conflicted_applications, is_in_conflict
from rallynov.awards.domain.common import PrizeError, site_url
from rallynov.awards.enums import Outcome
from rallynov.awards.models import Assignment, Conflict, Edition, JuryMember, Score
from rallynov.awards.queries import reviewable_applications
from rallynov.core.audit import record


@transaction.atomic
def add_jury_member(*, edition, user, person=None, is_president=False, by=None):
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
        raise PrizeError(_("Choisissez la structure ou le dossier concerné."))
    if not reason.strip():
        raise PrizeError(_("Indiquez la nature du lien d'intérêts."))
    if member.edition.is_published:
        raise PrizeError(_("Les résultats sont publiés : la déclaration est close."))
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
        changes={
            "conflict": [None, str(organization or application)],
            "assignments_removed": [None, ", ".join(removed)],
        },
        note=reason,
    )
    return conflict


@transaction.atomic
def confirm_no_other_conflict(*, member, by):
    member.conflicts_declared_at = timezone.now()
    member.save(update_fields=["conflicts_declared_at"])
    record(actor=by, action="conflicts_confirmed", obj=member)


@transaction.atomic
def name_vice_president(*, edition, member, by):
    """Name the jury member who decides, instead of the president, the dossiers the president is in
    conflict with (None: nobody, the programme team decides them). Audited."""
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if member is not None and (member.edition_id != edition.pk or member.is_president):
        raise PrizeError(_("Choisissez un membre du jury de cette édition qui n'en est pas le président."))
    before = edition.vice_president
    if (before.pk if before else None) == (member.pk if member else None):
        return edition
    edition.vice_president = member
    edition.save(update_fields=["vice_president", "updated_at"])
    record(
        actor=by,
        action="vice_president",
        obj=edition,
        changes={"vice_president": [str(before) if before else None, str(member) if member else None]},
    )
    return edition


@transaction.atomic
def assign(*, member, application, by):
    """Assign a dossier to a member by hand; refused on a conflict of interest. Audited."""
    if application.edition_id != member.edition_id:
        raise PrizeError(_("Ce dossier n'appartient pas à l'édition de ce jury."))
    if is_in_conflict(member, application):
        raise PrizeError(
            _("%(member)s est en conflit d'intérêts avec ce dossier : affectation impossible.")
            % {"member": member}
        )
    assignment, created = Assignment.objects.get_or_create(member=member, application=application)
    if created:
        record(actor=by, action="assign", obj=application, changes={"member": [None, str(member)]})
    return assignment


@transaction.atomic
def auto_assign(*, edition, by):
    """Give each reviewable dossier N members (edition.reviews_per_application), balancing the load
    and respecting conflicts. Returns (created, short) where `short` lists the references that could
    not reach N members (too few members without conflict). Audited once."""
    members = list(edition.jury.order_by("pk"))
    if not members:
        raise PrizeError(_("Le jury de cette édition n'a aucun membre."))
    conflicts = {m.pk: set(conflicted_applications(m).values_list("pk", flat=True)) for m in members}
    load = {m.pk: 0 for m in members}
    current = {}
    for member_id, app_id in Assignment.objects.filter(member__edition=edition).values_list(
        "member_id", "application_id"
    ):
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
    review count in the ranking. Refused to a member in conflict with the dossier, even if the
    assignment was made before the conflict was known. Audited with the changed scores."""
    assignment = (
        Assignment.objects.select_for_update()
        .select_related("application__edition", "member")
        .get(pk=assignment.pk)
    )
    edition = assignment.application.edition
    if is_in_conflict(assignment.member, assignment.application):
        raise PrizeError(_("Vous êtes en conflit d'intérêts avec ce dossier : vous ne pouvez pas l'évaluer."))
    if edition.deliberation_open or edition.is_published:
        raise PrizeError(_("La délibération est ouverte : les notes ne sont plus modifiables."))
    criteria = list(edition.criteria.all())
    errors = {}
    for criterion in criteria:
        value, _note = scores.get(criterion.pk, (None, ""))
        if value is None:
            if finish:
                errors[criterion.pk] = _("Notez le critère « %(criterion)s ».") % {
                    "criterion": criterion.name
                }
        elif not edition.score_min <= value <= edition.score_max:
            errors[criterion.pk] = _(
                "La note de « %(criterion)s » doit être comprise entre %(min)s et %(max)s."
            ) % {
                "criterion": criterion.name,
                "min": edition.score_min,
                "max": edition.score_max,
            }
    if finish and recommendation not in Outcome.values:
        errors["recommendation"] = _("Choisissez une recommandation.")
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
    """E-mail each member with unfinished reviews (dossiers they are in conflict with do not count,
    even if assigned before the conflict was known); returns the number of e-mails. Audited."""
    now = now or timezone.now()
    sent = 0
    for member in edition.jury.select_related("user", "person"):
        pending = (
            member.assignments.filter(submitted_at__isnull=True)
            .exclude(application__in=conflicted_applications(member).values("pk"))
            .count()
        )
        if not pending:
            continue
        body = render_to_string(
            "awards/email/reminder.txt",
            {
                "member": member,
                "edition": edition,
                "pending": pending,
                "url": site_url(reverse("awards:jury", args=[edition.year])),
            },
        )
        subject = _("Jury %(edition)s : %(count)s dossier(s) à évaluer") % {
            "edition": edition.title,
            "count": pending,
        }
        EmailMessage(subject=subject, body=body, to=[member.user.email]).send()
        JuryMember.objects.filter(pk=member.pk).update(reminded_at=now)
        sent += 1
    record(actor=by, action="remind", obj=edition, changes={"emails": [None, str(sent)]})
    return sent
