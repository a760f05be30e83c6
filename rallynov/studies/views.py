"""Views of the studies part: thin (permission → form → domain → redirect or render)."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from rallynov.core.decorators import team_only
from rallynov.core.queries import programme_for_request
from rallynov.studies import analysis, charts, domain, exports, queries, rules
from rallynov.studies.enums import ExportFormat, ExportStatus
from rallynov.studies.forms import FilterForm, InvitationsForm, PageForm, StartForm
from rallynov.studies.models import ExportJob, Interview, Invitation, Publication, Response, Study, Survey

SESSION_KEY = "studies_responses"


# --- Public pages -----------------------------------------------------------------------------


def index(request):
    """Studies and publications of the programme (the "Carnet de l'IS" among them)."""
    programme = programme_for_request(request)
    return render(
        request,
        "studies/index.html",
        {
            "studies": queries.public_studies(programme),
            "publications": queries.published_publications(programme).prefetch_related("studies"),
        },
    )


def study_detail(request, slug):
    programme = programme_for_request(request)
    study = get_object_or_404(
        Study.objects.prefetch_related("partners", "findings", "themes"), slug=slug, programme=programme
    )
    if not study.is_public and not rules.can_manage_studies(request.user):
        raise Http404
    surveys = study.surveys.annotate(
        completed_count=Count("responses", filter=Q(responses__completed_at__isnull=False))
    )
    return render(
        request,
        "studies/study.html",
        {
            "study": study,
            "surveys": surveys,
            "open_surveys": [s for s in surveys if s.is_open() and s.public_link],
            "publications": study.publications.published(),
            "quotes": queries.quotable_quotes(study),
            "interview_count": study.interviews.values("organization").distinct().count(),
            "can_manage": rules.can_manage_studies(request.user),
        },
    )


def publication_detail(request, slug):
    programme = programme_for_request(request)
    publication = get_object_or_404(Publication, slug=slug, programme=programme)
    if not publication.is_published and not rules.can_manage_studies(request.user):
        raise Http404
    return render(
        request,
        "studies/publication.html",
        {"publication": publication, "studies": publication.studies.all()},
    )


def publication_pdf(request, slug):
    """The Carnet composed with Typst from the linked studies' findings, charts and quotes."""
    from rallynov.studies.pdf import carnet_pdf

    programme = programme_for_request(request)
    publication = get_object_or_404(Publication, slug=slug, programme=programme, generate_from_study=True)
    if not publication.is_published and not rules.can_manage_studies(request.user):
        raise Http404
    response = HttpResponse(carnet_pdf(publication), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, f"{publication.slug}.pdf")
    return response


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


# --- Analysis ---------------------------------------------------------------------------------


def _analysis_context(request, survey):
    questionnaire = domain.ensure_current_version(survey=survey).questionnaire
    filter_form = FilterForm(request.GET or None, survey=survey)
    filters = filter_form.filters()
    results = analysis.survey_results(survey, questionnaire, filters)
    for result in results:
        result.chart = charts.result_chart(result)
    return {
        "survey": survey,
        "questionnaire": questionnaire,
        "filter_form": filter_form,
        "filters": filters,
        "respondents": analysis.respondent_count(survey, filters),
        "results": results,
        "can_manage": rules.can_manage_studies(request.user),
    }


def survey_results(request, slug):
    """Published results (aggregates only), or the staff analysis when they are not published."""
    programme = programme_for_request(request)
    survey = get_object_or_404(Survey, slug=slug, programme=programme)
    if not rules.can_see_results(request.user, survey):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    return render(request, "studies/results.html", {**_analysis_context(request, survey), "public": True})


@team_only(rules.can_manage_studies)
def survey_analysis(request, slug):
    survey = queries.survey_for_staff(request, slug, programme_for_request(request))
    return render(request, "studies/results.html", {**_analysis_context(request, survey), "public": False})


