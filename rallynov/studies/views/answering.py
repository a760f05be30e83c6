"""Answering a survey: start (public link or personal invitation), pages, resume, thanks."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from rallynov.core.queries import programme_for_request
from rallynov.studies import domain
from rallynov.studies.forms import PageForm, StartForm
from rallynov.studies.models import Invitation, Response, Survey

SESSION_KEY = "studies_responses"


# --- Answering --------------------------------------------------------------------------------


def _remember(request, response):
    store = dict(request.session.get(SESSION_KEY, {}))
    store[response.survey.slug] = response.token
    request.session[SESSION_KEY] = store


def _closed(request, survey, message, status=200):
    return render(
        request, "studies/survey_closed.html", {"survey": survey, "message": message}, status=status
    )


@require_http_methods(["GET", "POST"])
def survey_start(request, slug):
    programme = programme_for_request(request)
    survey = get_object_or_404(Survey.objects.prefetch_related("categories"), slug=slug, programme=programme)
    if not survey.public_link:
        return _closed(
            request, survey, "Cette enquête se fait sur invitation : utilisez le lien personnel reçu."
        )
    if not survey.is_open():
        return _closed(request, survey, domain.closed_message(survey))
    token = request.session.get(SESSION_KEY, {}).get(survey.slug)
    previous = Response.objects.filter(token=token, completed_at__isnull=True).first() if token else None
    form = StartForm(request.POST if request.method == "POST" else None, survey=survey)
    if request.method == "POST" and form.is_valid():
        try:
            response = domain.start_response(survey=survey, category=form.cleaned_data.get("category", ""))
        except domain.SurveyError as exc:
            return _closed(request, survey, str(exc))
        domain.accept_consent(response=response)
        _remember(request, response)
        return redirect("studies:answer", token=response.token, page=1)
    return render(
        request, "studies/survey_start.html", {"survey": survey, "form": form, "previous": previous}
    )


@require_http_methods(["GET", "POST"])
def invitation(request, token):
    invitation = get_object_or_404(Invitation.objects.select_related("survey"), token=token)
    survey = invitation.survey
    existing = Response.objects.filter(invitation=invitation).first()
    if existing is not None and existing.is_complete:
        try:
            domain.start_response(survey=survey, invitation=invitation)
        except domain.SurveyError as exc:
            return _closed(request, survey, str(exc))
    if existing is not None and (existing.consent_at or not survey.consent_text):
        return redirect("studies:answer", token=existing.token, page=max(existing.page, 1))
    if not survey.is_open():
        return _closed(request, survey, domain.closed_message(survey))
    form = StartForm(
        request.POST if request.method == "POST" else None,
        survey=survey,
        response=existing or Response(category=invitation.category),
    )
    if request.method == "POST" and form.is_valid():
        try:
            response = domain.start_response(
                survey=survey, invitation=invitation, category=form.cleaned_data.get("category", "")
            )
        except domain.SurveyError as exc:
            return _closed(request, survey, str(exc))
        domain.accept_consent(response=response)
        _remember(request, response)
        return redirect("studies:answer", token=response.token, page=1)
    return render(
        request, "studies/survey_start.html", {"survey": survey, "form": form, "invitation": invitation}
    )


def resume(request, token):
    response = get_object_or_404(Response, token=token)
    if response.is_complete:
        return redirect("studies:thanks", token=token)
    pages = len(response.version.questionnaire.pages)
    return redirect("studies:answer", token=token, page=min(max(response.page, 0) + 1, pages))


@require_http_methods(["GET", "POST"])
def answer(request, token, page):
    response = get_object_or_404(Response.objects.select_related("survey", "version"), token=token)
    survey, questionnaire = response.survey, response.version.questionnaire
    if response.is_complete:
        return redirect("studies:thanks", token=token)
    if survey.consent_text and response.consent_at is None:
        return (
            redirect("studies:invitation", token=response.invitation.token)
            if response.invitation
            else redirect("studies:survey_start", slug=survey.slug)
        )
    if not 1 <= page <= len(questionnaire.pages):
        raise Http404
    current = questionnaire.pages[page - 1]
    saved = domain.response_values(response)
    action = request.POST.get("action", "next")
    error = ""
    if request.method == "POST":
        form = PageForm(
            request.POST,
            questionnaire=questionnaire,
            page=current,
            known=saved,
            enforce_required=action == "next",
        )
        if form.is_valid():
            try:
                domain.save_page(response=response, page_index=page - 1, values=form.values)
                if action == "previous":
                    return redirect("studies:answer", token=token, page=max(page - 1, 1))
                if action == "save":
                    messages.success(
                        request,
                        "Vos réponses sont enregistrées. Vous pourrez reprendre avec le lien de cette page.",
                    )
                    return redirect("studies:answer", token=token, page=page)
                if page < len(questionnaire.pages):
                    return redirect("studies:answer", token=token, page=page + 1)
                domain.submit_response(response=response)
                return redirect("studies:thanks", token=token)
            except domain.SurveyClosed as exc:
                error = str(exc)
            except domain.SurveyError as exc:
                missing = domain.missing_required(response)
                if missing is not None and missing.page != page - 1:
                    messages.error(request, str(exc))
                    return redirect("studies:answer", token=token, page=missing.page + 1)
                error = str(exc)
    else:
        initial = {}
        for q in current.questions:
            value = saved.get(q.code)
            if value is None:
                continue
            if q.type == "matrix":
                initial.update({f"{q.code}__{k}": str(v) for k, v in value.items()})
            elif q.type == "ranking":
                initial.update({f"{q.code}__{code}": str(i) for i, code in enumerate(value, start=1)})
            elif q.type == "likert":
                initial[q.code] = str(value)
            elif q.type == "number" and float(value).is_integer() and not q.decimals:
                initial[q.code] = int(value)
            else:
                initial[q.code] = value
        form = PageForm(initial=initial, questionnaire=questionnaire, page=current, known=saved)
    latest = survey.versions.order_by("-number").values_list("number", flat=True).first()
    return render(
        request,
        "studies/survey_page.html",
        {
            "survey": survey,
            "response": response,
            "form": form,
            "page": current,
            "page_number": page,
            "page_count": len(questionnaire.pages),
            "error": error,
            "outdated": latest is not None and latest != response.version.number,
            "resume_url": request.build_absolute_uri(reverse("studies:resume", args=[token])),
        },
        status=200,
    )


def thanks(request, token):
    response = get_object_or_404(
        Response.objects.select_related("survey"), token=token, completed_at__isnull=False
    )
    return render(request, "studies/survey_thanks.html", {"survey": response.survey, "response": response})
