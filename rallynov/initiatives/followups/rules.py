"""Who may propose and moderate follow-ups: one place."""

from django.db.models import Q

from rallynov.accounts.rules import is_programme_team

# The roles that make a person speak for their structure's initiatives.
HOLDER_ROLES = ("contact", "dirigeant")


def holder_structures(user):
    """The structures `user` holds: their person's structure, and those they are the contact or
    leader of (organizations.Role). Empty for anonymous or inactive people."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    from rallynov.organizations.models import Organization

    person_filter = Q(people__user=user, people__erased_at__isnull=True)
    role_filter = Q(pk__in=_role_structures(user))
    return list(
        Organization.objects.filter(person_filter | role_filter).distinct().values_list("pk", flat=True)
    )


def _role_structures(user):
    from rallynov.organizations.models import Role

    return Role.objects.filter(
        person__user=user, person__erased_at__isnull=True, role__in=HOLDER_ROLES, organization__isnull=False
    ).values("organization_id")


def held_sheets(user):
    """The initiative sheets of the structures `user` holds (live or not)."""
    from rallynov.initiatives.models import InitiativePage

    structures = holder_structures(user)
    if not structures:
        return InitiativePage.objects.none()
    return InitiativePage.objects.filter(organizations__in=structures).distinct().order_by("title")


def can_add_follow_up(user, initiative):
    """A holder of one of the sheet's structures; the team adds theirs in the admin."""
    return held_sheets(user).filter(pk=initiative.pk).exists()


def can_moderate_follow_ups(user):
    return is_programme_team(user)


def can_see_proposal_picture(user, proposal):
    return can_moderate_follow_ups(user) or (user.is_authenticated and proposal.author_id == user.pk)
