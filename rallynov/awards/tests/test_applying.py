"""Applying: drafts, deadline to the second, double submit, receipt, reopening."""

import datetime
import io
import zipfile

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rallynov.awards import domain
from rallynov.awards.enums import ApplicationStatus
from rallynov.awards.models import Application, Attachment
from rallynov.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_submit_one_tenth_of_a_second_before_the_deadline_is_accepted(edition, make_application, applicant):
    application = make_application(applicant, submit=False)
    at = edition.closes_at - datetime.timedelta(milliseconds=100)

    domain.submit_application(application=application, by=applicant, now=at)

    application.refresh_from_db()
    assert (application.status, application.submitted_at) == (ApplicationStatus.SUBMITTED, at)


def test_submit_one_tenth_of_a_second_after_the_deadline_is_refused_and_the_draft_kept(
    edition, make_application, applicant
):
    application = make_application(applicant, submit=False)
    answers = dict(application.answers)

    with pytest.raises(ValidationError) as error:
        domain.submit_application(
            application=application,
            by=applicant,
            now=edition.closes_at + datetime.timedelta(milliseconds=100),
        )

    assert "L'appel à candidatures a fermé le" in error.value.messages[0]
    assert "Votre brouillon est conservé" in error.value.messages[0]
    application.refresh_from_db()
    assert (application.status, application.submitted_at, application.answers) == (
        ApplicationStatus.DRAFT,
        None,
        answers,
    )


def test_submit_exactly_at_the_deadline_is_refused(edition, make_application, applicant):
    application = make_application(applicant, submit=False)
    with pytest.raises(ValidationError):
        domain.submit_application(application=application, by=applicant, now=edition.closes_at)


def test_second_submit_from_another_tab_changes_nothing(edition, make_application, applicant):
    application = make_application(applicant, submit=False)
    stale_copy = Application.objects.get(pk=application.pk)
    domain.submit_application(application=application, by=applicant)
    first = Application.objects.get(pk=application.pk).submitted_at

    with pytest.raises(ValidationError) as error:
        domain.submit_application(application=stale_copy, by=applicant)

    assert error.value.messages[0].startswith("Ce dossier a déjà été déposé le ")
    assert Application.objects.get(pk=application.pk).submitted_at == first
    assert AuditEntry.objects.filter(action="submit", object_id=str(application.pk)).count() == 1


def test_double_submit_through_the_site_shows_a_clear_message(client, edition, make_application, applicant):
    application = make_application(applicant, submit=False)
    client.force_login(applicant)
    url = reverse("awards:application_submit", args=[application.pk])

    client.post(url)
    response = client.post(url, follow=True)

    assert [str(m) for m in response.context["messages"]][-1].startswith("Ce dossier a déjà été déposé le ")


def test_submit_refuses_an_incomplete_dossier_with_the_missing_questions(
    edition, make_application, applicant
):
    application = make_application(applicant, submit=False)
    domain.save_answers(
        application=application, answers={f"q{edition.questions.first().pk}": ""}, by=applicant
    )

    with pytest.raises(ValidationError) as error:
        domain.submit_application(application=application, by=applicant)

    assert error.value.messages == ["Le dossier est incomplet. À compléter : Quel besoin ?."]


def test_receipt_email_carries_the_dossier_as_pdf(
    edition, make_application, applicant, django_capture_on_commit_callbacks
):
    application = make_application(applicant, submit=False)

    with django_capture_on_commit_callbacks(execute=True):
        domain.submit_application(application=application, by=applicant)

    [message] = mail.outbox
    assert message.to == ["porteur@example.org"]
    assert message.subject == f"Accusé de réception — dossier 2030-001 ({edition.title})"
    [(name, content, mimetype)] = message.attachments
    assert (name, mimetype, content[:5]) == ("dossier-2030-001.pdf", "application/pdf", b"%PDF-")


def test_submitted_dossier_can_no_longer_be_edited(edition, make_application, applicant):
    application = make_application(applicant)

    with pytest.raises(ValidationError) as error:
        domain.save_answers(application=application, answers={"x": "y"}, by=applicant)

    assert error.value.messages == [
        "Le dossier a été déposé : il n'est plus modifiable, sauf si l'équipe le rouvre."
    ]


