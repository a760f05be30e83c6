"""The team's screens of the studies: answer exports, invitations, the overview and the interviews."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from rallynov.core.decorators import team_only
from rallynov.core.queries import programme_for_request
from rallynov.studies import domain, exports, queries, rules
from rallynov.studies.enums import ExportFormat, ExportStatus
from rallynov.studies.forms import InvitationsForm
from rallynov.studies.models import ExportJob, Interview, Publication, Study

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
