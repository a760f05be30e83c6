"""Who may see the dashboard, the funders' indicators and the yearly reports."""

from rallynov.accounts import rules as account_rules


def can_view_dashboard(user):
    return account_rules.is_programme_team(user)


def can_view_indicators(user):
    """Participant indicators are built from registrations: the team and the funders' reporting role
    read them (counts only, small cells masked)."""
    return account_rules.is_programme_team(user) or account_rules.is_funders_reporting(user)


def can_manage_reports(user):
    """Write the editorial texts, generate the PDF, publish the report page."""
    return account_rules.is_programme_team(user)


def can_view_report(user, edition):
    return edition is not None and (edition.is_published or can_manage_reports(user))
