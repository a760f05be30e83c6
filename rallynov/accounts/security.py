"""Security rules of the accounts: who must use a second factor, and the login django-axes counts."""

from rallynov.accounts.rules import is_partner_editor, needs_second_factor


def must_use_second_factor(user):
    """With STAFF_MFA_REQUIRED, who must set up and use a second factor: the staff
    (`rules.needs_second_factor`: programme team, is_staff accounts, superusers) and the partner
    editors, who change the catalogue and the news in the admin. Applicants, jurors and the
    public do not."""
    return needs_second_factor(user) or is_partner_editor(user)


def axes_username(request, credentials):
    """The login that django-axes counts failures for: allauth sends it as `email`, forms as `login`."""
    if credentials:
        for key in ("email", "username", "login"):
            if credentials.get(key):
                return str(credentials[key]).lower()
    if request is not None and request.method == "POST":
        return (request.POST.get("login") or request.POST.get("email") or "").lower()
    return ""
