"""The demo's open survey, dated from the day the demo runs (flagged `is_generated`).

The seed study's survey closed in December 2023; this short barometer is open today (opened a
week ago, closes in six weeks) so that answering a survey can be tried at once, anonymously,
through its public link. `refresh` moves its dates after today again; it never touches the
seed survey, and it has no answers of its own, so no figure moves.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from rallynov.studies.models import RespondentCategory, Survey

SLUG = "barometre-innovation-sociale"
PARIS = timezone.get_default_timezone()


def _choices(*pairs):
    return [{"label": label, "code": code} for code, label in pairs]


def _q(kind, code, label, **extra):
    return {"type": kind, "value": {"code": code, "label": label, **extra}}


QUESTIONNAIRE = [
    {"type": "section", "value": {"title": "Votre structure", "intro": "Trois questions, deux minutes."}},
    _q(
        "single_choice",
        "effectif",
        "Combien de personnes travaillent dans votre structure ?",
        required=True,
        choices=_choices(
            ("1-9", "1 à 9"), ("10-49", "10 à 49"), ("50-249", "50 à 249"), ("250+", "250 et plus")
        ),
    ),
    _q(
        "multiple_choice",
        "themes",
        "Sur quels sujets avez-vous innové ces deux dernières années ?",
        max_choices=3,
        choices=_choices(
            ("conditions", "Conditions de travail"),
            ("temps", "Organisation du temps de travail"),
            ("inclusion", "Inclusion et handicap"),
            ("mobilite", "Mobilité"),
            ("environnement", "Environnement"),
            ("gouvernance", "Gouvernance partagée"),
        ),
    ),
    _q(
        "likert",
        "soutien",
        "Vous savez à qui vous adresser pour être accompagné·e dans un projet d'innovation sociale.",
        points="5",
        required=True,
    ),
    _q("long_text", "attentes", "Qu'attendez-vous du programme pour la saison qui vient ?"),
]


def schedule(now):
    """(opens_at, closes_at) for a given instant: a pure function of the day in Paris."""
    today = timezone.localtime(now, PARIS).date()
    opens = datetime.datetime.combine(today - datetime.timedelta(days=7), datetime.time(8), tzinfo=PARIS)
    closes = datetime.datetime.combine(today + datetime.timedelta(days=42), datetime.time(18), tzinfo=PARIS)
    return opens, closes


def season_survey():
    return Survey.objects.filter(slug=SLUG, is_generated=True).first()


@transaction.atomic
def load(*, programme, log, now=None):
    if Survey.objects.filter(slug=SLUG).exists():
        return None
    opens, closes = schedule(now or timezone.now())
    survey = Survey(
        programme=programme,
        slug=SLUG,
        title=f"Baromètre de l'innovation sociale {closes.year}",
        intro="Votre avis pour préparer la saison qui vient du programme : quatre questions, deux minutes.",
        consent_text="Vos réponses sont anonymes et servent uniquement à préparer le programme de l'année. "
        "Elles sont conservées un an.",
        thanks_text="Merci ! Les résultats seront présentés au séminaire de lancement.",
        opens_at=opens,
        closes_at=closes,
        public_link=True,
        is_generated=True,
    )
    survey.questions = QUESTIONNAIRE
    survey.save()
    RespondentCategory.objects.create(survey=survey, label="Salarié·e", code="salarie", sort_order=0)
    RespondentCategory.objects.create(survey=survey, label="Dirigeant·e", code="dirigeant", sort_order=1)
    log(f"  enquête ouverte : {survey} (jusqu'au {timezone.localtime(closes):%d/%m/%Y})")
    return survey


@transaction.atomic
def refresh(*, programme, log, now=None):
    """Move the survey's dates forward so that it is open today. Only forward."""
    survey = season_survey()
    if survey is None or survey.programme_id != programme.pk:
        return None
    opens, closes = schedule(now or timezone.now())
    if survey.closes_at is not None and closes <= survey.closes_at:
        return None
    old_year = survey.closes_at.year if survey.closes_at else None
    survey.opens_at, survey.closes_at = opens, closes
    if old_year and old_year != closes.year:
        survey.title = survey.title.replace(str(old_year), str(closes.year))
    survey.save(update_fields=["opens_at", "closes_at", "title", "updated_at"])
    log(f"  enquête « {survey} » : ouverte jusqu'au {timezone.localtime(closes):%d/%m/%Y}")
    return survey
