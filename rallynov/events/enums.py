from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    REGIONAL_MEETING = "rencontre", _("Rencontre régionale")
    SEMINAR = "seminaire", _("Séminaire")
    WORKSHOP = "atelier", _("Atelier / défi")
    FAIR = "salon", _("Salon")
    TOUR_STAGE = "tournee", _("Étape de la tournée")
    PRIZE_CEREMONY = "remise_prix", _("Remise des prix")
    WEBINAR = "webinaire", _("Webinaire")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmee", _("Confirmée")
    WAITING = "attente", _("Liste d'attente")
    OFFERED = "proposee", _("Place proposée")
    CANCELLED = "annulee", _("Annulée")
    EXPIRED = "expiree", _("Proposition expirée")


# A place is held by a confirmed registration and by an offer not yet answered.
HOLDING_STATUSES = (RegistrationStatus.CONFIRMED, RegistrationStatus.OFFERED)
ACTIVE_STATUSES = (RegistrationStatus.CONFIRMED, RegistrationStatus.OFFERED, RegistrationStatus.WAITING)


class RegistrationSource(models.TextChoices):
    ONLINE = "en_ligne", _("En ligne")
    STAFF = "equipe", _("Par l'équipe")
    WALK_IN = "sur_place", _("Sur place")


class QuestionKind(models.TextChoices):
    TEXT = "texte", _("Texte libre")
    CHOICE = "choix", _("Choix dans une liste")
    YES_NO = "oui_non", _("Oui / non")


class VideoKind(models.TextChoices):
    REPLAY = "replay", _("Replay d'un événement")
    CONFERENCE = "conference", _("Conférence")
    LAUREATES = "laureats", _("Lauréats")
    OTHER = "autre", _("Autre")


class RegistrationRole(models.TextChoices):
    EMPLOYEE = "salarie", _("Salarié·e")
    MANAGER = "direction", _("Direction, encadrement")
    ELECTED = "elu", _("Élu·e, représentant·e institutionnel·le")
    SUPPORT = "accompagnement", _("Accompagnement, conseil, réseau")
    STUDENT = "etudiant", _("Étudiant·e")
    RETIRED = "retraite", _("Retraité·e")
    OTHER = "autre", _("Autre")
