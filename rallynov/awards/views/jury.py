"""The jury's screens: assigned dossiers, conflicts, scoring, the booklet."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from rallynov.awards import domain, exports, queries, rules
from rallynov.awards.forms import (
    ConflictForm,
    ReviewForm,
)
from rallynov.awards.models import JuryMember
from rallynov.awards.views.common import edition_or_404, member_or_403, messages_of


@login_required
def jury(request, year):
    edition = edition_or_404(request, year)
    member = member_or_403(request, edition)
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
    edition = edition_or_404(request, year)
    member = member_or_403(request, edition)
    form = ConflictForm(
        request.POST or None, edition=edition, show_identity=not edition.blind_review, member=member
    )
    if request.method == "POST":
        if "none" in request.POST:
            domain.confirm_no_other_conflict(member=member, by=request.user)
            messages.success(request, _("Déclaration enregistrée."))
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
                for message in messages_of(error):
                    form.add_error(None, message)
            else:
                messages.success(
                    request, _("Conflit d'intérêts déclaré : les dossiers concernés vous sont retirés.")
                )
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
            raise PermissionDenied(_("La notation est close pour cette édition."))
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
                for key, msgs in (
                    error.message_dict.items() if hasattr(error, "message_dict") else [(None, error.messages)]
                ):
                    field = (
                        f"score_{key}"
                        if isinstance(key, int)
                        else ("recommendation" if key == "recommendation" else None)
                    )
                    for message in msgs:
                        form.add_error(field, message)
            else:
                messages.success(
                    request,
                    _("Évaluation terminée.") if "finish" in request.POST else _("Notes enregistrées."),
                )
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
    edition = edition_or_404(request, year)
    member = get_object_or_404(
        JuryMember.objects.select_related("user", "person"), pk=member_pk, edition=edition
    )
    if not (rules.is_prize_staff(request.user) or member.user_id == request.user.pk):
        raise PermissionDenied(_("Ce livret est réservé au membre du jury concerné."))
    response = HttpResponse(exports.booklet_pdf(member), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="livret-jury-{edition.year}-{member.pk}.pdf"'
    return response
