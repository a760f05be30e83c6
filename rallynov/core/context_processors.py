from django.conf import settings

from rallynov.core.queries import national_site_for_request, programme_for_request


def programme(request):
    return {
        "programme": programme_for_request(request),
        # On the national catalogue's host, its name stands instead of a region's.
        "national_site": national_site_for_request(request),
        "SITE_URL": settings.SITE_URL,
    }