@team_only(rules.can_manage_studies)
def survey_crosstab(request, slug):
    survey = queries.survey_for_staff(request, slug, programme_for_request(request))
    questionnaire = domain.ensure_current_version(survey=survey).questionnaire
    variables = analysis.variables(survey, questionnaire)
    filter_form = FilterForm(request.GET or None, survey=survey)
    row_id, col_id = request.GET.get("lignes", ""), request.GET.get("colonnes", "")
    rows = analysis.find_variable(survey, questionnaire, row_id) if row_id else None
    cols = analysis.find_variable(survey, questionnaire, col_id) if col_id else None
    table, error, chart = None, "", None
    if (row_id or col_id) and (rows is None or cols is None):
        error = "Choisissez deux variables de la liste."
    elif rows and cols and row_id == col_id:
        error = "Choisissez deux variables différentes."
    elif rows and cols:
        table = analysis.crosstab(survey, rows, cols, filter_form.filters())
        chart = charts.stacked_chart(
            f"{rows.label} × {cols.label} (pourcentages en ligne)",
            [(line["label"], [c["row_pct"] for c in line["cells"]]) for line in table.cells()],
            [label for _, label in table.col_options],
            ident="crosstab",
        )
    template = "studies/crosstab.html#result" if request.htmx else "studies/crosstab.html"
    return render(
        request,
        template,
        {
            "survey": survey,
            "variables": [(analysis.variable_id(v), v.label) for v in variables],
            "row_id": row_id,
            "col_id": col_id,
            "table": table,
            "error": error,
            "chart": chart,
            "filter_form": filter_form,
        },
    )


@team_only(rules.can_manage_studies)
def text_answers(request, slug, code):
    survey = queries.survey_for_staff(request, slug, programme_for_request(request))
    questionnaire = domain.ensure_current_version(survey=survey).questionnaire
    question = questionnaire.by_code.get(code)
    if question is None or not question.is_text:
        raise Http404
    filter_form = FilterForm(request.GET or None, survey=survey)
    search = request.GET.get("q", "").strip()
    answers = analysis.text_answers(survey, question, filter_form.filters(), search=search)
    page = Paginator(answers, 50).get_page(request.GET.get("page"))
    categories = {c.code: c.label for c in survey.categories.all()}
    return render(
        request,
        "studies/text_answers.html",
        {
            "survey": survey,
            "question": question,
            "page_obj": page,
            "search": search,
            "categories": categories,
            "filter_form": filter_form,
        },
    )


@team_only(rules.can_manage_studies)
def questionnaire_pdf(request, slug):
    from rallynov.studies.pdf import questionnaire_pdf as build

    survey = queries.survey_for_staff(request, slug, programme_for_request(request))
    version = domain.ensure_current_version(survey=survey)
    response = HttpResponse(build(survey, version), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, f"{survey.slug}-questionnaire.pdf")
    return response


# --- Exports ----------------------------------------------------------------------------------


@require_POST
@team_only(rules.can_manage_studies)
def export_start(request, slug):
    survey = queries.survey_for_staff(request, slug, programme_for_request(request))
    fmt = request.POST.get("format")
    if fmt not in ExportFormat.values:
        messages.error(request, "Format d'export inconnu : choisissez CSV ou XLSX.")
        return redirect("studies:analysis", slug=slug)
    job = exports.start_job(
        survey=survey, fmt=fmt, use_codes=request.POST.get("codes") == "1", by=request.user
    )
    return redirect("studies:export_status", pk=job.pk)


def _job_for(request, pk):
    job = get_object_or_404(ExportJob.objects.select_related("survey"), pk=pk)
    if job.survey.programme_id != programme_for_request(request).pk:
        raise Http404
    return job


@team_only(rules.can_manage_studies)
def export_status(request, pk):
    job = _job_for(request, pk)
    template = "studies/export_status.html#progress" if request.htmx else "studies/export_status.html"
    return render(
        request,
        template,
        {
            "job": job,
            "survey": job.survey,
            "running": job.status in (ExportStatus.PENDING, ExportStatus.RUNNING),
        },
    )


@team_only(rules.can_manage_studies)
def export_download(request, pk):
    job = _job_for(request, pk)
    if job.status != ExportStatus.DONE or not job.file_path:
        raise Http404
    content_type = (
        "text/csv; charset=utf-8"
        if job.format == ExportFormat.CSV
        else ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    )
    # Read at once: a 50,000-response XLSX is a few megabytes, and no file handle outlives the request.
    with open(job.file_path, "rb") as handle:
        response = HttpResponse(handle.read(), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        True, exports.filename(job.survey, job.format)
    )
    return response


