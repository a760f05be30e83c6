from django.shortcuts import render
from wagtail.models import Page, Site


def sitemap_page(request):
    """A human-readable site map (RGAA asks for two ways to reach every page)."""
    site = Site.find_for_request(request)
    root = site.root_page if site else None
    pages = root.get_descendants(inclusive=True).live().public().specific() if root else Page.objects.none()
    return render(request, "site/sitemap.html", {"pages": pages, "root": root})
