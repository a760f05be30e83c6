"""Security headers that Django does not set itself, the cache of anonymous public pages, and the
cleaning of text input (NUL bytes) at the door.

The public site runs under a strict Content-Security-Policy: no inline script or style, every
asset from this origin. Wagtail's admin needs inline styles and eval-free inline data, so it
gets a policy relaxed only for styles.
"""

import contextlib
import re
from urllib.parse import urlparse

from django.conf import settings
from django.http import Http404, QueryDict

from rallynov.core.text import REFUSED_CHARACTERS, clean_input

ADMIN_PREFIXES = ("/admin/", "/django-admin/")


def _tile_origin():
    parsed = urlparse(settings.MAP_TILES_URL.replace("{s}", "a"))
    if not parsed.scheme or not parsed.netloc:
        return ""
    host = parsed.netloc
    if "{s}." in settings.MAP_TILES_URL:
        host = "*." + host.split(".", 1)[1]
    return f"{parsed.scheme}://{host}"


def build_csp(path):
    img = "'self' data: blob:"
    tiles = _tile_origin()
    if tiles:
        img += f" {tiles}"
    directives = {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": img,
        "font-src": "'self'",
        "connect-src": "'self'",
        "media-src": "'self'",
        "frame-src": "'self' https://www.youtube-nocookie.com https://player.vimeo.com",
        "frame-ancestors": "'none'",
        "form-action": "'self'",
        "base-uri": "'self'",
        "object-src": "'none'",
    }
    if path.startswith(ADMIN_PREFIXES):
        # Wagtail's admin sets style attributes and small inline styles in its templates.
        directives["style-src"] = "'self' 'unsafe-inline'"
        directives["frame-ancestors"] = "'self'"
    return "; ".join(f"{key} {value}" for key, value in directives.items())


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", build_csp(request.path))
        response.headers.setdefault(
            "Permissions-Policy",
            "camera=(self), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
        )
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


# --- Anonymous page cache ---------------------------------------------------------------------

# Never cached: pages of logged-in people and forms, health checks, files.
PAGE_CACHE_EXCLUDED_PREFIXES = (
    "/admin/",
    "/django-admin/",
    "/compte/",
    "/comptes/",
    "/langue/",
    "/sante/",
    "/static/",
    "/media/",
    "/documents/",
)
# Request cookies that make a page personal: a session (logged-in or not) or pending messages.
PAGE_CACHE_PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
# A response that varies on anything else than these is never cached.
PAGE_CACHE_HARMLESS_VARY = {"cookie", "accept-language", "accept-encoding"}
PAGE_CACHE_MAX_BYTES = 512 * 1024


CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')


