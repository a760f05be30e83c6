"""Security helpers of the accounts: the login django-axes counts. Who must use a second
factor is a rule: `accounts.rules.needs_second_factor`."""


def axes_username(request, credentials):
    """The login that django-axes counts failures for: allauth sends it as `email`, forms as `login`."""
    if credentials:
        for key in ("email", "username", "login"):
            if credentials.get(key):
                return str(credentials[key]).lower()
    if request is not None and request.method == "POST":
        return (request.POST.get("login") or request.POST.get("email") or "").lower()
    return ""
