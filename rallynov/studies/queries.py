"""Reused reads of the studies part."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from rallynov.core.text import fold
from rallynov.studies import rules
from rallynov.studies.models import Interview, Publication, Response, Study, Survey


def public_studies(programme):
    return Study.objects.filter(programme=programme, is_public=True).prefetch_related("partners")


def published_publications(programme):
    return Publication.objects.filter(programme=programme).published().select_related("cover", "document")


def survey_for_staff(request, slug, programme):
    """The survey a team member asks for, or 404 / 403."""
    survey = get_object_or_404(Survey, slug=slug, programme=programme)
    if not rules.can_manage_studies(request.user):
        raise PermissionDenied
    return survey


def surveys_with_counts(programme):
    return Survey.objects.filter(programme=programme).select_related("study").annotate(
        completed=Count("responses", filter=Q(responses__completed_at__isnull=False)),
        in_progress=Count("responses", filter=Q(responses__completed_at__isnull=True)),
    )


def search_interviews(programme, text="", *, organization=None, theme=None, year=None):
    """Interviews of the programme's studies, searched in structure, people, notes and quotes
    (accents and case do not matter)."""
    interviews = Interview.objects.filter(study__programme=programme).select_related("organization", "study")
    for word in fold(text).split():
        interviews = interviews.filter(search_text__contains=word)
    if organization:
        interviews = interviews.filter(organization=organization)
    if theme:
        interviews = interviews.filter(themes=theme)
    if year:
        interviews = interviews.filter(held_on__year=year)
    return interviews.prefetch_related("themes", "quotes")


def quotable_quotes(study):
    """Quotes whose author agreed to be quoted, for the study page and the Carnet."""
    from rallynov.studies.models import Quote

    return Quote.objects.filter(interview__study=study, consent_to_quote=True).select_related("interview__organization")


def completed_in_year(programme, year):
    return Response.objects.filter(survey__programme=programme, completed_at__year=year)


def interviews_in_year(programme, year):
    return Interview.objects.filter(study__programme=programme, held_on__year=year)


def publications_in_year(programme, year):
    today = timezone.localdate()
    return Publication.objects.filter(programme=programme, published_on__year=year, published_on__lte=today)
