"""What a programme harvests (HarvestSource) and where each harvested sheet came from (HarvestedSheet)."""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from rallynov.core.models import TimestampedMixin


class HarvestFormat(models.TextChoices):
    AUTO = "auto", _("Détecter (d'après le type de contenu)")
    CSV = "csv", _("CSV (UTF-8, séparateur « ; » ou « , »)")
    JSON = "json", _("JSON (liste d'objets)")


class HarvestSchedule(models.TextChoices):
    MANUAL = "manual", _("À la demande")
    DAILY = "daily", _("Chaque jour")
    WEEKLY = "weekly", _("Chaque semaine")


SCHEDULE_PERIODS = {
    HarvestSchedule.DAILY: datetime.timedelta(days=1),
    HarvestSchedule.WEEKLY: datetime.timedelta(days=7),
}


class HarvestSource(TimestampedMixin):
    """An external catalogue (a partner's CSV or JSON at a URL) that a programme harvests."""

    programme = models.ForeignKey(
        "core.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="harvest_sources",
    )
    name = models.CharField(_("nom"), max_length=200)
    url = models.URLField(_("adresse du catalogue"), max_length=500)
    format = models.CharField(
        _("format"), max_length=10, choices=HarvestFormat.choices, default=HarvestFormat.AUTO
    )
    column_mapping = models.JSONField(
        _("correspondance des colonnes"),
        default=dict,
        blank=True,
        help_text=_(
            'Colonne de la source → colonne de l\'import, par exemple {"titre": "name", "ville": "commune"}. '
            "Les colonnes qui portent déjà le nom d'une colonne de l'import sont lues telles quelles ; "
            "« id » désigne l'identifiant stable d'une ligne dans la source."
        ),
    )
    theme_mapping = models.JSONField(
        _("correspondance des thèmes"),
        default=dict,
        blank=True,
        help_text=_(
            'Thème de la source → thème du catalogue, par exemple {"Mobilité durable": "Covoiturage"}.'
        ),
    )
    schedule = models.CharField(
        _("fréquence"), max_length=10, choices=HarvestSchedule.choices, default=HarvestSchedule.WEEKLY
    )
    active = models.BooleanField(_("active"), default=True)
    last_run_at = models.DateTimeField(_("dernière moisson"), null=True, blank=True)
    last_status = models.CharField(_("résultat"), max_length=20, blank=True)
    last_message = models.TextField(_("compte rendu"), blank=True)

    panels = [
        FieldPanel("programme"),
        FieldPanel("name"),
        FieldPanel("url"),
        FieldPanel("format"),
        MultiFieldPanel(
            [FieldPanel("column_mapping"), FieldPanel("theme_mapping")], heading=_("Correspondances")
        ),
        FieldPanel("schedule"),
        FieldPanel("active"),
    ]

    class Meta:
        verbose_name = _("source moissonnée")
        verbose_name_plural = _("sources moissonnées")
        ordering = ["programme", "name"]

    def __str__(self):
        return f"{self.name} ({self.programme})"

    def is_due(self, now=None):
        """Is an automatic harvest due (`rallynov harvest` without --source)?"""
        period = SCHEDULE_PERIODS.get(self.schedule)
        if not self.active or period is None:
            return False
        return self.last_run_at is None or self.last_run_at + period <= (now or timezone.now())


class HarvestedSheet(models.Model):
    """The source of a harvested initiative: which catalogue, which row, when, and the sheets it
    may duplicate (for the moderator)."""

    source = models.ForeignKey(
        HarvestSource, verbose_name=_("source"), on_delete=models.CASCADE, related_name="sheets"
    )
    initiative = models.OneToOneField(
        "initiatives.InitiativePage",
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="harvest",
    )
    external_key = models.CharField(_("identifiant dans la source"), max_length=255)
    harvested_at = models.DateTimeField(_("moissonnée le"), default=timezone.now)
    possible_duplicates = models.JSONField(_("doublons possibles"), default=list, blank=True)

    class Meta:
        verbose_name = _("fiche moissonnée")
        verbose_name_plural = _("fiches moissonnées")
        constraints = [
            models.UniqueConstraint(fields=["source", "external_key"], name="harvest_sheet_unique")
        ]

    def __str__(self):
        return f"{self.source.name} : {self.external_key}"
