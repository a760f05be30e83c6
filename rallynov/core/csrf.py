"""Protection against cross-site requests without a cookie for the anonymous visitor.

The site promises a visit without cookies; Django's CSRF protection would set a `csrftoken`
cookie on every page that shows a form (reporting an initiative, registering for an event,
answering a survey, logging in). A forged cross-site request matters when it rides on the
visitor's credentials; an anonymous visitor without any cookie has none to lend. For such a
visitor (no session cookie, no CSRF cookie) the check is then the one browsers make possible
without a cookie: the request must come from the site itself, as its `Origin` header says (or,
where a browser sends none, its `Referer`), which a page on another site cannot forge. No
cookie is set for them while they stay anonymous.

Everyone else (a session, a CSRF cookie from an earlier visit, someone who has just logged in)
goes through Django's usual token check, and gets the cookie as usual.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.middleware.csrf import REASON_BAD_ORIGIN, CsrfViewMiddleware
from django.utils.module_loading import import_string

REASON_NO_ORIGIN = "Ni Origin ni Referer : impossible de vérifier que la demande vient du site."
SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


def without_cookies(request):
    """Whether the request carries neither a session nor a CSRF cookie."""
    return (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
        and settings.CSRF_COOKIE_NAME not in request.COOKIES
    )


def stays_anonymous(request, response):
    """Whether the visitor is still anonymous once the view has answered (a login sets a session)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    return settings.SESSION_COOKIE_NAME not in response.cookies


class CookielessCsrfViewMiddleware(CsrfViewMiddleware):
    def process_view(self, request, callback, callback_args, callback_kwargs):
        if (
            request.method in SAFE_METHODS
            or not without_cookies(request)
            or getattr(callback, "csrf_exempt", False)
            or getattr(request, "_dont_enforce_csrf_checks", False)
            or getattr(request, "csrf_processing_done", False)
        ):
            return super().process_view(request, callback, callback_args, callback_kwargs)
        if "HTTP_ORIGIN" in request.META:
            if not self._origin_verified(request):
                return self._reject(request, REASON_BAD_ORIGIN % request.META["HTTP_ORIGIN"])
            return self._accept(request)
        referer = request.META.get("HTTP_REFERER")
        if referer and self._same_site_referer(request, referer):
            return self._accept(request)
        return self._reject(request, REASON_NO_ORIGIN)

    def _same_site_referer(self, request, referer):
        parts = urlsplit(referer)
        if not parts.scheme or not parts.netloc:
            return False
        return self._origin_verified_for(request, f"{parts.scheme}://{parts.netloc}")

    def _origin_verified_for(self, request, origin):
        meta = request.META
        saved = meta.get("HTTP_ORIGIN")
        meta["HTTP_ORIGIN"] = origin
        try:
            return self._origin_verified(request)
        finally:
            if saved is None:
                del meta["HTTP_ORIGIN"]
            else:
                meta["HTTP_ORIGIN"] = saved

    def process_response(self, request, response):
        needs_cookie = request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        if needs_cookie and without_cookies(request) and stays_anonymous(request, response):
            # The form's hidden token is not needed: the Origin check above stands for it.
            request.META["CSRF_COOKIE_NEEDS_UPDATE"] = False
        return super().process_response(request, response)


@checks.register(checks.Tags.security, deploy=True)
def check_csrf_middleware(app_configs, **kwargs):
    """Stands for Django's security.W003 (silenced in settings), which looks for its own class by
    name: the protection is on when a subclass of Django's CSRF middleware is installed."""
    for path in settings.MIDDLEWARE:
        try:
            middleware = import_string(path)
        except ImportError:
            continue
        if isinstance(middleware, type) and issubclass(middleware, CsrfViewMiddleware):
            return []
    return [
        checks.Warning(
            "Aucun middleware de protection CSRF (sous-classe de CsrfViewMiddleware) n'est installé.",
            id="rallynov.W003",
        )
    ]
