"""The personal space ("Mon espace"): a holder's sheets with "add a follow-up"; for the team, the
follow-ups to moderate and the laureate sheets without news for a year."""

from django.utils.translation import gettext as _

from rallynov.initiatives.followups import rules
from rallynov.initiatives.followups.domain import stale_laureate_sheets
from rallynov.initiatives.followups.models import FollowUpProposal


def dashboard_section(user):
    sheets = list(rules.held_sheets(user)[:50])
    is_team = rules.can_moderate_follow_ups(user)
    if not sheets and not is_team:
        return None
    context = {"sheets": sheets, "is_team": is_team}
    if sheets:
        context["proposals"] = list(
            FollowUpProposal.objects.filter(author=user)
            .select_related("initiative")
            .order_by("-created_at")[:20]
        )
    if is_team:
        from rallynov.core.models import Programme

        programme = Programme.objects.default()
        context["pending"] = FollowUpProposal.objects.filter(state=FollowUpProposal.State.PENDING).count()
        context["stale"] = stale_laureate_sheets(programme) if programme else []
    return {
        "title": _("Mes fiches d'initiatives") if sheets else _("Suivis des fiches"),
        "template": "initiatives/followups/account_section.html",
        "context": context,
    }