class AnonymousPageCacheMiddleware:
    """Serves the public pages that anonymous visitors read from a short-lived cache.

    Cached: GET requests without a session or messages cookie (so anonymous, with nothing
    personal to show), answered 200 with a complete body, without a cookie to set, without
    `Cache-Control: private`, `no-cache` or `no-store`, and not varying on headers other than
    Cookie and Accept-Language. The key is the host, the full path with its query string and the
    active language; entries live `PAGE_CACHE_SECONDS` (60 s by default in production, 0 turns
    the cache off, and it is off in development): an edit shows to visitors within that time, at
    once to its author. HTMX fragments are not cached (the same URL answers a fragment or a page).

    Forms: a page with a POST form (a CSRF token) is never cached. The language switch is made of
    links (the language is in the address), so ordinary pages carry no form.

    Place it after LocaleMiddleware (the key needs the language) and after the audience
    middleware (a page served from the cache is still counted); the middlewares above it run on
    every request, those below only when the page is built.
    """

    def __init__(self, get_response):
        from django.core.exceptions import MiddlewareNotUsed

        self.get_response = get_response
        self.seconds = getattr(settings, "PAGE_CACHE_SECONDS", 0)
        if self.seconds <= 0:
            raise MiddlewareNotUsed
        self.alias = getattr(settings, "PAGE_CACHE_ALIAS", "pages")

    def __call__(self, request):
        if not self.cacheable_request(request):
            return self.get_response(request)
        from django.core.cache import caches

        cache = caches[self.alias]
        key = self.key(request)
        try:
            cached = cache.get(key)
        except Exception:  # a cache outage (Redis) must not break the site
            cached = None
        if cached is not None:
            return self.personalise(request, cached)
        response = self.get_response(request)
        if self.cacheable_response(request, response):
            with contextlib.suppress(Exception):  # not cached this time, served all the same
                cache.set(key, response, self.seconds)
        return response

    @staticmethod
    def cacheable_request(request):
        if request.method != "GET" or request.path.startswith(PAGE_CACHE_EXCLUDED_PREFIXES):
            return False
        if any(name in request.COOKIES for name in PAGE_CACHE_PERSONAL_COOKIES):
            return False
        return not (request.headers.get("HX-Request") or request.headers.get("Authorization"))

    @staticmethod
    def key(request):
        import hashlib

        from django.utils import translation

        raw = "|".join([translation.get_language() or "", request.get_host(), request.get_full_path()])
        return "pagecache:" + hashlib.sha256(raw.encode("utf-8")).hexdigest()

    @staticmethod
    def cacheable_response(request, response):
        from django.utils.cache import cc_delim_re

        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if len(response.content) > PAGE_CACHE_MAX_BYTES:
            return False
        # The middlewares above this one have not run yet: look at what they will do.
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or CSRF_INPUT.search(response.content):
            return False  # a form of the page's own
        session = getattr(request, "session", None)
        if session is not None and session.modified:
            return False
        directives = {
            d.strip().split("=")[0].lower() for d in cc_delim_re.split(response.get("Cache-Control", ""))
        }
        if directives & {"private", "no-cache", "no-store"}:
            return False
        vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v.strip()}
        return vary <= PAGE_CACHE_HARMLESS_VARY

    @staticmethod
    def personalise(request, response):
        """The cached page with this visitor's own CSRF token (and cookie, set by the CSRF
        middleware): a token is never shared between visitors."""
        if b'name="csrfmiddlewaretoken"' not in response.content:
            return response
        from django.middleware.csrf import get_token

        token = get_token(request).encode("ascii")
        response.content = CSRF_INPUT.sub(lambda m: m.group(1) + token + m.group(2), response.content)
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response


# --- Input cleaning ---------------------------------------------------------------------------

# Bodies Django parses into request.POST (any other body is read by its own view).
FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _cleaned_querydict(data):
    """A copy of the QueryDict without refused characters in keys or values, or None when it
    has none (the usual case: nothing is copied)."""
    if not any(has_refused(key) or any(has_refused(v) for v in values) for key, values in data.lists()):
        return None
    cleaned = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        cleaned.setlist(clean_input(key), [clean_input(v) for v in values])
    cleaned._mutable = False
    return cleaned


def has_refused(value):
    return isinstance(value, str) and REFUSED_CHARACTERS in value


class InputCleaningMiddleware:
    """Text from outside reaches the views without what the database refuses (NUL bytes, see
    `core.text.clean_input`): query strings (searches, filters), form fields and cookies are
    cleaned here once, for every view, rather than in each form and query. A path that carries
    one names no page: 404. Place it before the session and CSRF middlewares (they read cookies
    and the form)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if REFUSED_CHARACTERS in request.path_info:
            raise Http404
        cleaned = _cleaned_querydict(request.GET)
        if cleaned is not None:
            request.GET = cleaned
        if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
            cleaned = _cleaned_querydict(request.POST)
            if cleaned is not None:
                request.POST = cleaned
        if any(has_refused(key) or has_refused(value) for key, value in request.COOKIES.items()):
            request.COOKIES = {clean_input(key): clean_input(value) for key, value in request.COOKIES.items()}
        return self.get_response(request)


class CurrentSiteMiddleware:
    """Finds the request's Wagtail site from what is kept per data stamp (core.queries.
    site_for_request) before Wagtail's page serving would look it up in the database itself, and
    the page an address serves (core.routing.kept_route) before Wagtail's serve view routes it."""

    SKIPPED = ("/sante/", "/static/", "/media/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(self.SKIPPED):
            from rallynov.core.queries import site_for_request

            site_for_request(request)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from wagtail import views as wagtail_views

        if view_func is wagtail_views.serve:
            from rallynov.core.routing import kept_route

            kept_route(request, view_kwargs.get("path", view_args[0] if view_args else ""))
