"""Security headers that Django does not set itself.

The public site runs under a strict Content-Security-Policy: no inline script or style, every
asset from this origin. Wagtail's admin needs inline styles and eval-free inline data, so it
gets a policy relaxed only for styles.
"""

from urllib.parse import urlparse

from django.conf import settings

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
