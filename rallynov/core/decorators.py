"""View decorators shared by the parts.

`team_only(predicate)` is the one door of the team's screens (management, dashboard, survey
analysis, exports, check-in…): anonymous visitors go to the login page, logged-in people whom
`predicate(user)` refuses get a 403 (the French refusal page, `403.html`). The predicate is the
app's named rule (`rules.can_manage_events`, `rules.can_view_dashboard`…), so who may enter stays
written in one place per app.

A second condition holds on every team screen: a member of one programme's team works on the
hosts of their own programmes only (accounts.rules.works_on_request_programme, set here by
AccountsConfig.ready, since accounts sits above core).
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

_programme_scope = None


def set_programme_scope(check):
    """`check(request) -> bool`: may this request's user work on the request's programme?"""
    global _programme_scope  # noqa: PLW0603 (set once, at start-up)
    _programme_scope = check


def team_only(predicate):
    """Decorate a view so that only the users `predicate(user)` allows reach it."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not predicate(request.user):
                raise PermissionDenied
            if _programme_scope is not None and not _programme_scope(request):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
