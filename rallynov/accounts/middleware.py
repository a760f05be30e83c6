"""Staff must have a second factor (TOTP) before they reach the admin."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from rallynov.accounts.rules import needs_second_factor

PROTECTED_PREFIXES = ("/admin/", "/django-admin/")


def has_totp(user):
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class StaffSecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.STAFF_MFA_REQUIRED
            and request.path.startswith(PROTECTED_PREFIXES)
            and needs_second_factor(request.user)
            and not has_totp(request.user)
        ):
            return redirect(f"{reverse('mfa_activate_totp')}?next={request.path}")
        return self.get_response(request)
