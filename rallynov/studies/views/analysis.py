"""Results and analysis of a survey: published aggregates, the team's analysis, cross-tabs,
free-text answers, the questionnaire as PDF."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header

from rallynov.core.decorators import team_only
from rallynov.core.queries import programme_for_request
from rallynov.studies import analysis, charts, domain, queries, rules
from rallynov.studies.forms import FilterForm
from rallynov.studies.models import Survey

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
