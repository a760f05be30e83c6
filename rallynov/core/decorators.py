"""View decorators shared by the parts.

`team_only(predicate)` is the one door of the team's screens (management, dashboard, survey
analysis, exports, check-in…): anonymous visitors go to the login page, logged-in people whom
`predicate(user)` refuses get a 403 (the French refusal page, `403.html`). The predicate is the
app's named rule (`rules.can_manage_events`, `rules.can_view_dashboard`…), so who may enter stays
written in one place per app.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def team_only(predicate):
    """Decorate a view so that only the users `predicate(user)` allows reach it."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not predicate(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
