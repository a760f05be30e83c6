"""Views of the prize: permission → form → domain call → redirect or render."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from rallynov.awards import domain, exports, queries, rules, uploads
from rallynov.awards.enums import CommentKind, Outcome, QuestionKind
from rallynov.awards.forms import (
    AnswersForm,
    AssignForm,
    AttachmentForm,
    CommentForm,
    ConflictForm,
    DecisionForm,
    EligibilityForm,
    JuryMemberForm,
    ReopenForm,
    ReviewForm,
    StartApplicationForm,
)
from rallynov.awards.models import Application, Assignment, Attachment, Edition, JuryMember
from rallynov.core.audit import history
from rallynov.core.queries import programme_for_request


def _messages_of(error):
    if hasattr(error, "message_dict"):
        return [m for msgs in error.message_dict.values() for m in msgs]
    return list(error.messages)


def _edition(request, year):
    return get_object_or_404(Edition.objects.select_related("programme"), programme=programme_for_request(request), year=year)


def _staff_edition(request, year):
    if not rules.is_prize_staff(request.user):
        raise PermissionDenied("Réservé à l'équipe du programme.")
    return _edition(request, year)


# --- Public pages ---------------------------------------------------------------------------------


def index(request):
    programme = programme_for_request(request)
    now = timezone.now()
    editions = list(queries.editions(programme).order_by("-year"))
    current = next((e for e in editions if e.is_open(now)), None)
    upcoming = [e for e in editions if e.opens_at > now]
    published = queries.published_editions(programme)
    return render(
        request,
        "awards/index.html",
        {
            "current": current,
            "upcoming": upcoming,
            "editions": editions,
            "laureates": list(queries.laureates(published)[:12]),
            "now": now,
        },
    )


def laureates(request):
    programme = programme_for_request(request)
    by_year = {}
    for application in queries.laureates(queries.published_editions(programme)):
        by_year.setdefault(application.edition, []).append(application)
    return render(request, "awards/laureates.html", {"by_year": list(by_year.items())})


def edition_detail(request, year):
    edition = _edition(request, year)
    now = timezone.now()
    past = queries.laureates(queries.published_editions(edition.programme).exclude(pk=edition.pk))
    own = []
    if request.user.is_authenticated:
        own = list(edition.applications.filter(applicant=request.user).select_related("initiative"))
    return render(
        request,
        "awards/edition.html",
        {
            "edition": edition,
            "now": now,
            "is_open": edition.is_open(now),
            "seconds_left": max(int((edition.closes_at - now).total_seconds()), 0),
            "criteria": edition.criteria.all(),
            "results": queries.laureates([edition]) if edition.is_published else [],
            "past_laureates": list(past[:12]),
            "own_applications": own,
            "ceremonies": _ceremonies(edition),
        },
    )


def _ceremonies(edition):
    related = getattr(edition, "ceremonies", None)
    if related is None:
        return []
    try:
        return [event for event in related.all() if getattr(event, "live", True)]
    except Exception:  # the events part may not be migrated yet on this database
        return []


# --- Applying ---------------------------------------------------------------------------------------


@login_required
def apply(request, year):
    edition = _edition(request, year)
    if not edition.is_open():
        messages.error(request, "L'appel à candidatures de cette édition n'est pas ouvert.")
        return redirect("awards:edition", year=year)
    form = StartApplicationForm(request.POST or None, programme=edition.programme)
    if request.method == "POST" and form.is_valid():
        from rallynov.organizations.domain import get_or_create_organization

        data = form.cleaned_data
        try:
            organization, _ = get_or_create_organization(
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
            for message in _messages_of(error):
                form.add_error(None, message)
        else:
            from rallynov.accounts import roles
            from rallynov.accounts.domain import add_to_group

            add_to_group(request.user, roles.APPLICANT)
            messages.success(request, f"Dossier {application.reference} créé : complétez-le puis déposez-le.")
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
        initial = {**application.answers, "contact_name": application.contact_name, "contact_phone": application.contact_phone}
        answers_form = answers_form or AnswersForm(initial=initial, questions=questions)
        attachment_form = attachment_form or AttachmentForm(questions=questions)
    own_assignment = rules.assignment_for(user, application)
    reviews = []
    if is_staff or (own_assignment and rules.can_see_all_scores(user, edition)):
        reviews = list(
            application.assignments.select_related("member__user", "member__person").prefetch_related("scores__criterion")
        )
    elif own_assignment:
        reviews = [own_assignment]
    decision = application.decision_or_none
    show_decision = decision and (is_staff or edition.is_published or (own_assignment and edition.deliberation_open))
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
            for message in _messages_of(error):
                form.add_error(None, message)
        else:
            messages.success(request, "Brouillon enregistré.")
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
            for message in _messages_of(error):
                form.add_error("file", message)
        else:
            messages.success(request, "Pièce jointe ajoutée.")
            return redirect("awards:application_detail", pk=pk)
    context = _detail_context(request, application, attachment_form=form)
    return render(request, "awards/application.html", context, status=400)


@login_required
def attachment_download(request, pk, attachment_pk):
    application = rules.application_for(request.user, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, application=application)
    storage = uploads.private_storage()
    if not storage.exists(attachment.path):
        raise Http404("Fichier introuvable.")
    response = FileResponse(
        storage.open(attachment.path, "rb"), as_attachment=True, filename=attachment.name, content_type=attachment.content_type
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
        for message in _messages_of(error):
            messages.error(request, message)
    else:
        messages.success(request, f"« {attachment.name} » supprimé.")
    return redirect("awards:application_detail", pk=pk)


@login_required
@require_POST
def application_submit(request, pk):
    application = rules.application_for(request.user, pk, action="edit")
    try:
        domain.submit_application(application=application, by=request.user)
    except ValidationError as error:
        for message in _messages_of(error):
            messages.error(request, message)
    else:
        messages.success(
            request, f"Dossier {application.reference} déposé. Un accusé de réception vous a été envoyé par e-mail."
        )
    return redirect("awards:application_detail", pk=pk)


@login_required
def application_pdf(request, pk):
    application = rules.application_for(request.user, pk)
    from rallynov.awards.pdf import render as render_pdf

    data = domain.dossier_data(application, identity=rules.sees_identity(request.user, application))
    response = HttpResponse(render_pdf("dossier.typ", data), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="dossier-{application.reference}.pdf"'
    return response


# --- Jury -------------------------------------------------------------------------------------------


def _member_or_403(request, edition):
    member = rules.member_of(request.user, edition)
    if member is None:
        raise PermissionDenied("Vous n'êtes pas membre du jury de cette édition.")
    return member


@login_required
def jury(request, year):
    edition = _edition(request, year)
    member = _member_or_403(request, edition)
    assignments = queries.member_screen_rows(member)
    done = sum(1 for a in assignments if a["submitted_at"])
    return render(
        request,
        "awards/jury.html",
        {
            "edition": edition,
            "member": member,
            "assignments": assignments,
            "done": done,
            "show_identity": not edition.blind_review,
            "conflicts": member.conflicts.select_related("organization", "application__initiative"),
        },
    )


@login_required
def conflicts(request, year):
    edition = _edition(request, year)
    member = _member_or_403(request, edition)
    form = ConflictForm(request.POST or None, edition=edition, show_identity=not edition.blind_review)
    if request.method == "POST":
        if "none" in request.POST:
            domain.confirm_no_other_conflict(member=member, by=request.user)
            messages.success(request, "Déclaration enregistrée.")
            return redirect("awards:jury", year=year)
        if form.is_valid():
            try:
                domain.declare_conflict(
                    member=member,
                    organization=form.cleaned_data.get("organization"),
                    application=form.cleaned_data.get("application"),
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                )
            except ValidationError as error:
                for message in _messages_of(error):
                    form.add_error(None, message)
            else:
                messages.success(request, "Conflit d'intérêts déclaré : les dossiers concernés vous sont retirés.")
                return redirect("awards:jury", year=year)
    return render(request, "awards/conflicts.html", {"edition": edition, "member": member, "form": form})


@login_required
def review(request, pk):
    application = rules.application_for(request.user, pk, action="score")
    assignment = rules.assignment_for(request.user, application)
    edition = application.edition
    criteria = list(edition.criteria.all())
    if request.method == "POST":
        if not rules.can_score(request.user, application):
            raise PermissionDenied("La notation est close pour cette édition.")
        form = ReviewForm(request.POST, edition=edition, criteria=criteria)
        if form.is_valid():
            try:
                domain.save_review(
                    assignment=assignment,
                    scores=form.scores(),
                    recommendation=form.cleaned_data["recommendation"],
                    comment=form.cleaned_data["comment"],
                    finish="finish" in request.POST,
                    by=request.user,
                )
            except ValidationError as error:
                for key, msgs in error.message_dict.items() if hasattr(error, "message_dict") else [(None, error.messages)]:
                    field = f"score_{key}" if isinstance(key, int) else ("recommendation" if key == "recommendation" else None)
                    for message in msgs:
                        form.add_error(field, message)
            else:
                messages.success(request, "Évaluation terminée." if "finish" in request.POST else "Notes enregistrées.")
                return redirect("awards:jury", year=edition.year)
        status = 400
    else:
        initial = {"recommendation": assignment.recommendation, "comment": assignment.comment}
        for score in assignment.scores.all():
            initial[f"score_{score.criterion_id}"] = score.value
            initial[f"note_{score.criterion_id}"] = score.comment
        form = ReviewForm(initial=initial, edition=edition, criteria=criteria)
        status = 200
    return render(
        request,
        "awards/review.html",
        {
            "application": application,
            "edition": edition,
            "assignment": assignment,
            "form": form,
            "can_score": rules.can_score(request.user, application),
            "show_identity": rules.sees_identity(request.user, application),
        },
        status=status,
    )


@login_required
def booklet(request, year, member_pk):
    """The jury booklet: every dossier assigned to one member, as PDF (staff or the member)."""
    edition = _edition(request, year)
    member = get_object_or_404(JuryMember.objects.select_related("user", "person"), pk=member_pk, edition=edition)
    if not (rules.is_prize_staff(request.user) or member.user_id == request.user.pk):
        raise PermissionDenied("Ce livret est réservé au membre du jury concerné.")
    response = HttpResponse(exports.booklet_pdf(member), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="livret-jury-{edition.year}-{member.pk}.pdf"'
    return response


# --- Staff ------------------------------------------------------------------------------------------


@login_required
def manage_index(request):
    if not rules.is_prize_staff(request.user):
        raise PermissionDenied("Réservé à l'équipe du programme.")
    editions = queries.editions(programme_for_request(request)).order_by("-year")
    return render(request, "awards/manage_index.html", {"editions": editions})


@login_required
def manage(request, year):
    edition = _staff_edition(request, year)
    applications = (
        edition.applications.select_related("initiative", "organization", "applicant", "edition")
        .prefetch_related(Prefetch("assignments", queryset=Assignment.objects.select_related("member__user", "member__person")))
        .order_by("number")
    )
    return render(
        request,
        "awards/manage.html",
        {
            "edition": edition,
            "applications": applications,
            "progress": queries.jury_progress(edition),
            "assign_form": AssignForm(edition=edition),
            "member_form": JuryMemberForm(),
        },
    )


@login_required
@require_POST
def jury_add(request, year):
    edition = _staff_edition(request, year)
    form = JuryMemberForm(request.POST)
    if form.is_valid():
        member = domain.add_jury_member(
            edition=edition, user=form.user, is_president=form.cleaned_data["is_president"], by=request.user
        )
        messages.success(request, f"{member} ajouté·e au jury.")
    else:
        for message in form.errors.get("email", []):
            messages.error(request, message)
    return redirect("awards:manage", year=year)


@login_required
@require_POST
def assign(request, year):
    edition = _staff_edition(request, year)
    form = AssignForm(request.POST, edition=edition)
    if form.is_valid():
        try:
            domain.assign(member=form.cleaned_data["member"], application=form.cleaned_data["application"], by=request.user)
        except ValidationError as error:
            for message in _messages_of(error):
                messages.error(request, message)
        else:
            messages.success(request, "Dossier affecté.")
    else:
        messages.error(request, "Choisissez un membre et un dossier.")
    return redirect("awards:manage", year=year)


@login_required
@require_POST
def auto_assign(request, year):
    edition = _staff_edition(request, year)
    try:
        created, short = domain.auto_assign(edition=edition, by=request.user)
    except ValidationError as error:
        for message in _messages_of(error):
            messages.error(request, message)
    else:
        messages.success(request, f"{created} affectation(s) créée(s).")
        if short:
            messages.error(
                request,
                f"Pas assez de membres sans conflit pour {len(short)} dossier(s) : " + ", ".join(short) + ".",
            )
    return redirect("awards:manage", year=year)


@login_required
@require_POST
def remind(request, year):
    edition = _staff_edition(request, year)
    sent = domain.send_reminders(edition=edition, by=request.user)
    messages.success(request, f"{sent} relance(s) envoyée(s).")
    return redirect("awards:manage", year=year)


@login_required
@require_POST
def instruct(request, pk):
    application = rules.application_for(request.user, pk, action="manage")
    action = request.POST.get("action")
    try:
        if action == "eligibility":
            form = EligibilityForm(request.POST)
            if not form.is_valid():
                raise ValidationError("Choisissez « recevable » ou « non recevable ».")
            domain.set_eligibility(
                application=application, eligible=form.cleaned_data["eligible"], reason=form.cleaned_data["reason"], by=request.user
            )
            messages.success(request, "Recevabilité enregistrée.")
        elif action == "comment":
            form = CommentForm(request.POST)
            if not form.is_valid():
                raise ValidationError("Le commentaire est vide.")
            domain.add_comment(application=application, text=form.cleaned_data["text"], kind=form.cleaned_data["kind"], by=request.user)
            messages.success(request, "Commentaire enregistré.")
        elif action == "reopen":
            form = ReopenForm(request.POST)
            if not form.is_valid():
                raise ValidationError("Indiquez le motif de réouverture.")
            domain.reopen_application(application=application, reason=form.cleaned_data["reason"], by=request.user)
            messages.success(request, "Dossier rouvert : le porteur peut le modifier.")
        else:
            raise ValidationError("Action inconnue.")
    except ValidationError as error:
        for message in _messages_of(error):
            messages.error(request, message)
    return redirect("awards:application_detail", pk=pk)


@login_required
def deliberation(request, year):
    edition = _edition(request, year)
    if not rules.can_deliberate(request.user, edition):
        raise PermissionDenied("La délibération est réservée au président du jury et à l'équipe.")
    errors = {}
    if request.method == "POST":
        application = get_object_or_404(Application, pk=request.POST.get("application"), edition=edition)
        form = DecisionForm(request.POST)
        if form.is_valid():
            try:
                domain.record_decision(
                    application=application, outcome=form.cleaned_data["outcome"], motive=form.cleaned_data["motive"], by=request.user
                )
            except ValidationError as error:
                errors[application.pk] = _messages_of(error)
            else:
                messages.success(request, f"Décision enregistrée pour le dossier {application.reference}.")
                return redirect("awards:deliberation", year=year)
        else:
            errors[application.pk] = [m for msgs in form.errors.values() for m in msgs]
    rows = queries.ranking(edition)
    members = list(edition.jury.select_related("user", "person"))
    return render(
        request,
        "awards/deliberation.html",
        {
            "edition": edition,
            "rows": rows,
            "members": members,
            "errors": errors,
            "posted": request.POST if errors else None,
            "problems": domain.publication_problems(edition),
            "outcomes": Outcome.choices,
            "is_staff": rules.is_prize_staff(request.user),
        },
        status=400 if errors else 200,
    )


@login_required
@require_POST
def open_deliberation(request, year):
    edition = _staff_edition(request, year)
    domain.open_deliberation(edition=edition, by=request.user)
    messages.success(request, "Délibération ouverte : les notes sont figées et visibles de tout le jury.")
    return redirect("awards:deliberation", year=year)


@login_required
@require_POST
def publish(request, year):
    edition = _staff_edition(request, year)
    try:
        domain.publish_results(edition=edition, by=request.user)
    except ValidationError as error:
        for message in _messages_of(error):
            messages.error(request, message)
    else:
        messages.success(request, "Résultats publiés : les lauréats apparaissent sur leurs fiches.")
    return redirect("awards:deliberation", year=year)


@login_required
@require_POST
def letters(request, year):
    edition = _staff_edition(request, year)
    try:
        sent = domain.send_letters(edition=edition, by=request.user)
    except ValidationError as error:
        for message in _messages_of(error):
            messages.error(request, message)
    else:
        messages.success(request, f"{sent} courrier(s) envoyé(s).")
    return redirect("awards:manage", year=year)


@login_required
def export(request, year, kind, fmt):
    edition = _staff_edition(request, year)
    content, content_type = exports.export(edition, kind=kind, fmt=fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="prix-{edition.year}-{kind}.{fmt}"'
    return response
