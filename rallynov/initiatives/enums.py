from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    INTERVIEW = "entretien", _("Entretien")
    PRIZE = "candidature", _("Candidature au prix")
    PARTNER = "partenaire", _("Signalement d'un partenaire")
    PUBLIC = "public", _("Signalement public")
    IMPORT = "import", _("Import")


class Status(models.TextChoices):
    ACTIVE = "active", _("En cours")
    PILOT = "experimentation", _("En expérimentation")
    ENDED = "terminee", _("Terminée")
    UNKNOWN = "inconnu", _("Non renseigné")
