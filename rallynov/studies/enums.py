from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionType(models.TextChoices):
    SHORT_TEXT = "short_text", _("Texte court")
    LONG_TEXT = "long_text", _("Texte long")
    SINGLE = "single_choice", _("Choix unique")
    MULTIPLE = "multiple_choice", _("Choix multiples")
    LIKERT = "likert", _("Échelle de Likert")
    MATRIX = "matrix", _("Matrice d'items de Likert")
    NUMBER = "number", _("Nombre")
    DATE = "date", _("Date")
    RANKING = "ranking", _("Classement")


# Types whose answers are categories (they can be counted, charted and cross-tabulated).
CATEGORICAL = {QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.LIKERT, QuestionType.MATRIX}
NUMERIC = {QuestionType.LIKERT, QuestionType.MATRIX, QuestionType.NUMBER}
TEXT = {QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT}


class PublicationKind(models.TextChoices):
    CARNET = "carnet", _("Carnet de l'IS")
    REPORT = "rapport", _("Rapport d'étude")
    SYNTHESIS = "synthese", _("Synthèse")
    ARTICLE = "article", _("Article")


class ExportFormat(models.TextChoices):
    CSV = "csv", _("CSV")
    XLSX = "xlsx", _("Excel (XLSX)")


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("En attente")
    RUNNING = "running", _("En cours")
    DONE = "done", _("Terminé")
    FAILED = "failed", _("Échec")
