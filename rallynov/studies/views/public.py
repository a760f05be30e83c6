"""Public pages of the studies: the studies, their publications and the Carnet's PDF."""

from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header

from rallynov.core.queries import programme_for_request
from rallynov.studies import queries, rules
from rallynov.studies.models import Publication, Study

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
