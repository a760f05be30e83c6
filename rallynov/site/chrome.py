"""What every page of a site shows around its content: the programme's logo and colours, the
footer's text, contact, funders and partners, and the links to the legal, personal-data and
accessibility pages.

Read on every page, it is kept in this process for the data stamp it was read at (core.snapshot:
any change to the settings, a page, an image or a partnership shows at the next view) and until
the end of the day (the footer lists the partners of the current year): one tiny query instead of
eight. The chrome is read only when a template uses it (fragments do not)."""

from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from rallynov.core import snapshot
from rallynov.core.queries import national_site_for_request, programme_for_request, site_for_request
from rallynov.partners.queries import footer_partners
from rallynov.site.branding import theme_css, theme_version
from rallynov.site.models import SiteSettings

LOGO_RENDITION = "height-80"  # shown 40 pixels high, sharp on a screen of double density
LOGO_HEIGHT = 40


def _page_link(page, request):
    if page is None or not page.live:
        return None
    url = page.get_url(request)
    return {"url": url, "title": page.title} if url else None


def _logo(image):
    if image is None:
        return None
    rendition = image.get_rendition(LOGO_RENDITION)
    width = round(rendition.width * LOGO_HEIGHT / rendition.height) if rendition.height else LOGO_HEIGHT
    return {"url": rendition.url, "width": width, "height": LOGO_HEIGHT}


def read_chrome(request):
    """The chrome of the request's site, read from the database (see site_chrome)."""
    site = site_for_request(request)
    settings = (
        SiteSettings.objects.select_related("legal_page", "privacy_page", "accessibility_page", "logo")
        .filter(site=site)
        .first()
        if site is not None
        else None
    ) or SiteSettings()
    css = theme_css(settings.primary_colour, settings.accent_colour)
    national = national_site_for_request(request) is not None
    # The national site names no region's funders and partners as its own.
    people = {"partners": [], "funders": []} if national else footer_partners(
        programme=programme_for_request(request), request=request
    )
    return {
        "logo": _logo(settings.logo),
        "theme_css": css,
        "theme_url": reverse("theme_css", kwargs={"version": theme_version(css)}) if css else "",
        "footer_text": settings.footer_text,
        "contact_email": settings.contact_email,
        # The legal notice and the personal-data page, where they are set and live.
        "legal_links": [
            link for link in (_page_link(p, request) for p in (settings.legal_page, settings.privacy_page)) if link
        ],
        "accessibility_page": _page_link(settings.accessibility_page, request),
        **people,
    }


def site_chrome(request):
    """The chrome of the request's site, from the snapshot while the data and the day are the same."""
    site = site_for_request(request)
    return snapshot.remember(
        ("chrome", site.pk if site else None),
        snapshot.data_stamp(),
        lambda: read_chrome(request),
        expires_at=snapshot.end_of_day,
    )


def lazy_chrome(request):
    return SimpleLazyObject(lambda: site_chrome(request))


def theme_stylesheet(request):
    """The request's site's stylesheet of colours, or "" (kept with the chrome)."""
    return site_chrome(request)["theme_css"]