def test_staff_reopening_lets_the_applicant_edit_and_submit_again(
    edition, make_application, applicant, team_member
):
    application = make_application(applicant)
    domain.reopen_application(application=application, by=team_member, reason="Budget manquant")

    domain.save_answers(application=application, answers={"extra": "budget"}, by=applicant)
    domain.submit_application(application=application, by=applicant)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert list(
        AuditEntry.objects.filter(object_id=str(application.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["create", "edit", "submit", "reopen", "edit", "submit"]


def test_missing_pieces_request_reopens_and_emails_the_applicant(
    edition, make_application, applicant, team_member, django_capture_on_commit_callbacks
):
    application = make_application(applicant)

    with django_capture_on_commit_callbacks(execute=True):
        domain.add_comment(
            application=application, text="Joignez le bilan 2029.", kind="missing", by=team_member
        )

    application.refresh_from_db()
    assert application.status == ApplicationStatus.REOPENED
    assert [m.subject for m in mail.outbox] == ["Pièces manquantes — dossier 2030-001"]
    assert "Joignez le bilan 2029." in mail.outbox[0].body


def test_ineligibility_needs_a_reason(edition, make_application, applicant, team_member):
    application = make_application(applicant)
    with pytest.raises(ValidationError):
        domain.set_eligibility(application=application, eligible=False, reason=" ", by=team_member)

    domain.set_eligibility(application=application, eligible=False, reason="Hors région", by=team_member)

    application.refresh_from_db()
    assert (application.status, application.eligibility_reason) == (
        ApplicationStatus.INELIGIBLE,
        "Hors région",
    )
    entry = AuditEntry.objects.get(action="eligibility")
    assert entry.changes == {"status": ["submitted", "ineligible"], "eligibility_reason": ["", "Hors région"]}
    assert entry.actor == team_member


def test_new_initiative_is_created_as_an_unpublished_draft_of_the_catalogue(
    edition, applicant, make_organization, catalogue
):
    application = domain.create_application(
        edition=edition,
        applicant=applicant,
        organization=make_organization("Cogitec"),
        new_title="Semaine de 4 jours",
    )

    initiative = application.initiative
    assert (initiative.title, initiative.live, initiative.source, initiative.get_parent().pk) == (
        "Semaine de 4 jours",
        False,
        "candidature",
        catalogue.pk,
    )
    assert list(initiative.organizations.values_list("name", flat=True)) == ["Cogitec"]


def test_eligibility_by_kind_of_structure_is_checked(edition, applicant, make_organization, make_initiative):
    edition.eligible_kinds = ["association"]
    edition.save()
    with pytest.raises(ValidationError) as error:
        domain.create_application(
            edition=edition,
            applicant=applicant,
            organization=make_organization("SARL X"),
            initiative=make_initiative("X"),
        )
    assert error.value.messages == ["Ce prix est réservé aux structures de type : Association."]


def test_answers_form_keeps_what_was_typed_on_error(client, edition, make_application, applicant):
    application = make_application(applicant, submit=False)
    number = edition.questions.get(kind="number")
    client.force_login(applicant)

    response = client.post(
        reverse("awards:application_answers", args=[application.pk]),
        {
            f"q{edition.questions.get(kind='long_text').pk}": "Un texte long et précieux",
            f"q{number.pk}": "douze",
        },
    )

    assert response.status_code == 400
    assert "Un texte long et précieux" in response.content.decode()
    assert response.context["answers_form"].errors == {f"q{number.pk}": ["Saisissez un nombre."]}


def test_apply_view_creates_the_dossier_and_keeps_input_on_bad_siret(client, edition, applicant, catalogue):
    client.force_login(applicant)
    url = reverse("awards:apply", args=[2030])
    bad = client.post(
        url,
        {
            "organization_name": "Blond Vénitien",
            "organization_kind": "entreprise",
            "siret": "123",
            "new_title": "Semaine de 4 jours",
        },
    )
    assert bad.status_code == 200
    assert 'value="Blond Vénitien"' in bad.content.decode()
    assert list(bad.context["form"].errors) == ["siret"]

    good = client.post(
        url,
        {
            "organization_name": "Blond Vénitien",
            "organization_kind": "entreprise",
            "new_title": "Semaine de 4 jours",
        },
    )

    application = Application.objects.get()
    assert good["Location"] == reverse("awards:application_detail", args=[application.pk])
    assert (application.applicant, application.organization.name, application.status) == (
        applicant,
        "Blond Vénitien",
        "draft",
    )


# --- Uploads --------------------------------------------------------------------------------------


def _docx(extra=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_pdf_upload_is_stored_privately_with_a_sanitised_name(
    edition, make_application, applicant, pdf_file, settings
):
    application = make_application(applicant, submit=False)

    attachment = domain.add_attachment(
        application=application, uploaded=pdf_file("Budget été (v2)!.PDF"), by=applicant
    )

    assert (attachment.name, attachment.content_type) == ("budget-ete-v2.pdf", "application/pdf")
    assert (settings.PRIVATE_MEDIA_ROOT / attachment.path).read_bytes().startswith(b"%PDF")
    assert not str(settings.PRIVATE_MEDIA_ROOT).startswith(str(settings.MEDIA_ROOT))


def test_upload_that_lies_about_its_type_is_refused(edition, make_application, applicant):
    application = make_application(applicant, submit=False)
    fake = SimpleUploadedFile("rapport.pdf", b"<html><script>alert(1)</script></html>", "application/pdf")

    with pytest.raises(ValidationError) as error:
        domain.add_attachment(application=application, uploaded=fake, by=applicant)

    assert error.value.messages == [
        "Le fichier porte l'extension .pdf mais son contenu est d'un autre type : il est refusé."
    ]
    assert Attachment.objects.count() == 0


def test_executable_extension_is_refused(edition, make_application, applicant):
    application = make_application(applicant, submit=False)
    with pytest.raises(ValidationError) as error:
        domain.add_attachment(
            application=application, uploaded=SimpleUploadedFile("x.exe", b"MZ\x90\x00"), by=applicant
        )
    assert error.value.messages[0].startswith(
        "Ce type de fichier n'est pas accepté. Formats acceptés : docx, jpeg, jpg"
    )


def test_oversize_upload_is_refused_with_the_limit(edition, make_application, applicant, settings, pdf_file):
    settings.UPLOAD_MAX_SIZE = 1024 * 1024
    application = make_application(applicant, submit=False)
    with pytest.raises(ValidationError) as error:
        domain.add_attachment(
            application=application,
            uploaded=pdf_file(data=b"%PDF-1.4" + b"0" * 2 * 1024 * 1024),
            by=applicant,
        )
    assert error.value.messages == ["Le fichier pèse 2 Mo ; la taille maximale est de 1 Mo."]


def test_zip_bomb_disguised_as_docx_is_refused(edition, make_application, applicant):
    application = make_application(applicant, submit=False)
    bomb = _docx({"word/media/zeros.bin": b"\0" * 30 * 1024 * 1024})

    with pytest.raises(ValidationError) as error:
        domain.add_attachment(
            application=application, uploaded=SimpleUploadedFile("cv.docx", bomb), by=applicant
        )

    assert error.value.messages == [
        "Le fichier se décompresse en un volume démesuré (archive piégée) : il est refusé."
    ]


def test_real_docx_is_accepted(edition, make_application, applicant):
    application = make_application(applicant, submit=False)
    attachment = domain.add_attachment(
        application=application, uploaded=SimpleUploadedFile("Lettre.docx", _docx()), by=applicant
    )
    assert (
        attachment.content_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )


def test_attachment_is_served_as_a_download(client, edition, make_application, applicant, pdf_file):
    application = make_application(applicant, submit=False)
    attachment = domain.add_attachment(application=application, uploaded=pdf_file(), by=applicant)
    client.force_login(applicant)

    response = client.get(reverse("awards:attachment", args=[application.pk, attachment.pk]))

    assert response["Content-Disposition"] == 'attachment; filename="dossier.pdf"'
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    for closer in response._resource_closers:
        closer()


def test_upload_view_shows_the_error_and_keeps_the_dossier(client, edition, make_application, applicant):
    application = make_application(applicant, submit=False)
    client.force_login(applicant)

    response = client.post(
        reverse("awards:attachment_add", args=[application.pk]),
        {"file": SimpleUploadedFile("photo.png", b"%PDF-1.4 not a png"), "question": ""},
    )

    assert response.status_code == 400
    assert response.context["attachment_form"].errors == {
        "file": ["Le fichier porte l'extension .png mais son contenu est d'un autre type : il est refusé."]
    }
    assert Application.objects.get(pk=application.pk).answers == application.answers
