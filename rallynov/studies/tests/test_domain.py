import datetime

import pytest
from django.utils import timezone

from rallynov.core.models import AuditEntry
from rallynov.studies import domain
from rallynov.studies.models import Answer, Invitation, Response, SurveyVersion
from rallynov.studies.questionnaire import Questionnaire

pytestmark = pytest.mark.django_db


def test_questionnaire_pages_are_cut_at_sections(survey):
    questionnaire = survey.versions.get().questionnaire
    assert [p.title for p in questionnaire.pages] == ["Vous", "Avis"]
    assert [q.code for q in questionnaire.pages[0].questions] == ["formule", "heures"]
    assert questionnaire.by_code["satisfaction"].options[0].label == "Pas du tout d'accord"
    assert [q.number for q in questionnaire.questions][:3] == [1, 2, 3]


def test_questionnaire_errors_name_duplicate_codes_and_bad_conditions():
    questionnaire = Questionnaire.from_raw([
        {"type": "short_text", "id": "a", "value": {"code": "x", "label": "A", "show_if_code": "y",
                                                    "show_if_value": "oui"}},
        {"type": "short_text", "id": "b", "value": {"code": "x", "label": "B"}},
    ])
    assert questionnaire.errors() == [
        "La question « A » dépend de « y », qui n'est pas une question précédente.",
        "Le code « x » est utilisé par deux questions.",
    ]


def test_editing_a_survey_with_answers_creates_a_new_version(survey, answer):
    sent = answer()
    survey.questions = list(survey.questions.get_prep_value()) + [
        {"type": "short_text", "value": {"code": "ajout", "label": "Nouvelle question"}}]
    survey.save()

    version = domain.ensure_current_version(survey=survey)

    assert version.number == 2
    assert Response.objects.get(pk=sent.pk).version.number == 1
    assert "ajout" not in Response.objects.get(pk=sent.pk).version.questionnaire.by_code
    assert AuditEntry.objects.filter(action="new_version").count() == 1


def test_editing_a_survey_without_answers_updates_the_version_in_place(survey):
    survey.title = "Autre titre"
    survey.questions = list(survey.questions.get_prep_value())[:3]
    survey.save()
    assert domain.ensure_current_version(survey=survey).number == 1
    assert SurveyVersion.objects.filter(survey=survey).count() == 1


def test_unchanged_questionnaire_keeps_its_version(survey, answer):
    answer()
    assert domain.ensure_current_version(survey=survey).number == 1


def test_respondent_in_progress_keeps_the_version_they_started(survey):
    response = domain.start_response(survey=survey, category="salarie")
    survey.questions = list(survey.questions.get_prep_value())[:3]
    survey.save()
    domain.ensure_current_version(survey=survey)
    domain.save_page(response=response, page_index=0, values={"formule": "reduite", "heures": 32})
    domain.save_page(response=response, page_index=1, values={"satisfaction": 4})
    domain.submit_response(response=response)
    assert response.version.number == 1
    assert domain.response_values(response)["satisfaction"] == 4


def test_closed_survey_refuses_to_start(make_survey):
    survey = make_survey(closes_at=timezone.now() - datetime.timedelta(hours=1))
    with pytest.raises(domain.SurveyClosed, match="Cette enquête est close depuis le"):
        domain.start_response(survey=survey)


def test_closing_while_answering_keeps_saved_answers(survey):
    response = domain.start_response(survey=survey)
    domain.save_page(response=response, page_index=0, values={"formule": "longue", "heures": 35})
    survey.closes_at = timezone.now() - datetime.timedelta(seconds=1)
    survey.save()
    with pytest.raises(domain.SurveyClosed, match="Les réponses déjà enregistrées sont conservées"):
        domain.save_page(response=response, page_index=1, values={"satisfaction": 5})
    assert domain.response_values(response) == {"formule": "longue", "heures": 35.0}


def test_invitation_gives_one_response_and_refuses_reuse(survey):
    invitation = Invitation.objects.create(survey=survey, name="Claire", category="dirigeant")
    first = domain.start_response(survey=survey, invitation=invitation)
    assert domain.start_response(survey=survey, invitation=invitation) == first  # resumable
    assert first.category == "dirigeant"
    domain.save_page(response=first, page_index=0, values={"formule": "longue"})
    domain.submit_response(response=first)
    with pytest.raises(domain.InvitationUsed, match="Cette invitation a déjà servi"):
        domain.start_response(survey=survey, invitation=invitation)


def test_invitation_tokens_are_unguessable(survey):
    tokens = {Invitation.objects.create(survey=survey).token for _ in range(5)}
    assert len(tokens) == 5
    assert all(len(token) >= 32 for token in tokens)


def test_save_page_stores_one_row_per_value(survey):
    response = domain.start_response(survey=survey, category="salarie")
    domain.save_page(response=response, page_index=1, values={
        "motivations": ["equilibre", "fatigue"], "satisfaction": 4, "retour": "oui", "pourquoi": "Trop long",
        "effets": {"qualite": 5, "ambiance": 3}, "benefices": ["sante", "temps"]})
    rows = sorted(Answer.objects.filter(response=response).values_list("item", "choice", "number", "text"))
    assert rows == sorted([
        ("", "equilibre", None, ""), ("", "fatigue", None, ""), ("", "4", 4.0, ""), ("", "oui", None, ""),
        ("", "", None, "Trop long"), ("qualite", "5", 5.0, ""), ("ambiance", "3", 3.0, ""),
        ("", "sante", 1.0, ""), ("", "temps", 2.0, ""),
    ])


def test_save_page_again_replaces_the_page_answers(survey):
    response = domain.start_response(survey=survey)
    domain.save_page(response=response, page_index=0, values={"formule": "longue", "heures": 35})
    domain.save_page(response=response, page_index=0, values={"formule": "reduite"})
    assert domain.response_values(response) == {"formule": "reduite"}


def test_hidden_conditional_question_loses_its_answer(survey):
    response = domain.start_response(survey=survey)
    domain.save_page(response=response, page_index=1, values={"retour": "non", "pourquoi": "Texte"})
    assert domain.response_values(response) == {"retour": "non"}


def test_submit_requires_required_questions(survey):
    response = domain.start_response(survey=survey)
    with pytest.raises(domain.SurveyError, match=r"La question « Quelle formule \? » est obligatoire\."):
        domain.submit_response(response=response)
    assert Response.objects.get(pk=response.pk).completed_at is None


def test_submit_copies_category_and_date_to_answers(survey, answer):
    sent = answer(category="dirigeant")
    assert set(Answer.objects.filter(response=sent).values_list("category", flat=True)) == {"dirigeant"}
    assert set(Answer.objects.filter(response=sent).values_list("completed_at", flat=True)) == {sent.completed_at}


def test_create_feedback_survey_is_ready_to_answer(programme):
    survey = domain.create_feedback_survey(title="Avis sur la Rencontre", programme=programme,
                                           categories=[("participant", "Participant·e")])
    questionnaire = domain.ensure_current_version(survey=survey).questionnaire
    assert [q.code for q in questionnaire.questions] == ["satisfaction", "utilite", "ameliorer"]
    assert list(survey.categories.values_list("code", flat=True)) == ["participant"]
