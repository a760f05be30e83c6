from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Texte court")
    LONG_TEXT = "long_text", _("Texte long")
    CHOICE = "choice", _("Choix")
    NUMBER = "number", _("Nombre")
    FILE = "file", _("Fichier")


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Déposé")
    REOPENED = "reopened", _("Rouvert pour compléments")
    ELIGIBLE = "eligible", _("Recevable")
    INELIGIBLE = "ineligible", _("Non recevable")


# The applicant may edit in these states only.
EDITABLE_STATUSES = (ApplicationStatus.DRAFT, ApplicationStatus.REOPENED)
# Dossiers that count as "submitted applications" in the figures.
SUBMITTED_STATUSES = (ApplicationStatus.SUBMITTED, ApplicationStatus.ELIGIBLE, ApplicationStatus.INELIGIBLE)


class Outcome(models.TextChoices):
    LAUREATE = "laureate", _("Lauréat")
    MENTION = "mention", _("Mention")
    NOT_SELECTED = "not_selected", _("Non retenu")


class CommentKind(models.TextChoices):
    COMMENT = "comment", _("Commentaire interne")
    MISSING_PIECES = "missing", _("Demande de pièces manquantes")
