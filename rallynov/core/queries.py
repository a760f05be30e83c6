"""Reused reads: which programme a request belongs to."""

from rallynov.core.models import Programme


def programme_for_request(request):
    """The programme of the Wagtail site that serves this request, else the default one."""
    cached = getattr(request, "_rallynov_programme", None)
    if cached is not None:
        return cached
    from wagtail.models import Site

    programme = None
    site = Site.find_for_request(request)
    if site is not None:
        programme = Programme.objects.filter(site=site).select_related("region").first()
    if programme is None:
        programme = Programme.objects.select_related("region").default()
    request._rallynov_programme = programme
    return programme
