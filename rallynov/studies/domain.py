"""Writes of the studies part: questionnaire versions, responses saved page by page, invitations,
publications. Functions are verb-first with keyword-only arguments and atomic."""

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from rallynov.core import audit
from rallynov.studies.enums import QuestionType
from rallynov.studies.models import Answer, Invitation, Response, Survey, SurveyVersion


class SurveyError(Exception):
    """A refusal with a French message for the respondent."""


class SurveyClosed(SurveyError):
    pass


class InvitationUsed(SurveyError):
    pass


def closed_message(survey, now=None):
    now = now or timezone.now()
    if survey.opens_at and now < survey.opens_at:
        when = date_format(timezone.localtime(survey.opens_at), "j F Y à H\\hi")
        return f"Cette enquête n'est pas encore ouverte : elle ouvrira le {when}."
    when = date_format(timezone.localtime(survey.closes_at), "j F Y à H\\hi") if survey.closes_at else ""
    return f"Cette enquête est close depuis le {when} : les réponses ne sont plus acceptées."


def _definition(survey):
    """The questionnaire as JSON, normalised through the blocks so that the same questions always
    give the same definition (raw data written by code and data saved by the admin compare equal)."""
    block = survey.questions.stream_block
    return list(block.get_prep_value(block.to_python(list(survey.questions.get_prep_value()))))


@transaction.atomic
def ensure_current_version(*, survey, by=None):
    """The version respondents get now. Editing a questionnaire that already has answers creates a
    new version; without answers the current version is updated in place. Side effect: audit entry
    when a version is created."""
    definition = _definition(survey)
    latest = SurveyVersion.objects.select_for_update().filter(survey=survey).order_by("-number").first()
    if latest is not None and latest.definition == definition:
        return latest
    if latest is not None and not latest.responses.exists():
        latest.definition = definition
        latest.save(update_fields=["definition"])
        return latest
    version = SurveyVersion.objects.create(
        survey=survey, number=(latest.number + 1) if latest else 1, definition=definition, created_by=by
    )
    if latest is not None:
        audit.record(actor=by, action="new_version", obj=survey, changes={"version": [latest.number, version.number]})
    return version


@transaction.atomic
def start_response(*, survey, invitation=None, category="", now=None):
    """A new response on the current version. Refuses a closed survey and a used invitation."""
    if not survey.is_open(now):
        raise SurveyClosed(closed_message(survey, now))
    if invitation is not None:
        existing = Response.objects.filter(invitation=invitation).first()
        if existing is not None:
            if existing.is_complete:
                raise InvitationUsed(
                    "Cette invitation a déjà servi : votre réponse a été enregistrée le "
                    f"{date_format(timezone.localtime(existing.completed_at), 'j F Y')}. "
                    "Une invitation ne permet qu'une réponse."
                )
            return existing
        category = invitation.category or category
    version = ensure_current_version(survey=survey)
    return Response.objects.create(survey=survey, version=version, invitation=invitation, category=category)


@transaction.atomic
def accept_consent(*, response, category="", now=None):
    fields = []
    if response.survey.consent_text and response.consent_at is None:
        response.consent_at = now or timezone.now()
        fields.append("consent_at")
    if category and category != response.category:
        response.category = category
        fields.append("category")
    if fields:
        response.save(update_fields=fields + ["updated_at"])


def answer_rows(question, value):
    """The Answer rows (unsaved, without response) that store one question's value."""
    kind = question.type
    if value in (None, "", [], {}):
        return []
    if kind in (QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT):
        return [Answer(text=value)]
    if kind == QuestionType.SINGLE:
        return [Answer(choice=value)]
    if kind == QuestionType.MULTIPLE:
        return [Answer(choice=code) for code in value]
    if kind == QuestionType.LIKERT:
        return [Answer(choice=str(int(value)), number=int(value))]
    if kind == QuestionType.MATRIX:
        return [Answer(item=item, choice=str(int(v)), number=int(v)) for item, v in value.items() if v not in (None, "")]
    if kind == QuestionType.NUMBER:
        return [Answer(number=float(value))]
    if kind == QuestionType.DATE:
        return [Answer(date=value)]
    if kind == QuestionType.RANKING:
        return [Answer(choice=code, number=rank) for rank, code in enumerate(value, start=1)]
    raise ValueError(kind)


