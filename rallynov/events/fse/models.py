"""The FSE+ answers of one registration, in two records with their own consent (see package doc).

Imported by `events.models`, so that Django finds them in the events app."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from rallynov.core.models import GeneratedMixin, GeneratedQuerySet, TimestampedMixin
from rallynov.events.fse.enums import SENSITIVE_FIELDS, AgeBand, EducationLevel, Gender, LabourStatus

# Retention (RGPD register, `rallynov purge`). Common Provisions Regulation (EU) 2021/1060, art. 82:
# supporting documents are kept five years from the end of the year of the last payment; the
# special categories only until the year's indicators are sent to the managing authority (by
# 31 January of the next year) and checked: 13 months after the event.
PROFILE_RETENTION_DAYS = 5 * 365
SENSITIVE_RETENTION_DAYS = 400


class ParticipantProfile(GeneratedMixin, TimestampedMixin):
    """Gender, age band, labour-market status and education level of one participant."""

    registration = models.OneToOneField(
        "events.Registration",
        on_delete=models.CASCADE,
        related_name="fse_profile",
        verbose_name=_("inscription"),
    )
    gender = models.CharField(_("genre"), max_length=12, choices=Gender.choices, blank=True)
    age_band = models.CharField(
        _("tranche d'âge à l'entrée"), max_length=10, choices=AgeBand.choices, blank=True
    )
    labour_status = models.CharField(
        _("situation sur le marché du travail"), max_length=15, choices=LabourStatus.choices, blank=True
    )
    education_level = models.CharField(
        _("niveau d'études"), max_length=10, choices=EducationLevel.choices, blank=True
    )
    consent_at = models.DateTimeField(_("consentement FSE+ donné le"))
    erased_at = models.DateTimeField(_("effacé le"), null=True, blank=True)

    objects = GeneratedQuerySet.as_manager()

    class Meta:
        verbose_name = _("profil FSE+ d'un participant")
        verbose_name_plural = _("profils FSE+ des participants")

    def __str__(self):
        return f"FSE+ — {self.registration_id}"


class ParticipantSensitiveProfile(GeneratedMixin, TimestampedMixin):
    """The other characteristics of Annex I (disability, minority: special categories, art. 9
    RGPD). Read only with the permission `events.view_fse_sensitive`; None: not answered."""

    registration = models.OneToOneField(
        "events.Registration",
        on_delete=models.CASCADE,
        related_name="fse_sensitive",
        verbose_name=_("inscription"),
    )
    disability = models.BooleanField(SENSITIVE_FIELDS[0][1], null=True, blank=True)
    third_country_national = models.BooleanField(SENSITIVE_FIELDS[1][1], null=True, blank=True)
    foreign_background = models.BooleanField(SENSITIVE_FIELDS[2][1], null=True, blank=True)
    minority = models.BooleanField(SENSITIVE_FIELDS[3][1], null=True, blank=True)
    homeless = models.BooleanField(SENSITIVE_FIELDS[4][1], null=True, blank=True)
    rural_area = models.BooleanField(SENSITIVE_FIELDS[5][1], null=True, blank=True)
    explicit_consent_at = models.DateTimeField(_("consentement explicite donné le"))
    erased_at = models.DateTimeField(_("effacé le"), null=True, blank=True)

    objects = GeneratedQuerySet.as_manager()

    class Meta:
        verbose_name = _("données sensibles FSE+ d'un participant")
        verbose_name_plural = _("données sensibles FSE+ des participants")
        default_permissions = ()
        permissions = [
            ("view_fse_sensitive", _("Voir les catégories particulières de données FSE+ des participants")),
        ]

    def __str__(self):
        return f"FSE+ (restreint) — {self.registration_id}"
