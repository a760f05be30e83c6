"""Deliberation and publication: decisions, what stops publication, publishing."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from rallynov.awards.domain.common import PrizeError
from rallynov.awards.domain.laureate_sheets import publish_laureate_sheet
from rallynov.awards.enums import ApplicationStatus, Outcome
from rallynov.awards.models import Application, Decision, Edition
from rallynov.awards.prizes import decision_amount
from rallynov.awards.queries import reviewable_applications
from rallynov.awards.rules import decision_rights
from rallynov.core.audit import record
from rallynov.initiatives.domain import set_laureate


@transaction.atomic
def open_deliberation(*, edition, by):
    """Scores freeze and every member may now see all scores. Audited."""
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if edition.deliberation_open:
        return edition
    edition.deliberation_open = True
    edition.save(update_fields=["deliberation_open", "updated_at"])
    record(
        actor=by, action="open_deliberation", obj=edition, changes={"deliberation_open": ["False", "True"]}
    )
    return edition


@transaction.atomic
def record_decision(*, application, outcome, motive, by):
    """The jury's decision on a dossier, with its motive; frozen once published.

    `by` must hold the right to decide it (awards.rules.decision_rights): the president, unless in
    conflict with the dossier; then the vice-president named on the edition or the programme team.
    A member in conflict with the dossier never decides it. The journal entry names the role `by`
    decided in and, when the president is in conflict, says so (« président en conflit »)."""
    edition = Edition.objects.select_for_update().get(pk=application.edition_id)
    right = None
    if getattr(by, "is_authenticated", False):
        # Asked of the locked edition: a vice-president named a moment ago counts.
        right = decision_rights(by, edition, Application.objects.filter(pk=application.pk)).get(
            application.pk
        )
    if right is None:
        raise PrizeError(_("Vous ne pouvez pas décider de ce dossier."))
    if edition.is_published:
        raise PrizeError(_("Les résultats sont publiés : les décisions sont figées."))
    if not edition.deliberation_open:
        raise PrizeError(_("La délibération n'est pas encore ouverte."))
    if application.status not in (ApplicationStatus.SUBMITTED, ApplicationStatus.ELIGIBLE):
        raise PrizeError(_("Seul un dossier déposé et recevable peut recevoir une décision."))
    if outcome not in Outcome.values:
        raise PrizeError(_("Décision inconnue."))
    if not motive.strip():
        raise PrizeError(_("Le motif de la décision est obligatoire."))
    amount = decision_amount(edition, outcome)
    decision = Decision.objects.filter(application=application).first()
    before = [decision.outcome, decision.motive] if decision else [None, None]
    if decision is None:
        decision = Decision(application=application)
    decision.outcome, decision.motive, decision.amount, decision.decided_by = (
        outcome,
        motive.strip(),
        amount,
        by,
    )
    decision.save()
    # The journal is written in the site's language whoever reads the screen (« président en conflit »).
    with translation.override(settings.LANGUAGE_CODE):
        decided_as, reason = right.role_label, right.reason
    record(
        actor=by,
        action="decision",
        obj=application,
        changes={
            "outcome": [before[0], outcome],
            "motive": [before[1], decision.motive],
            "decided_as": [None, decided_as],
        },
        note=reason,
    )
    return decision


def publication_problems(edition):
    """What stops publication: dossiers without decision, more laureates/mentions than planned."""
    problems = []
    undecided = reviewable_applications(edition).filter(decision__isnull=True).count()
    if undecided:
        problems.append(_("%(count)s dossier(s) n'ont pas encore de décision.") % {"count": undecided})
    counts = {
        o: Decision.objects.filter(application__edition=edition, outcome=o).count() for o in Outcome.values
    }
    if counts[Outcome.LAUREATE] > edition.prize_count:
        problems.append(
            _("%(count)s lauréats pour %(planned)s prix prévus.")
            % {"count": counts[Outcome.LAUREATE], "planned": edition.prize_count}
        )
    if counts[Outcome.MENTION] > edition.mention_count:
        problems.append(
            _("%(count)s mentions pour %(planned)s prévues.")
            % {"count": counts[Outcome.MENTION], "planned": edition.mention_count}
        )
    return problems


@transaction.atomic
def publish_results(*, edition, by, awarded_on=None):
    """Publish the decisions: they freeze, the laureate badge appears on the initiative sheets
    (initiatives.domain.set_laureate) and on the "Lauréats" page. Audited."""
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if edition.is_published:
        raise PrizeError(_("Les résultats de cette édition sont déjà publiés."))
    problems = publication_problems(edition)
    if problems:
        raise PrizeError(" ".join(problems))
    edition.published_at = timezone.now()
    edition.awarded_on = edition.awarded_on or awarded_on or timezone.localdate()
    edition.save(update_fields=["published_at", "awarded_on", "updated_at"])
    laureates = Decision.objects.filter(
        application__edition=edition, outcome=Outcome.LAUREATE
    ).select_related("application__initiative", "application__organization")
    for decision in laureates:
        set_laureate(initiative=decision.application.initiative, year=edition.year, actor=by)
        # The sheet goes public with the results, or to the team's moderation queue with a reminder.
        publish_laureate_sheet(
            initiative=decision.application.initiative,
            edition=edition,
            organization=decision.application.organization,
            by=by,
        )
    record(
        actor=by, action="publish", obj=edition, changes={"published_at": [None, str(edition.published_at)]}
    )
    return edition