def response_values(response):
    """{question code: value} of what this response has saved so far (for conditions and forms)."""
    questionnaire = response.version.questionnaire
    values = {}
    for row in response.answers.order_by("pk"):
        question = questionnaire.by_key.get(row.question_key)
        if question is None:
            continue
        kind = question.type
        if kind in (QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT):
            values[question.code] = row.text
        elif kind == QuestionType.SINGLE:
            values[question.code] = row.choice
        elif kind == QuestionType.MULTIPLE:
            values.setdefault(question.code, []).append(row.choice)
        elif kind == QuestionType.LIKERT:
            values[question.code] = int(row.number)
        elif kind == QuestionType.MATRIX:
            values.setdefault(question.code, {})[row.item] = int(row.number)
        elif kind == QuestionType.NUMBER:
            values[question.code] = row.number
        elif kind == QuestionType.DATE:
            values[question.code] = row.date
        elif kind == QuestionType.RANKING:
            values.setdefault(question.code, []).append((row.number, row.choice))
    for question in questionnaire.questions:
        if question.type == QuestionType.RANKING and question.code in values:
            values[question.code] = [code for _, code in sorted(values[question.code])]
    return values


@transaction.atomic
def save_page(*, response, page_index, values, now=None):
    """Store the answers of one page (replacing what the page held before). `values` maps the
    question code to its cleaned value; questions hidden by their condition lose their answers.
    Refuses a closed survey or a response already sent; nothing already saved is lost."""
    survey = response.survey
    if response.is_complete:
        raise SurveyError("Cette réponse a déjà été envoyée : elle ne peut plus être modifiée.")
    if not survey.is_open(now):
        raise SurveyClosed(closed_message(survey, now) + " Les réponses déjà enregistrées sont conservées.")
    questionnaire = response.version.questionnaire
    page = questionnaire.pages[page_index]
    keys = [q.key for q in page.questions]
    Answer.objects.filter(response=response, question_key__in=keys).delete()
    known = {**response_values(response), **values}
    rows = []
    for question in page.questions:
        if not questionnaire.is_visible(question, known):
            continue
        for row in answer_rows(question, values.get(question.code)):
            row.response = response
            row.survey_id = survey.pk
            row.question_key = question.key
            row.category = response.category
            rows.append(row)
    Answer.objects.bulk_create(rows)
    response.page = max(response.page, page_index + 1)
    response.save(update_fields=["page", "updated_at"])
    return rows


def missing_required(response):
    """(page index, question) of the first required visible question left unanswered, else None."""
    questionnaire = response.version.questionnaire
    values = response_values(response)
    for question in questionnaire.questions:
        if question.required and questionnaire.is_visible(question, values) and question.code not in values:
            return question
    return None


@transaction.atomic
def submit_response(*, response, now=None):
    """Send the response: it then counts in the analysis and its invitation is used up.
    Side effect: the answers get the response's category and date (denormalised for analysis)."""
    now = now or timezone.now()
    if response.is_complete:
        raise SurveyError("Cette réponse a déjà été envoyée.")
    if not response.survey.is_open(now):
        raise SurveyClosed(closed_message(response.survey, now) + " Les réponses déjà enregistrées sont conservées.")
    question = missing_required(response)
    if question is not None:
        raise SurveyError(f"La question « {question.label} » est obligatoire.")
    response.completed_at = now
    response.save(update_fields=["completed_at", "updated_at"])
    Answer.objects.filter(response=response).update(completed_at=now, category=response.category)
    from rallynov.studies.tallies import add_response

    add_response(response)
    return response


