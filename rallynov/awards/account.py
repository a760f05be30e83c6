"""The prize in "Mon espace": the applicant's dossiers, the juror's assignments, staff links."""

from rallynov.awards import rules


def dashboard_section(user):
    from rallynov.awards.models import Application, Edition, JuryMember
    from rallynov.awards.queries import member_progress, open_edition
    from rallynov.core.models import Programme

    applications = list(
        Application.objects.filter(applicant=user)
        .select_related("edition", "initiative", "decision")
        .order_by("-edition__year", "number")
    )
    memberships = list(
        JuryMember.objects.filter(user=user).select_related("edition").order_by("-edition__year")
    )
    for member in memberships:
        # Counted by the conflict rule, as on the jury screen: a dossier the member is in conflict
        # with is neither listed nor counted.
        member.assigned, member.done = member_progress(member)
    staff_editions = list(Edition.objects.order_by("-year")[:5]) if rules.is_prize_staff(user) else []
    programme = Programme.objects.default()
    current = open_edition(programme) if programme else None
    if not (applications or memberships or staff_editions or current):
        return None
    return {
        "title": "Prix de l'innovation sociale",
        "template": "awards/includes/account_section.html",
        "context": {
            "applications": applications,
            "memberships": memberships,
            "staff_editions": staff_editions,
            "open_edition": current,
        },
    }
