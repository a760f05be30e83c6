"""A new programme's site (core.programmes): the Wagtail site on its host, its home page, and
under it what the demo builds for Bourgogne-Franche-Comté (site.demo.build_site_pages): legal
pages, settings, news index with its workflow. The national site (initiatives.national) gets its
legal pages and settings the same way."""

from html import escape

from wagtail.models import Page, Site

from rallynov.site.demo import HOME_INTRO, PUBLISHER_NATIONAL, build_legal_pages, build_site_pages
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
        publisher=f"<p>Le site est édité par l'équipe du programme {escape(programme.name, quote=False)}.</p>",
    )


def setup_national_site(*, national, log):
    """The national site's legal notice, personal-data and accessibility pages and its settings."""
    site = national.site
    pages = build_legal_pages(
        root=site.root_page,
        site=site,
        contact_email="",
        footer_text=f"{national.name} — les innovations sociales repérées par les programmes régionaux.",
        publisher=PUBLISHER_NATIONAL,
    )
    log(f"  site national : {len(pages)} pages légales")
