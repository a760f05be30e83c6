"""Reused reads: which site and programme a request belongs to."""

from django.http.request import split_domain_port

from rallynov.core import snapshot
from rallynov.core.models import Programme


def site_for_request(request):
    """The Wagtail site that serves this request (Wagtail's own rule, `Site.find_for_request`),
    found once per host and port while the data stamp is the same (core.snapshot), and given to
    Wagtail for the rest of the request."""
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    from wagtail.models import Site

    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()
    site = snapshot.remember(
        ("site-for", hostname, port), snapshot.data_stamp(), lambda: Site._find_for_request(request)
    )
    request._wagtail_site = site
    return site


def _programme_of_site(site_id):
    programme = None
    if site_id is not None:
        programme = Programme.objects.filter(site_id=site_id).select_related("region").first()
    return programme or Programme.objects.select_related("region").default()


def programme_for_request(request):
    """The programme of the Wagtail site that serves this request, else the default one."""
    cached = getattr(request, "_rallynov_programme", None)
    if cached is not None:
        return cached
    site = site_for_request(request)
    site_id = site.pk if site is not None else None
    programme = snapshot.remember(
        ("programme-of-site", site_id), snapshot.data_stamp(), lambda: _programme_of_site(site_id)
    )
    request._rallynov_programme = programme
    return programme


def _national_sites():
    from rallynov.core.models import NationalSite

    return {national.site_id: national for national in NationalSite.objects.select_related("site")}


def national_site_for_request(request):
    """The NationalSite this request is served by (the national catalogue's host), else None.
    Which sites are national is kept while the data stamp is the same (core.snapshot): a region's
    pages ask nothing more of the database, and a new national site is seen at the next request."""
    cached = getattr(request, "_rallynov_national", False)
    if cached is not False:
        return cached
    site = site_for_request(request)
    national = None
    if site is not None:
        national = snapshot.remember(("national-sites",), snapshot.data_stamp(), _national_sites).get(site.pk)
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