@transaction.atomic
def create_invitations(*, survey, people, by=None):
    """people: iterable of dicts (name, email, category, organization). Returns the invitations."""
    invitations = [Invitation.objects.create(survey=survey, **person) for person in people]
    if invitations:
        audit.record(actor=by, action="invite", obj=survey, changes={"invitations": [None, str(len(invitations))]})
    return invitations


def send_invitations(*, survey, invitations=None, resend=False, by=None, now=None):
    """E-mail personal invitation links (French text, link, closing date). Without `invitations`,
    every invitation of the survey is considered. Skipped: no e-mail address, already answered,
    already sent (unless `resend`). Refuses a closed survey (SurveyClosed).
    Side effects: one e-mail per invitation sent, its `sent_at` and `sent_count` updated after each
    e-mail (a failure midway keeps the record of those already sent), one audit entry.
    Returns a dict: sent, skipped_no_email, skipped_answered, skipped_already_sent, failed (lists)."""
    from django.db.models import F

    from rallynov.studies.notifications import invitation_message

    now = now or timezone.now()
    if not survey.is_open(now) and not (survey.opens_at and now < survey.opens_at):
        raise SurveyClosed(closed_message(survey, now) + " Les invitations ne peuvent plus être envoyées.")
    chosen = Invitation.objects.filter(survey=survey).select_related("survey__programme", "response")
    if invitations is not None:
        chosen = chosen.filter(pk__in=[getattr(i, "pk", i) for i in invitations])
    outcome = {"sent": [], "skipped_no_email": [], "skipped_answered": [], "skipped_already_sent": [], "failed": []}
    for invitation in chosen.order_by("pk"):
        response = getattr(invitation, "response", None)
        if not invitation.email:
            outcome["skipped_no_email"].append(invitation)
        elif response is not None and response.is_complete:
            outcome["skipped_answered"].append(invitation)
        elif invitation.sent_at is not None and not resend:
            outcome["skipped_already_sent"].append(invitation)
        else:
            try:
                invitation_message(invitation).send()
            except OSError:  # SMTP refused or unreachable: reported, the others are still sent
                outcome["failed"].append(invitation)
                continue
            Invitation.objects.filter(pk=invitation.pk).update(sent_at=now, sent_count=F("sent_count") + 1)
            invitation.sent_at = now
            outcome["sent"].append(invitation)
    if outcome["sent"]:
        audit.record(actor=by, action="send_invitations", obj=survey,
                     changes={"invitations envoyées": [None, str(len(outcome["sent"]))]})
    return outcome


@transaction.atomic
def create_feedback_survey(*, title, programme, slug=None, categories=()):
    """A ready-to-use satisfaction questionnaire (for an event or a workshop): overall
    satisfaction, usefulness, what to improve. Other parts may call it; returns the Survey."""
    import uuid

    from django.utils.text import slugify

    from rallynov.studies.models import RespondentCategory

    slug = slug or f"{slugify(title)[:100]}-{uuid.uuid4().hex[:6]}"
    survey = Survey(programme=programme, title=title, slug=slug,
                    intro="Votre avis nous aide à améliorer les prochaines éditions. Merci !")
    survey.questions = [
        ("likert", {"code": "satisfaction", "label": "Dans l'ensemble, je suis satisfait·e.", "points": "5",
                    "required": True, "point_labels": ""}),
        ("single_choice", {"code": "utilite", "label": "Ce temps vous a-t-il été utile ?", "required": False,
                           "choices": [{"label": "Très utile", "code": "tres"},
                                       {"label": "Assez utile", "code": "assez"},
                                       {"label": "Peu utile", "code": "peu"}]}),
        ("long_text", {"code": "ameliorer", "label": "Que faudrait-il améliorer ?", "required": False}),
    ]
    survey.save()
    for position, (code, label) in enumerate(categories):
        RespondentCategory.objects.create(survey=survey, code=code, label=label, sort_order=position)
    ensure_current_version(survey=survey)
    return survey
