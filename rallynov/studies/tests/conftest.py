import datetime

import pytest
from django.utils import timezone

from rallynov.studies import domain
from rallynov.studies.models import RespondentCategory, Study, Survey

QUESTIONS = [
    {"type": "section", "value": {"title": "Vous"}},
    {"type": "single_choice", "value": {"code": "formule", "label": "Quelle formule ?", "required": True, "choices": [
        {"label": "Journées longues", "code": "longue"}, {"label": "Durée réduite", "code": "reduite"}]}},
    {"type": "number", "value": {"code": "heures", "label": "Heures par semaine", "min_value": 10, "max_value": 60,
                                 "unit": "heures"}},
    {"type": "section", "value": {"title": "Avis"}},
    {"type": "multiple_choice", "value": {"code": "motivations", "label": "Motivations ?", "max_choices": 2,
                                          "choices": [{"label": "Équilibre", "code": "equilibre"},
                                                      {"label": "Recrutement", "code": "recrutement"},
                                                      {"label": "Fatigue", "code": "fatigue"}]}},
    {"type": "likert", "value": {"code": "satisfaction", "label": "Je suis satisfait·e.", "points": "5"}},
    {"type": "single_choice", "value": {"code": "retour", "label": "Revenir à 5 jours ?", "choices": [
        {"label": "Oui", "code": "oui"}, {"label": "Non", "code": "non"}]}},
    {"type": "long_text", "value": {"code": "pourquoi", "label": "Pourquoi ?", "show_if_code": "retour",
                                    "show_if_value": "oui"}},
    {"type": "matrix", "value": {"code": "effets", "label": "Effets sur…", "points": "5", "items": [
        {"label": "la qualité", "code": "qualite"}, {"label": "l'ambiance", "code": "ambiance"}]}},
    {"type": "ranking", "value": {"code": "benefices", "label": "Classez", "choices": [
        {"label": "Temps", "code": "temps"}, {"label": "Santé", "code": "sante"}]}},
    {"type": "date", "value": {"code": "depuis", "label": "Depuis quand ?", "min_date": "2010-01-01"}},
]


@pytest.fixture
def study(programme):
    return Study.objects.create(programme=programme, title="Semaine de 4 jours", slug="s4j",
                                question="Quels enseignements ?", starts_on=datetime.date(2023, 3, 1))


@pytest.fixture
def make_survey(programme, study):
    def make(slug="enquete", questions=None, **fields):
        survey = Survey(programme=programme, study=study, title="Enquête 4 jours", slug=slug,
                        opens_at=timezone.now() - datetime.timedelta(days=1), **fields)
        survey.questions = questions or QUESTIONS
        survey.save()
        RespondentCategory.objects.create(survey=survey, label="Salarié·e", code="salarie", sort_order=0)
        RespondentCategory.objects.create(survey=survey, label="Dirigeant·e", code="dirigeant", sort_order=1)
        domain.ensure_current_version(survey=survey)
        return survey

    return make


@pytest.fixture
def survey(make_survey):
    return make_survey()


@pytest.fixture
def answer(survey):
    """answer(category, page0 values, page1 values) -> a sent response."""

    def make(category="salarie", first=None, second=None, target=None):
        target = target or survey
        response = domain.start_response(survey=target, category=category)
        domain.save_page(response=response, page_index=0, values=first or {"formule": "longue", "heures": 35})
        domain.save_page(response=response, page_index=1, values=second or {})
        return domain.submit_response(response=response)

    return make
