"""Personal data kept by the prize (RGPD register)."""

from django.utils import timezone

from rallynov.core.privacy import Processing


def anonymise_applications(queryset):
    """Keep the dossier (the edition's counts and laureates stay true) but drop who carried it."""
    return queryset.update(applicant=None, contact_name="", contact_phone="", updated_at=timezone.now())


def anonymise_jury(queryset):
    """A juror's scores stay (the ranking must remain explainable) but no longer point to a person."""
    from rallynov.awards.models import Conflict

    Conflict.objects.filter(member__in=queryset).update(reason="(effacé)")
    return queryset.update(person=None)


PROCESSING = [
    Processing(
        model="awards.Application",
        name="Candidatures au prix de l'innovation sociale",
        purpose="Instruire les candidatures, réunir le jury, informer les candidats et suivre les lauréats.",
        legal_basis="mission d'intérêt public (programme financé par l'État, la Région et le FSE)",
        fields=("applicant", "contact_name", "contact_phone", "answers"),
        retention="5 ans après l'édition (contrôle des financements européens), puis anonymisation",
        retention_days=5 * 365,
        date_field="created_at",
        email_field="applicant__email",
        recipients="Équipe du programme ; membres du jury pour les dossiers qui leur sont confiés",
        anonymise=anonymise_applications,
    ),
    Processing(
        model="awards.JuryMember",
        name="Membres du jury du prix",
        purpose="Organiser l'évaluation des candidatures, gérer les conflits d'intérêts et rendre la délibération explicable.",
        legal_basis="intérêt légitime",
        fields=("user", "person", "conflicts"),
        retention="5 ans après l'édition",
        retention_days=5 * 365,
        date_field="edition__closes_at",
        email_field="user__email",
        recipients="Équipe du programme",
        anonymise=anonymise_jury,
    ),
]
