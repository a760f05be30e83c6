from django.utils import timezone

from rallynov.core.privacy import Processing


def anonymise_people(queryset):
    """Blank the personal fields; the person stays countable as "personne effacée"."""
    return queryset.update(
        first_name="",
        last_name="Personne effacée",
        email="",
        phone="",
        job_title="",
        bio="",
        consent_text="",
        user=None,
        erased_at=timezone.now(),
    )


PROCESSING = [
    Processing(
        model="organizations.Person",
        name="Annuaire des contacts du programme",
        purpose="Contacter les personnes des structures, intervenants et représentants dans le cadre du programme.",
        legal_basis="intérêt légitime (contacts professionnels) ; consentement pour la publication",
        fields=("first_name", "last_name", "email", "phone", "job_title", "bio"),
        retention="3 ans après la dernière mise à jour",
        retention_days=3 * 365,
        date_field="updated_at",
        email_field="email",
        anonymise=anonymise_people,
    ),
]
