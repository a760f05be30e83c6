"""The letters sent to applicants once the results are published."""

from django.core.mail import EmailMessage
from django.utils import timezone
from django.utils.translation import gettext as _

from rallynov.awards.domain.common import PrizeError
from rallynov.awards.enums import Outcome
from rallynov.awards.models import (
    Application,
    Edition,
)
from rallynov.awards.prizes import amount_text
from rallynov.core.audit import record

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
    amount = amount_text(decision.amount)  # « montant non communiqué » when unknown, never « 0 € »
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
        raise PrizeError(_("Publiez d'abord les résultats."))
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
        record(
            actor=by,
            action="letter",
            obj=application,
            changes={"outcome": [None, application.decision.outcome]},
        )
        sent += 1
    return sent