# --- Invitations -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@team_only(rules.can_manage_studies)
def invitations(request, slug):
    """The survey's personal invitations: who was invited, when the e-mail was sent, who answered;
    a form to add people."""
    survey = queries.survey_for_staff(request, slug, programme_for_request(request))
    form = InvitationsForm(request.POST or None, survey=survey)
    if request.method == "POST" and form.is_valid():
        created = domain.create_invitations(
            survey=survey, people=form.cleaned_data["people"], by=request.user
        )
        n = len(created)
        messages.success(
            request,
            ngettext(
                "%(n)s invitation ajoutée : elle n'est pas encore envoyée.",
                "%(n)s invitations ajoutées : elles ne sont pas encore envoyées.",
                n,
            )
            % {"n": n},
        )
        return redirect("studies:invitations", slug=slug)
    listed = survey.invitations.select_related("response").order_by("name", "email", "pk")
    return render(
        request,
        "studies/invitations.html",
        {
            "survey": survey,
            "form": form,
            "invitations": listed,
            "unsent": sum(1 for i in listed if i.sent_at is None and i.email),
            "categories": {c.code: c.label for c in survey.categories.all()},
        },
    )


@require_POST
@team_only(rules.can_manage_studies)
def invitations_send(request, slug):
    """Send the invitations not sent yet, or resend the chosen ones."""
    survey = queries.survey_for_staff(request, slug, programme_for_request(request))
    resend = request.POST.get("action") == "resend"
    chosen = [int(pk) for pk in request.POST.getlist("invitation") if pk.isdigit()] if resend else []
    if resend and not chosen:
        messages.error(request, _("Cochez les invitations à renvoyer."))
        return redirect("studies:invitations", slug=slug)
    try:
        outcome = domain.send_invitations(
            survey=survey, invitations=chosen or None, resend=resend, by=request.user
        )
    except domain.SurveyError as exc:
        messages.error(request, str(exc))
        return redirect("studies:invitations", slug=slug)
    if outcome["sent"]:
        n = len(outcome["sent"])
        messages.success(
            request,
            ngettext("%(n)s invitation envoyée par e-mail.", "%(n)s invitations envoyées par e-mail.", n)
            % {"n": n},
        )
    if outcome["skipped_answered"]:
        n = len(outcome["skipped_answered"])
        messages.info(
            request,
            ngettext(
                "%(n)s invitation non envoyée : la personne a déjà répondu.",
                "%(n)s invitations non envoyées : les personnes ont déjà répondu.",
                n,
            )
            % {"n": n},
        )
    if outcome["skipped_no_email"]:
        n = len(outcome["skipped_no_email"])
        messages.warning(
            request,
            ngettext(
                "%(n)s invitation sans adresse e-mail : rien n'a été envoyé.",
                "%(n)s invitations sans adresse e-mail : rien n'a été envoyé.",
                n,
            )
            % {"n": n},
        )
    if outcome["failed"]:
        n = len(outcome["failed"])
        messages.error(
            request,
            ngettext(
                "%(n)s e-mail n'a pas pu partir (serveur de messagerie) : réessayez plus tard.",
                "%(n)s e-mails n'ont pas pu partir (serveur de messagerie) : réessayez plus tard.",
                n,
            )
            % {"n": n},
        )
    if (
        not outcome["sent"]
        and not outcome["skipped_answered"]
        and not outcome["skipped_no_email"]
        and not outcome["failed"]
    ):
        messages.info(
            request,
            _("Aucune invitation à envoyer : toutes ont déjà été envoyées. Cochez celles à renvoyer."),
        )
    return redirect("studies:invitations", slug=slug)


# --- Staff overview and interviews --------------------------------------------------------------


@team_only(rules.can_manage_studies)
def manage(request):
    programme = programme_for_request(request)
    return render(
        request,
        "studies/manage.html",
        {
            "studies": Study.objects.filter(programme=programme),
            "surveys": queries.surveys_with_counts(programme),
            "publications": Publication.objects.filter(programme=programme),
        },
    )


@team_only(rules.can_manage_studies)
def interviews(request):
    programme = programme_for_request(request)
    text = request.GET.get("q", "").strip()
    year = request.GET.get("annee", "")
    found = queries.search_interviews(programme, text, year=int(year) if year.isdigit() else None)
    page = Paginator(found, 30).get_page(request.GET.get("page"))
    return render(request, "studies/interviews.html", {"page_obj": page, "q": text, "total": found.count()})


@team_only(rules.can_manage_studies)
def interview_detail(request, pk):
    programme = programme_for_request(request)
    interview = get_object_or_404(
        Interview.objects.select_related("organization", "study").prefetch_related(
            "themes", "initiatives", "quotes"
        ),
        pk=pk,
        study__programme=programme,
    )
    return render(request, "studies/interview.html", {"interview": interview})
