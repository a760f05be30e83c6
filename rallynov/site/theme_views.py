from django.http import HttpResponse
from django.views.decorators.http import require_GET

from rallynov.site.branding import theme_version
from rallynov.site.chrome import theme_stylesheet

YEAR = 365 * 24 * 3600


@require_GET
def theme_css(request, version):
    """`/habillage/<version>.css`: the site's colours. The address changes with them, so the
    current one is kept a year by browsers; an old address gets today's colours, briefly kept."""
    css = theme_stylesheet(request)
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    fresh = bool(css) and version == theme_version(css)
    response["Cache-Control"] = f"public, max-age={YEAR}, immutable" if fresh else "public, max-age=60"
    return response
