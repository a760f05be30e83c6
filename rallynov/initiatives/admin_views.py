"""Admin screens of the observatory: import a file (with a dry run), moderate public reports."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from rallynov.core.queries import programme_for_request
from rallynov.initiatives import rules
from rallynov.initiatives.domain import reject_submission
from rallynov.initiatives.forms import ImportForm
from rallynov.initiatives.interchange import ImportFileError, import_file
from rallynov.initiatives.models import Submission
from rallynov.initiatives.queries import possible_duplicates


def _context(title, **extra):
    return {
        "page_title": title,
        "header_title": title,
        "breadcrumbs_items": [{"url": reverse("wagtailadmin_home"), "label": "Tableau de bord"}, {"url": "", "label": title}],
        **extra,
    }


def import_initiatives(request):
    """Upload a CSV/XLSX/GeoJSON file; a dry run (ticked by default) shows the report first."""
    if not rules.can_import_initiatives(request.user):
        raise PermissionDenied
    report = None
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = import_file(
                upload.read(),
                filename=upload.name,
                programme=programme_for_request(request),
                actor=request.user,
                dry_run=form.cleaned_data["dry_run"],
            )
        except ImportFileError as exc:
            form.add_error("file", str(exc))
    return TemplateResponse(
        request, "initiatives/admin/import.html", _context("Importer des initiatives", form=form, report=report)
    )


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
    messages.success(request, f"Signalement de {submission.submitter_name} refusé ; le brouillon a été supprimé.")
    return redirect("initiatives_admin_submissions")
