"""Reused reads: which programme a request belongs to."""

from django.core.cache import cache

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


NATIONAL_SITES_KEY = "rallynov:national-sites"


def national_site_for_request(request):
    """The NationalSite this request is served by (the national catalogue's host), else None."""
    cached = getattr(request, "_rallynov_national", False)
    if cached is not False:
        return cached
    from wagtail.models import Site

    from rallynov.core.models import NationalSite

    site = Site.find_for_request(request)
    # Which sites are national is kept in the cache, so that a region's pages ask nothing more
    # of the database (create_national_site forgets it; another process sees it within a minute).
    national_ids = cache.get(NATIONAL_SITES_KEY)
    if national_ids is None:
        national_ids = dict(NationalSite.objects.values_list("site_id", "pk"))
        cache.set(NATIONAL_SITES_KEY, national_ids, 60)
    national = None
    if site is not None and site.pk in national_ids:
        national = NationalSite.objects.filter(pk=national_ids[site.pk]).select_related("site").first()
    request._rallynov_national = national
    return national


class UnknownProgramme(LookupError):
    """`?programme=SLUG` names no programme; the message is for the user."""


def catalogue_scope(request):
    """The programme whose catalogue a public request reads, or None for every programme.

    `?programme=SLUG` chooses one on any host (unknown: UnknownProgramme); without it the
    national host reads every programme and a region's host its own programme."""
    slug = str(request.GET.get("programme", "")).strip()
    if slug:
        programme = Programme.objects.select_related("region").filter(slug=slug[:50]).first()
        if programme is None:
            raise UnknownProgramme(f"Programme inconnu : « {slug[:50]} ».")
        return programme
    return catalogue_programme(request)


def catalogue_programme(request):
    """The programme a public catalogue screen shows: None (every programme) on the national
    host, else the programme of the request's site."""
    if national_site_for_request(request) is not None:
        return None
    return programme_for_request(request)
