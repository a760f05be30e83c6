from django.utils import timezone

from rallynov.core.privacy import Processing


def anonymise_submissions(queryset):
    """The report stays (counts and moderation history), the submitter's identity goes."""
    return queryset.update(submitter_name="Personne effacée", submitter_email="", updated_at=timezone.now())


def anonymise_contacts(queryset):
    """The sheet stays published without its contact."""
    return queryset.update(contact_name="", contact_email="", contact_consent_at=None)


PROCESSING = [
    Processing(
        model="initiatives.Submission",
        name="Signalements d'innovations sociales",
        purpose="Étudier un signalement public, en accuser réception et recontacter la personne qui l'a fait.",
        legal_basis="consentement",
        fields=("submitter_name", "submitter_email"),
        retention="3 ans après le signalement",
        retention_days=3 * 365,
        date_field="created_at",
        email_field="submitter_email",
        recipients="Équipe du programme (modération)",
        anonymise=anonymise_submissions,
    ),
    Processing(
        model="initiatives.InitiativePage",
        name="Contact affiché sur les fiches d'initiatives",
        purpose="Permettre au public de contacter la structure qui porte une initiative.",
        legal_basis="consentement",
        fields=("contact_name", "contact_email"),
        retention="tant que la fiche est publiée et que l'accord n'est pas retiré",
        retention_days=None,
        date_field="contact_consent_at",
        email_field="contact_email",
        recipients="Public (fiche en ligne, API ouverte), équipe du programme",
        anonymise=anonymise_contacts,
    ),
]
