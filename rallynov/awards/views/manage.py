"""The programme team's screens: dossiers, jury, assignments, reminders, instruction, letters, exports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rallynov.awards import domain, exports, queries, rules
from rallynov.awards.forms import (
    AssignForm,
    CommentForm,
    EligibilityForm,
    JuryMemberForm,
    ReopenForm,
    VicePresidentForm,
)
from rallynov.awards.models import Assignment
from rallynov.awards.views.common import messages_of, staff_edition
from rallynov.core.queries import programme_for_request


@login_required
def manage_index(request):
    if not rules.is_prize_staff(request.user):
        raise PermissionDenied(_("Réservé à l'équipe du programme."))
    editions = queries.editions(programme_for_request(request)).order_by("-year")
    return render(request, "awards/manage_index.html", {"editions": editions})


@login_required
def manage(request, year):
    edition = staff_edition(request, year)
    applications = (
        edition.applications.select_related("initiative", "organization", "applicant", "edition")
        .prefetch_related(
            Prefetch(
                "assignments", queryset=Assignment.objects.select_related("member__user", "member__person")
            )
        )
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
            "vice_president_form": VicePresidentForm(edition=edition),
        },
    )


@login_required
@require_POST
def jury_add(request, year):
    edition = staff_edition(request, year)
    form = JuryMemberForm(request.POST)
    if form.is_valid():
        member = domain.add_jury_member(
            edition=edition, user=form.user, is_president=form.cleaned_data["is_president"], by=request.user
        )
        messages.success(request, _("%(member)s ajouté·e au jury.") % {"member": member})
    else:
        for message in form.errors.get("email", []):
            messages.error(request, message)
    return redirect("awards:manage", year=year)


@login_required
@require_POST
def vice_president(request, year):
    edition = staff_edition(request, year)
    form = VicePresidentForm(request.POST, edition=edition)
    if form.is_valid():
        try:
            domain.name_vice_president(edition=edition, member=form.cleaned_data["member"], by=request.user)
        except ValidationError as error:
            for message in messages_of(error):
                messages.error(request, message)
        else:
            messages.success(request, _("Vice-présidence du jury enregistrée."))
    else:
        messages.error(request, _("Choisissez un membre du jury."))
    return redirect("awards:manage", year=year)


@login_required
@require_POST
def assign(request, year):
    edition = staff_edition(request, year)
    form = AssignForm(request.POST, edition=edition)
    if form.is_valid():
        try:
            domain.assign(
                member=form.cleaned_data["member"],
                application=form.cleaned_data["application"],
                by=request.user,
            )
        except ValidationError as error:
            for message in messages_of(error):
                messages.error(request, message)
        else:
            messages.success(request, _("Dossier affecté."))
    else:
        messages.error(request, _("Choisissez un membre et un dossier."))
    return redirect("awards:manage", year=year)


@login_required
@require_POST
def auto_assign(request, year):
    edition = staff_edition(request, year)
    try:
        created, short = domain.auto_assign(edition=edition, by=request.user)
    except ValidationError as error:
        for message in messages_of(error):
            messages.error(request, message)
    else:
        messages.success(request, _("%(count)s affectation(s) créée(s).") % {"count": created})
        if short:
            messages.error(
                request,
                _("Pas assez de membres sans conflit pour %(count)s dossier(s) : %(references)s.")
                % {"count": len(short), "references": ", ".join(short)},
            )
    return redirect("awards:manage", year=year)


@login_required
@require_POST
def remind(request, year):
    edition = staff_edition(request, year)
    sent = domain.send_reminders(edition=edition, by=request.user)
    messages.success(request, _("%(count)s relance(s) envoyée(s).") % {"count": sent})
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
                raise ValidationError(_("Choisissez « recevable » ou « non recevable »."))
            domain.set_eligibility(
                application=application,
                eligible=form.cleaned_data["eligible"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
            messages.success(request, _("Recevabilité enregistrée."))
        elif action == "comment":
            form = CommentForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Le commentaire est vide."))
            domain.add_comment(
                application=application,
                text=form.cleaned_data["text"],
                kind=form.cleaned_data["kind"],
                by=request.user,
            )
            messages.success(request, _("Commentaire enregistré."))
        elif action == "reopen":
            form = ReopenForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Indiquez le motif de réouverture."))
            domain.reopen_application(
                application=application, reason=form.cleaned_data["reason"], by=request.user
            )
            messages.success(request, _("Dossier rouvert : le porteur peut le modifier."))
        else:
            raise ValidationError(_("Action inconnue."))
    except ValidationError as error:
        for message in messages_of(error):
            messages.error(request, message)
    return redirect("awards:application_detail", pk=pk)


@login_required
@require_POST
def letters(request, year):
    edition = staff_edition(request, year)
    try:
        sent = domain.send_letters(edition=edition, by=request.user)
    except ValidationError as error:
        for message in messages_of(error):
            messages.error(request, message)
    else:
        messages.success(request, _("%(count)s courrier(s) envoyé(s).") % {"count": sent})
    return redirect("awards:manage", year=year)


@login_required
def export(request, year, kind, fmt):
    edition = staff_edition(request, year)
    content, content_type = exports.export(edition, kind=kind, fmt=fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="prix-{edition.year}-{kind}.{fmt}"'
    return response
