"""Who may do what in the observatory (page editing itself follows Wagtail's page permissions,
given on the catalogue by domain.ensure_catalogue)."""

from rallynov.accounts.rules import is_programme_team


def can_import_initiatives(user):
    return is_programme_team(user)


def can_moderate_submissions(user):
    return is_programme_team(user)
