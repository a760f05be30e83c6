"""The two FSE+ processings of the RGPD register (declared in `events.privacy.PROCESSING`)."""

from django.utils import timezone

from rallynov.core.privacy import Processing
from rallynov.events.fse.enums import PROFILE_FIELDS, SENSITIVE_FIELDS
from rallynov.events.fse.models import PROFILE_RETENTION_DAYS, SENSITIVE_RETENTION_DAYS

SENSITIVE_NAMES = tuple(name for name, _label, _special in SENSITIVE_FIELDS)


def anonymise_profiles(queryset):
    return queryset.update(**dict.fromkeys(PROFILE_FIELDS, ""), erased_at=timezone.now())


def anonymise_sensitive(queryset):
    return queryset.update(**dict.fromkeys(SENSITIVE_NAMES), erased_at=timezone.now())


PROCESSING = [
    Processing(
        model="events.ParticipantProfile",
        name="Indicateurs FSE+ des participants",
        purpose=(
            "Rendre compte au Fonds social européen Plus, qui cofinance certains événements, de ses indicateurs "
            "communs de réalisation (règlement (UE) 2021/1057, annexe I) : participants par genre, tranche "
            "d'âge, situation sur le marché du travail et niveau d'études, publiés seulement en comptages "
            "(cases de moins de 5 personnes masquées)."
        ),
        legal_basis="consentement (case distincte, facultative)",
        fields=PROFILE_FIELDS,
        retention="5 ans après l'événement (pièces justificatives, règlement (UE) 2021/1060, art. 82)",
        retention_days=PROFILE_RETENTION_DAYS,
        date_field="registration__event__starts_at",
        email_field="registration__email",
        recipients="Équipe du programme ; autorité de gestion du FSE+ (comptages seulement)",
        anonymise=anonymise_profiles,
    ),
    Processing(
        model="events.ParticipantSensitiveProfile",
        name="Indicateurs FSE+ : autres caractéristiques (données sensibles)",
        purpose=(
            "Rendre compte au FSE+ des participants en situation de handicap, ressortissants de pays tiers, "
            "d'origine étrangère, appartenant à une minorité, sans domicile ou vivant en zone rurale. Handicap "
            "et minorité sont des catégories particulières (RGPD, art. 9) : accès réservé au rôle « Rapports "
            "aux financeurs » et aux super-utilisateurs."
        ),
        legal_basis="consentement explicite (RGPD, art. 9.2.a), case distincte et facultative",
        fields=SENSITIVE_NAMES,
        retention="13 mois après l'événement (le temps de transmettre et contrôler les indicateurs de l'année)",
        retention_days=SENSITIVE_RETENTION_DAYS,
        date_field="registration__event__starts_at",
        email_field="registration__email",
        recipients="Rôle « Rapports aux financeurs » ; autorité de gestion du FSE+ (comptages seulement)",
        anonymise=anonymise_sensitive,
    ),
]
