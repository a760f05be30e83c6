"""Who may do what in the studies part."""

from rallynov.accounts.rules import is_programme_team


def can_manage_studies(user):
    """Build surveys, read every answer, export, read interview notes: the programme team."""
    return is_programme_team(user)


def can_see_results(user, survey):
    """Aggregated results: the team always, everyone when the survey's results are published."""
    return survey.results_public or can_manage_studies(user)
