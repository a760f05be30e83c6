"""A new programme's site (core.programmes): the Wagtail site on its host, its home page, and
under it what the demo builds for Bourgogne-Franche-Comté (site.demo.build_site_pages): legal
pages, settings, news index with its workflow."""

from wagtail.models import Page, Site

from rallynov.site.demo import HOME_INTRO, build_site_pages
from rallynov.site.models import HomePage


def setup_programme(*, programme, host, log):
    site = programme.site
    if site is None:
        home = HomePage(
            title=programme.name,
            slug=programme.slug,
            tagline="Innovation sociale en " + programme.region.name,
            intro=HOME_INTRO,
        )
        Page.get_first_root_node().add_child(instance=home)
        home.save_revision().publish()
        site = Site.objects.create(hostname=host, port=80, root_page=home, site_name=programme.name)
        programme.site = site
        programme.save(update_fields=["site"])
        log(f"  site : {host}")
    home = site.root_page.specific
    build_site_pages(
        programme=programme,
        home=home,
        site=site,
        log=log,
        footer_text=f"{programme.name} — innovation sociale en {programme.region.name}.",
    )
