from django.utils import timezone

from rallynov.core.privacy import Processing


def anonymise_registrations(queryset):
    """Blank who the person is; keep the event, status, presence, structure and department, so that
    an erased participant still counts as a participant and their structure as represented."""
    from rallynov.events.models import Feedback

    Feedback.objects.filter(registration__in=queryset).update(comment="")
    # The survey invitation copied the name and e-mail; the answers stay, without the person.
    from django.apps import apps

    if apps.is_installed("rallynov.studies"):
        from rallynov.studies.models import Invitation

        Invitation.objects.filter(event_registration__in=queryset).update(name="", email="", organization=None)
    return queryset.update(
        first_name="",
        last_name="Personne effacée",
        email="",
        job_title="",
        needs="",
        answers={},
        user=None,
        search_key="",
        erased_at=timezone.now(),
    )


PROCESSING = [
    Processing(
        model="events.Registration",
        name="Inscriptions aux événements",
        purpose=(
            "Organiser les événements du programme (places, liste d'attente, accueil, badges), envoyer le "
            "questionnaire de satisfaction et compter les participants et structures représentées pour les bilans."
        ),
        legal_basis="consentement (inscription en ligne) ; intérêt légitime (accueil sur place)",
        fields=("first_name", "last_name", "email", "job_title", "needs", "answers"),
        retention="3 ans après l'événement (les comptages sont conservés sans les noms)",
        retention_days=3 * 365,
        date_field="event__starts_at",
        email_field="email",
        recipients="Équipe du programme ; partenaires organisateurs de l'événement (liste d'émargement)",
        anonymise=anonymise_registrations,
    ),
]

# FSE+ answers of the participants of co-financed events (events.fse).
from rallynov.events.fse.privacy import PROCESSING as FSE_PROCESSING  # noqa: E402

PROCESSING += FSE_PROCESSING
