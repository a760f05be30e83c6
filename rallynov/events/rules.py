"""Who may do what with events (named predicates, tested role by role)."""

from rallynov.accounts import rules as account_rules


def can_manage_events(user):
    """Register people, move them, export lists, send questionnaires: the programme team."""
    return account_rules.is_programme_team(user)


def can_check_in(user):
    """Welcome people at the door: the programme team."""
    return account_rules.is_programme_team(user)

