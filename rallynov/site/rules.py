"""Who may do what on the public site's back office."""

from rallynov.accounts.rules import is_programme_team


def can_view_audience(user):
    return is_programme_team(user)


def can_export_newsletter(user):
    return is_programme_team(user)
