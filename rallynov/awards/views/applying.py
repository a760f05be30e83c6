"""Applying: starting, answering, attaching, submitting a dossier; its page and its PDF."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rallynov.accounts import roles
from rallynov.accounts.domain import add_to_group
from rallynov.awards import domain, rules, uploads
from rallynov.awards.enums import CommentKind, QuestionKind
from rallynov.awards.forms import (
    AnswersForm,
    AttachmentForm,
    CommentForm,
    EligibilityForm,
    ReopenForm,
    StartApplicationForm,
)
from rallynov.awards.models import Attachment
from rallynov.awards.pdf import render as render_pdf
from rallynov.awards.views.common import edition_or_404, messages_of
from rallynov.core.audit import history
from rallynov.organizations.domain import get_or_create_organization


@login_required
def apply(request, year):
    edition = edition_or_404(request, year)
    if not edition.is_open():
        messages.error(request, _("L'appel à candidatures de cette édition n'est pas ouvert."))
        return redirect("awards:edition", year=year)
    form = StartApplicationForm(request.POST or None, programme=edition.programme)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            organization, _created = get_or_create_organization(
                name=data["organization_name"], kind=data["organization_kind"], siret=data["siret"]
            )
            application = domain.create_application(
                edition=edition,
                applicant=request.user,
                organization=organization,
                initiative=data["initiative"],
                new_title=data["new_title"],
                new_summary=data["new_summary"],
            )
        except ValidationError as error:
            for message in messages_of(error):
                form.add_error(None, message)
        else:
            add_to_group(request.user, roles.APPLICANT)
            messages.success(
                request,
                _("Dossier %(reference)s créé : complétez-le puis déposez-le.")
                % {"reference": application.reference},
            )
            return redirect("awards:application_detail", pk=application.pk)
    return render(request, "awards/apply.html", {"edition": edition, "form": form})


def _detail_context(request, application, *, answers_form=None, attachment_form=None, review_form=None):
    user = request.user
    edition = application.edition
    questions = list(edition.questions.all())
    attachments = list(application.attachments.all())
    can_edit = rules.can_edit_application(user, application)
    is_staff = rules.is_prize_staff(user)
    files_by_question = {}
    for attachment in attachments:
        files_by_question.setdefault(attachment.question_id, []).append(attachment)
    answers = [
        {
            "question": q,
            "value": application.answers.get(q.field_name, ""),
            "files": files_by_question.get(q.pk, []) if q.kind == QuestionKind.FILE else [],
        }
        for q in questions
    ]
    if can_edit:
        initial = {
            **application.answers,
            "contact_name": application.contact_name,
            "contact_phone": application.contact_phone,
        }
        answers_form = answers_form or AnswersForm(initial=initial, questions=questions)
        attachment_form = attachment_form or AttachmentForm(questions=questions)
    own_assignment = rules.assignment_for(user, application)
    reviews = []
    if is_staff or (own_assignment and rules.can_see_all_scores(user, edition)):
        reviews = list(
            application.assignments.select_related("member__user", "member__person").prefetch_related(
                "scores__criterion"
            )
        )
    elif own_assignment:
        reviews = [own_assignment]
    decision = application.decision_or_none
    show_decision = decision and (
        is_staff or edition.is_published or (own_assignment and edition.deliberation_open)
    )
    context = {
        "application": application,
        "edition": edition,
        "show_identity": rules.sees_identity(user, application),
        "is_owner": rules.is_owner(user, application),
        "is_staff": is_staff,
        "can_edit": can_edit,
        "answers": answers,
        "other_attachments": files_by_question.get(None, []),
        "answers_form": answers_form,
        "attachment_form": attachment_form,
        "missing": domain.missing_answers(application) if can_edit else [],
        "own_assignment": own_assignment,
        "can_score": rules.can_score(user, application),
        "reviews": reviews,
        "decision": decision if show_decision else None,
        "max_size": uploads.human_size(settings.UPLOAD_MAX_SIZE),
        "extensions": uploads.allowed_extensions_label(),
    }
    if rules.is_owner(user, application) or is_staff:
        context["requests"] = [c for c in application.comments.all() if c.kind == CommentKind.MISSING_PIECES]
    if is_staff:
        context.update(
            {
                "comments": application.comments.select_related("author"),
                "history": history(application)[:100],
                "eligibility_form": EligibilityForm(),
                "comment_form": CommentForm(),
                "reopen_form": ReopenForm(),
            }
        )
    return context


@login_required
def application_detail(request, pk):
    application = rules.application_for(request.user, pk)
    return render(request, "awards/application.html", _detail_context(request, application))


@login_required
@require_POST
def application_answers(request, pk):
    application = rules.application_for(request.user, pk, action="edit")
    questions = list(application.edition.questions.all())
    form = AnswersForm(request.POST, questions=questions)
    if form.is_valid():
        try:
            domain.save_answers(
                application=application,
                answers=form.answers(),
                contact_name=form.cleaned_data["contact_name"],
                contact_phone=form.cleaned_data["contact_phone"],
                by=request.user,
            )
        except ValidationError as error:
            for message in messages_of(error):
                form.add_error(None, message)
        else:
            messages.success(request, _("Brouillon enregistré."))
            return redirect("awards:application_detail", pk=pk)
    # What was typed stays in the form, with the errors beside the fields.
    context = _detail_context(request, application, answers_form=form)
    context["can_edit"] = True
    return render(request, "awards/application.html", context, status=400)


@login_required
@require_POST
def attachment_add(request, pk):
    application = rules.application_for(request.user, pk, action="edit")
    questions = list(application.edition.questions.all())
    form = AttachmentForm(request.POST, request.FILES, questions=questions)
    if form.is_valid():
        try:
            domain.add_attachment(
                application=application,
                uploaded=form.cleaned_data["file"],
                question=form.questions_by_pk.get(form.cleaned_data["question"]),
                by=request.user,
            )
        except ValidationError as error:
            for message in messages_of(error):
                form.add_error("file", message)
        else:
            messages.success(request, _("Pièce jointe ajoutée."))
            return redirect("awards:application_detail", pk=pk)
    context = _detail_context(request, application, attachment_form=form)
    return render(request, "awards/application.html", context, status=400)


@login_required
def attachment_download(request, pk, attachment_pk):
    application = rules.application_for(request.user, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, application=application)
    storage = uploads.private_storage()
    if not storage.exists(attachment.path):
        raise Http404(_("Fichier introuvable."))
    response = FileResponse(
        storage.open(attachment.path, "rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def attachment_delete(request, pk, attachment_pk):
    application = rules.application_for(request.user, pk, action="edit")
    attachment = get_object_or_404(Attachment, pk=attachment_pk, application=application)
    try:
        domain.delete_attachment(attachment=attachment, by=request.user)
    except ValidationError as error:
        for message in messages_of(error):
            messages.error(request, message)
    else:
        messages.success(request, _("« %(name)s » supprimé.") % {"name": attachment.name})
    return redirect("awards:application_detail", pk=pk)


@login_required
@require_POST
def application_submit(request, pk):
    application = rules.application_for(request.user, pk, action="edit")
    try:
        domain.submit_application(application=application, by=request.user)
    except ValidationError as error:
        for message in messages_of(error):
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Dossier %(reference)s déposé. Un accusé de réception vous a été envoyé par e-mail.")
            % {"reference": application.reference},
        )
    return redirect("awards:application_detail", pk=pk)


@login_required
def application_pdf(request, pk):
    application = rules.application_for(request.user, pk)
    data = domain.dossier_data(application, identity=rules.sees_identity(request.user, application))
    response = HttpResponse(render_pdf("dossier.typ", data), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="dossier-{application.reference}.pdf"'
    return response
