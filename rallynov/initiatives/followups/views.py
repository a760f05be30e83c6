"""The holder's follow-up form and the team's moderation screen (thin: the rules are in domain)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rallynov.core.decorators import team_only
from rallynov.core.queries import programme_for_request
from rallynov.initiatives.followups import domain, rules
from rallynov.initiatives.followups.forms import FollowUpForm, RejectForm
from rallynov.initiatives.followups.models import FollowUpProposal


@login_required
def add(request, pk):
    from rallynov.initiatives.models import InitiativePage

    initiative = get_object_or_404(InitiativePage, pk=pk)
    if not rules.can_add_follow_up(request.user, initiative):
        raise PermissionDenied
    form = FollowUpForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            domain.submit_follow_up(initiative=initiative, by=request.user, **form.cleaned_data)
        except domain.FollowUpError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Merci : votre suivi est envoyé à l'équipe, qui le publiera sur la fiche après relecture."),
            )
            return redirect("accounts:dashboard")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "initiatives/followups/add.html", {"form": form, "initiative": initiative}, status=status
    )


@team_only(rules.can_moderate_follow_ups)
def moderation(request):
    programme = programme_for_request(request)
    pending = (
        FollowUpProposal.objects.filter(state=FollowUpProposal.State.PENDING)
        .select_related("initiative", "author")
        .order_by("created_at")
    )
    if programme is not None:
        pending = pending.filter(initiative__programme=programme)
    context = {
        "pending": pending,
        "reject_form": RejectForm(),
        "stale": domain.stale_laureate_sheets(programme) if programme is not None else [],
        "recent": FollowUpProposal.objects.exclude(state=FollowUpProposal.State.PENDING)
        .select_related("initiative")
        .order_by("-reviewed_at")[:10],
    }
    return render(request, "initiatives/followups/moderation.html", context)


@require_POST
@team_only(rules.can_moderate_follow_ups)
def decide(request, pk):
    proposal = get_object_or_404(FollowUpProposal, pk=pk)
    try:
        if request.POST.get("decision") == "approve":
            domain.approve_follow_up(proposal, by=request.user)
            messages.success(
                request,
                _("Le suivi est publié sur la fiche « %(title)s ».") % {"title": proposal.initiative.title},
            )
        elif request.POST.get("decision") == "reject":
            form = RejectForm(request.POST)
            if not form.is_valid():
                raise domain.FollowUpError(_("Indiquez le motif du refus : il est envoyé au porteur."))
            domain.reject_follow_up(proposal, by=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("Le suivi est refusé ; le porteur en est informé."))
        else:
            raise domain.FollowUpError(_("Choisissez de publier ou de refuser le suivi."))
    except domain.FollowUpError as exc:
        messages.error(request, str(exc))
    return redirect("initiatives:follow_up_moderation")


@login_required
def picture(request, pk):
    """A pending picture, for the team and its author (never public before approval)."""
    proposal = get_object_or_404(FollowUpProposal, pk=pk)
    if not rules.can_see_proposal_picture(request.user, proposal):
        raise PermissionDenied
    if not proposal.picture:
        raise Http404(_("Ce suivi n'a pas d'image."))
    try:
        handle = proposal.picture.open("rb")
    except FileNotFoundError:
        raise Http404(_("L'image n'est plus disponible.")) from None
    response = FileResponse(handle)
    response["Content-Security-Policy"] = "default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    return response
