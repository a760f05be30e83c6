"""Named permission predicates: the one place that says who may do what."""

from rallynov.accounts import roles


def _in_group(user, name):
    if not user.is_authenticated or not user.is_active:
        return False
    cache = getattr(user, "_rallynov_groups", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._rallynov_groups = cache
    return name in cache


def is_programme_team(user):
    return user.is_authenticated and user.is_active and (user.is_superuser or _in_group(user, roles.PROGRAMME_TEAM))


def is_partner_editor(user):
    return _in_group(user, roles.PARTNER_EDITOR)


def is_juror(user):
    return _in_group(user, roles.JUROR)


def is_applicant(user):
    return _in_group(user, roles.APPLICANT)


def can_use_admin(user):
    return is_programme_team(user) or is_partner_editor(user)


def needs_second_factor(user):
    """Staff (programme team and superusers) must log in with a second factor."""
    return user.is_authenticated and (user.is_staff or user.is_superuser or is_programme_team(user))
