"""The answers offered for the FSE+ common indicators (Regulation (EU) 2021/1057, Annex I)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    # Annex I: personal data are broken down by gender (female, male, non-binary).
    FEMALE = "female", _("Femme")
    MALE = "male", _("Homme")
    NON_BINARY = "non_binary", _("Non binaire")


class AgeBand(models.TextChoices):
    # Annex I counts participants below 30 and above 54 years of age (age when joining).
    UNDER_18 = "under_18", _("Moins de 18 ans")
    FROM_18_TO_29 = "18_29", _("18 à 29 ans")
    FROM_30_TO_54 = "30_54", _("30 à 54 ans")
    FROM_55 = "55_plus", _("55 ans et plus")


class LabourStatus(models.TextChoices):
    EMPLOYED = "employed", _("En emploi (salarié·e)")
    SELF_EMPLOYED = "self_employed", _("En emploi (indépendant·e, chef·fe d'entreprise)")
    UNEMPLOYED = "unemployed", _("Demandeur·se d'emploi depuis moins de 12 mois")
    LONG_TERM_UNEMPLOYED = "long_term", _("Demandeur·se d'emploi depuis 12 mois ou plus")
    INACTIVE = "inactive", _("Inactif·ve (ni en emploi ni en recherche d'emploi : études, retraite…)")


class EducationLevel(models.TextChoices):
    ISCED_0_2 = "isced_0_2", _("Collège ou moins (CITE 0 à 2)")
    ISCED_3_4 = "isced_3_4", _("Lycée, CAP, BEP, baccalauréat ou post-bac non supérieur (CITE 3 et 4)")
    ISCED_5_8 = "isced_5_8", _("Enseignement supérieur (CITE 5 à 8)")


# The "other common output indicators" of Annex I; those marked ** there are special categories
# of personal data (art. 9 RGPD). All six are kept in the restricted record.
SENSITIVE_FIELDS = (
    ("disability", _("Personne en situation de handicap"), True),
    ("third_country_national", _("Ressortissant·e d'un pays hors Union européenne"), False),
    ("foreign_background", _("Personne d'origine étrangère"), False),
    (
        "minority",
        _("Personne appartenant à une minorité (y compris communautés marginalisées telles que les Roms)"),
        True,
    ),
    ("homeless", _("Personne sans domicile ou exclue du logement"), False),
    ("rural_area", _("Personne vivant en zone rurale"), False),
)
PROFILE_FIELDS = ("gender", "age_band", "labour_status", "education_level")
