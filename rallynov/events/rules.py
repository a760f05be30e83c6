"""Who may do what with events (named predicates, tested role by role)."""

from rallynov.accounts import rules as account_rules


def can_manage_events(user):
    """Register people, move them, export lists, send questionnaires: the programme team."""
    return account_rules.is_programme_team(user)


def can_check_in(user):
    """Welcome people at the door: the programme team."""
    return account_rules.is_programme_team(user)


def can_see_registration(user, registration):
    """The personal link is the key; logged-in owners and staff also see it from their space."""
    if can_manage_events(user):
        return True
    return bool(user.is_authenticated and (registration.user_id == user.pk or registration.email == user.email.lower()))
