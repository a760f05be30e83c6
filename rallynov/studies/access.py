"""Expected HTTP status per role for every URL of the studies part (permission matrix)."""

import datetime

from django.utils import timezone

from rallynov.core.access import OK, REDIRECT, ROLES, Case


def _staff(url_name, *, ok=OK, **kwargs):
    case = Case.staff_only(url_name, **kwargs)
    case.expected["team_member"] = ok
    case.expected["superuser"] = ok
    return case


def cases(ctx):
    from rallynov.organizations.enums import OrganizationKind
    from rallynov.organizations.models import Organization
    from rallynov.studies import domain
    from rallynov.studies.enums import ExportFormat
    from rallynov.studies.exports import start_job
    from rallynov.studies.models import Interview, Invitation, Publication, Study, Survey

    programme = ctx["programme"]
    study = Study.objects.create(programme=programme, title="Étude d'accès", slug="etude-acces",
                                 question="Qui voit quoi ?", starts_on=datetime.date(2023, 1, 1))
    survey = Survey(programme=programme, study=study, title="Enquête d'accès", slug="enquete-acces",
                    opens_at=timezone.now() - datetime.timedelta(days=1))
    survey.questions = [
        {"type": "single_choice", "value": {"code": "avis", "label": "Votre avis ?", "choices": [
            {"label": "Oui", "code": "oui"}, {"label": "Non", "code": "non"}]}},
        {"type": "long_text", "value": {"code": "commentaire", "label": "Un commentaire ?"}},
    ]
    survey.save()
    done = domain.start_response(survey=survey)
    domain.save_page(response=done, page_index=0, values={"avis": "oui", "commentaire": "Très bien"})
    domain.submit_response(response=done)
    in_progress = domain.start_response(survey=survey)
    invitation = Invitation.objects.create(survey=survey, name="Invitée")
    organization = Organization.objects.create(name="Structure interviewée", kind=OrganizationKind.COMPANY)
    interview = Interview.objects.create(study=study, organization=organization, held_on=datetime.date(2023, 10, 1))
    publication = Publication.objects.create(programme=programme, title="Carnet d'accès", slug="carnet-acces",
                                             summary="Résumé", generate_from_study=True,
                                             published_on=datetime.date(2024, 1, 15))
    publication.studies.set([study])
    job = start_job(survey=survey, fmt=ExportFormat.CSV, use_codes=False, by=None, background=False)

    export = _staff("studies:export", ok=REDIRECT, slug=survey.slug)
    export.method, export.data = "POST", {"format": "csv"}
    send = _staff("studies:invitations_send", ok=REDIRECT, slug=survey.slug)
    send.method, send.data = "POST", {"action": "unsent"}
    return [
        Case.public("studies:index"),
        Case.public("studies:study", slug=study.slug),
        Case.public("studies:publication", slug=publication.slug),
        Case.public("studies:publication_pdf", slug=publication.slug),
        Case.public("studies:survey_start", slug=survey.slug),
        Case.public("studies:invitation", token=invitation.token),
        Case("studies:resume", {"token": in_progress.token}, dict.fromkeys(ROLES, REDIRECT)),
        Case.public("studies:answer", token=in_progress.token, page=1),
        Case.public("studies:thanks", token=done.token),
        # Results are not published for this survey: the team only.
        _staff("studies:results", slug=survey.slug),
        _staff("studies:analysis", slug=survey.slug),
        _staff("studies:crosstab", slug=survey.slug),
        _staff("studies:text_answers", slug=survey.slug, code="commentaire"),
        _staff("studies:questionnaire_pdf", slug=survey.slug),
        _staff("studies:manage"),
        _staff("studies:interviews"),
        _staff("studies:interview", pk=interview.pk),
        _staff("studies:export_status", pk=job.pk),
        _staff("studies:export_download", pk=job.pk),
        export,
        _staff("studies:invitations", slug=survey.slug),
        send,
    ]
