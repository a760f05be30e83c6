"""Deliberation: the ranking and the decisions, opening it, publishing the results."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rallynov.awards import conflicts, domain, queries, rules
from rallynov.awards.enums import Outcome
from rallynov.awards.forms import (
    DecisionForm,
)
from rallynov.awards.models import Application
from rallynov.awards.views.common import edition_or_404, messages_of, staff_edition


@login_required
def deliberation(request, year):
    """The ranking and the decision forms. A jury member sees nothing of the dossiers they are in
    conflict with (not even a gap in the ranks) and decides only what awards.rules.decision_rights
    gives them: the president every other dossier, the vice-president those the president is in
    conflict with. The programme team sees and may decide everything."""
    edition = edition_or_404(request, year)
    if not rules.can_deliberate(request.user, edition):
        raise PermissionDenied(_("La délibération est réservée au président du jury et à l'équipe."))
    viewer = rules.sees_at_deliberation(request.user, edition)
    rights = rules.decision_rights(request.user, edition)
    errors = {}
    if request.method == "POST":
        visible = conflicts.visible_to(viewer, Application.objects.filter(edition=edition))
        application = get_object_or_404(visible, pk=request.POST.get("application"))
        if application.pk not in rights:
            raise PermissionDenied(_("Vous ne pouvez pas décider de ce dossier."))
        form = DecisionForm(request.POST)
        if form.is_valid():
            try:
                domain.record_decision(
                    application=application,
                    outcome=form.cleaned_data["outcome"],
                    motive=form.cleaned_data["motive"],
                    by=request.user,
                )
            except ValidationError as error:
                errors[application.pk] = messages_of(error)
            else:
                messages.success(
                    request,
                    _("Décision enregistrée pour le dossier %(reference)s.")
                    % {"reference": application.reference},
                )
                return redirect("awards:deliberation", year=year)
        else:
            errors[application.pk] = [m for msgs in form.errors.values() for m in msgs]
    rows = queries.ranking(edition, seen_by=viewer)
    return render(
        request,
        "awards/deliberation.html",
        {
            "edition": edition,
            "rows": rows,
            "decidable": set(rights),
            "president_conflicted": {pk for pk, right in rights.items() if right.president_in_conflict},
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
    edition = staff_edition(request, year)
    domain.open_deliberation(edition=edition, by=request.user)
    messages.success(request, _("Délibération ouverte : les notes sont figées et visibles de tout le jury."))
    return redirect("awards:deliberation", year=year)


@login_required
@require_POST
def publish(request, year):
    edition = staff_edition(request, year)
    try:
        domain.publish_results(edition=edition, by=request.user)
    except ValidationError as error:
        for message in messages_of(error):
            messages.error(request, message)
    else:
        messages.success(request, _("Résultats publiés : les lauréats apparaissent sur leurs fiches."))
    return redirect("awards:deliberation", year=year)
