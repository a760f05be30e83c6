from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnershipRole(models.TextChoices):
    CO_PILOT = "copilote", _("Copilote")
    PARTNER = "partenaire", _("Partenaire")
    FUNDER = "financeur", _("Financeur")
    ORGANISING_COMMITTEE = "comite", _("Membre du comité d'organisation")


class FundingSource(models.TextChoices):
    STATE = "etat", _("État (DREETS, ex-Direccte)")
    REGION = "region", _("Région")
    ESF = "fse", _("Fonds social européen (FSE)")
    OTHER_PUBLIC = "autre_public", _("Autre financement public")
    PRIVATE = "prive", _("Financement privé")
