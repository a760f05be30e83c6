"""Who may read the FSE+ special categories (one rule, used by the indicators and their exports)."""


def can_read_sensitive(user):
    """Only the funders' reporting role (permission `events.view_fse_sensitive`) and superusers;
    not the programme team."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.has_perm("events.view_fse_sensitive")
