"""What the national catalogue's host serves: the catalogue and what it gathers from every
programme. A region's own screens (its prize, events, studies, news, partners, report, team
tools) belong to the region's site: on the national host they are not found, instead of
silently showing the default programme.

One rule, `national_site_serves`, applied to every request by `NationalSiteMiddleware`; a public
URL added later is a region's screen until it is named here (tests/trust/test_national_site.py
walks every URL of the public parts)."""

from django.http import Http404

# The public parts' URL namespaces (served in French and under /en/); others (the admin, the
# accounts, the API, the health check, Wagtail's page tree) are the same on every host.
PUBLIC_NAMESPACES = frozenset(
    {"awards", "events", "initiatives", "partners", "reporting", "site", "studies", "territories"}
)

# What the national site gathers: the catalogue with its map, exports and open data, the list
# of the regions' submission forms, the national key figures, the commune search of the
# catalogue's filters and the site map of its own pages.
NATIONAL_URL_NAMES = frozenset(
    {
        "initiatives:catalogue",
        "initiatives:map_geojson",
        "initiatives:map_departments",
        "initiatives:map_card",
        "initiatives:export",
        "initiatives:opendata_csv",
        "initiatives:opendata_json",
        "initiatives:opendata_dataset",
        "initiatives:submit",
        "reporting:figures",
        "site:sitemap",
        "territories:commune_search",
    }
)


def national_site_serves(resolver_match):
    """Whether the national host serves the URL `resolver_match` resolved to."""
    namespace = resolver_match.namespace
    if namespace not in PUBLIC_NAMESPACES:
        return True
    return f"{namespace}:{resolver_match.url_name}" in NATIONAL_URL_NAMES


class NationalSiteMiddleware:
    """A region's own screen asked of the national host is not found (404)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.namespace not in PUBLIC_NAMESPACES:
            return None
        from rallynov.core.queries import national_site_for_request

        if national_site_for_request(request) is not None and not national_site_serves(match):
            raise Http404("Cette page appartient au site d'une région.")
        return None
