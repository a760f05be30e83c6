from django.conf import settings

from rallynov.core.queries import programme_for_request


def programme(request):
    return {
        "programme": programme_for_request(request),
        "SITE_URL": settings.SITE_URL,
    }
