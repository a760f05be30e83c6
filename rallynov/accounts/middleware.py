"""The doors of the accounts: the second factor of the team and the partner editors, and the
answer to people who open an admin they have no access to."""

from urllib.parse import quote, urlparse

from django.conf import settings
from django.contrib import admin
from django.shortcuts import redirect, render
from django.urls import reverse

from rallynov.accounts.rules import needs_second_factor


def has_totp(user):
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def is_exempt(view_func):
    """The views a person without a second factor may still reach: allauth's own (logging out,
    setting up the second factor, e-mail and password pages) and the language switch."""
    module = getattr(view_func, "__module__", "") or ""
    view_class = getattr(view_func, "view_class", None)
    if view_class is not None:
        module = view_class.__module__
    return module.startswith("allauth.") or module == "django.views.i18n"


class StaffSecondFactorMiddleware:
    """With `STAFF_MFA_REQUIRED`, the people whose role asks for a second factor (see
    `accounts.rules.needs_second_factor`: the programme team, staff and superusers, the
    partner editors) are sent to its set-up until they have one, whatever screen they open: the
    rule follows the person, not a list of URLs, so a screen added later is covered by default.
    Once set up, allauth asks for the code at every login."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.STAFF_MFA_REQUIRED or is_exempt(view_func):
            return None
        user = request.user
        if not needs_second_factor(user) or has_totp(user):
            return None
        return redirect(f"{reverse('mfa_activate_totp')}?next={quote(request.get_full_path(), safe='/')}")


def _may_use_wagtail_admin(request):
    return request.user.has_perm("wagtailadmin.access_admin")


def _admin_areas():
    """(path prefix, may this request's user enter?) of each admin of the site: the same
    checks as Wagtail's and Django's own."""
    return [
        (reverse("wagtailadmin_home"), _may_use_wagtail_admin),
        (reverse("admin:index"), admin.site.has_permission),
    ]


class AdminRefusalMiddleware:
    """A logged-in person who opens an admin they may not use is sent by it to the login page
    (Wagtail and Django do so), and the login page, seeing them logged in, sent them back: a
    loop. Here the login page answers them instead: « L'administration est réservée à
    l'équipe… », with a link to their own space (403)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and request.path == reverse("account_login"):
            refused = self.refused_area(request)
            if refused is not None:
                return render(request, "403_admin.html", {"admin_path": refused}, status=403)
        return self.get_response(request)

    @staticmethod
    def refused_area(request):
        next_path = urlparse(request.GET.get("next", "")).path
        for prefix, may_enter in _admin_areas():
            if next_path.startswith(prefix) and not may_enter(request):
                return prefix
        return None


class ProgrammeTeamScopeMiddleware:
    """A member of one programme's team, on the site of a programme whose team they are not in,
    is treated there as a visitor by every rule (accounts.rules.is_programme_team): no prize
    management, moderation, import, journal or report of another region (tests/trust/
    test_permission_matrix.py walks every team screen with another programme's team)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from rallynov.accounts.rules import mark_off_programme

        mark_off_programme(request)
        return self.get_response(request)
