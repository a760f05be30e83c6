"""Admin screens of the observatory: import a file (with a dry run), moderate public reports."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from rallynov.core.queries import programme_for_request
from rallynov.initiatives import import_jobs, rules
from rallynov.initiatives.domain import reject_submission
from rallynov.initiatives.forms import ImportForm
from rallynov.initiatives.interchange.importing import import_file
from rallynov.initiatives.interchange.reading import ImportFileError, read_rows
from rallynov.initiatives.models import Submission
from rallynov.initiatives.queries.duplicates import possible_duplicates


def _context(title, **extra):
    return {
        "page_title": title,
        "header_title": title,
        "breadcrumbs_items": [
            {"url": reverse("wagtailadmin_home"), "label": "Tableau de bord"},
            {"url": "", "label": title},
        ],
        **extra,
    }


def import_initiatives(request):
    """Upload a CSV/XLSX/GeoJSON file; a dry run (ticked by default) shows the report first. A
    large file is imported in the background and the page follows its progress."""
    if not rules.can_import_initiatives(request.user):
        raise PermissionDenied
    report = None
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        programme = programme_for_request(request)
        try:
            total = len(read_rows(data, upload.name))  # a file unreadable as a whole is refused here
            if total > import_jobs.BACKGROUND_THRESHOLD and getattr(
                settings, "INITIATIVES_IMPORT_IN_BACKGROUND", True
            ):
                job_id = import_jobs.start(
                    data=data,
                    filename=upload.name,
                    total=total,
                    programme=programme,
                    user=request.user,
                    dry_run=form.cleaned_data["dry_run"],
                )
                return redirect("initiatives_admin_import_status", job_id=job_id)
            report = import_jobs.report_as_dict(
                import_file(
                    data,
                    filename=upload.name,
                    programme=programme,
                    actor=request.user,
                    dry_run=form.cleaned_data["dry_run"],
                )
            )
        except ImportFileError as exc:
            form.add_error("file", str(exc))
    return TemplateResponse(
        request,
        "initiatives/admin/import.html",
        _context("Importer des initiatives", form=form, report=report),
    )


def import_status(request, job_id):
    """The progress of a background import: a page that refreshes itself (a small script polls
    `?format=json`; without JavaScript the page reloads every few seconds), then its report."""
    if not rules.can_import_initiatives(request.user):
        raise PermissionDenied
    state = import_jobs.read_state(job_id)
    if state is None or state.get("programme_id") != programme_for_request(request).pk:
        raise Http404
    running = state["status"] in ("pending", "running")
    percent = import_jobs.percent(state)
    saving = running and state.get("total") and state.get("done") == state.get("total")
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "status": state["status"],
                "done": state["done"],
                "total": state["total"],
                "percent": percent,
                "saving": bool(saving),
                "label": _progress_label(state, saving),
            }
        )
    return TemplateResponse(
        request,
        "initiatives/admin/import_status.html",
        _context(
            "Importer des initiatives",
            state=state,
            job_id=job_id,
            running=running,
            saving=saving,
            percent=percent,
            label=_progress_label(state, saving),
            report=state.get("report"),
        ),
    )


def _progress_label(state, saving):
    if state["status"] == "done":
        return "Import terminé."
    if state["status"] == "failed":
        return "Import interrompu."
    if saving:
        return f"{state['total']} lignes vérifiées ; enregistrement en cours…"
    return f"Vérification des lignes : {state['done']} sur {state['total']}."


def submissions(request):
    """Public reports waiting for moderation, each with its possible duplicates."""
    if not rules.can_moderate_submissions(request.user):
        raise PermissionDenied
    state = request.GET.get("state", Submission.State.PENDING)
    if state not in Submission.State.values:
        state = Submission.State.PENDING
    queryset = Submission.objects.filter(state=state).select_related("initiative", "commune__department")
    page = Paginator(queryset, 30).get_page(request.GET.get("p"))
    rows = [(s, possible_duplicates(s.initiative, siret=s.siret) if s.initiative else []) for s in page]
    return TemplateResponse(
        request,
        "initiatives/admin/submissions.html",
        _context("Signalements", rows=rows, page=page, state=state, states=Submission.State.choices),
    )


@require_POST
def reject(request, pk):
    if not rules.can_moderate_submissions(request.user):
        raise PermissionDenied
    submission = get_object_or_404(Submission, pk=pk, state=Submission.State.PENDING)
    reject_submission(submission=submission, actor=request.user)
    messages.success(
        request, f"Signalement de {submission.submitter_name} refusé ; le brouillon a été supprimé."
    )
    return redirect("initiatives_admin_submissions")
