"""The programme's site: home page, legal notice, personal data and accessibility pages."""

import datetime

from wagtail.models import Page, Site

from rallynov.site.domain import grant_site_permissions
from rallynov.site.models import HomePage, NewsIndexPage, SiteSettings, StandardPage

HOME_INTRO = (
    "<p>Identifier et valoriser les innovations sociales des entreprises et des territoires ; mettre en lumière "
    "les conditions qui les favorisent ; les faire partager au plus grand nombre.</p>"
)

PUBLISHER_BFC = (
    "<p>Le site est édité par l'Aract Bourgogne-Franche-Comté, qui anime le programme Rally'nov avec ses "
    "partenaires.</p>"
)
PUBLISHER_NATIONAL = (
    "<p>Le site national est édité par l'exploitant de l'instance. Chaque fiche y est publiée par l'équipe "
    "du programme régional qui l'a repérée : elle en répond, et son site en garde l'original.</p>"
)


def legal_pages(publisher=PUBLISHER_BFC):
    """[(slug, title, intro, blocks)] of the legal notice, personal-data and accessibility pages."""
    return [
        (
            "mentions-legales",
            "Mentions légales",
            "Éditeur, hébergeur et conditions d'utilisation du site.",
            [
                ("heading", "Éditeur"),
                ("paragraph", publisher),
                ("heading", "Hébergement"),
                ("paragraph", "<p>Le nom et l'adresse de l'hébergeur sont indiqués par l'exploitant de l'instance.</p>"),
                ("heading", "Contenus"),
                ("paragraph", "<p>Les fiches d'initiatives sont publiées avec l'accord des structures concernées. "
                 "Les données ouvertes sont diffusées sous Licence Ouverte 2.0. Contours géographiques : IGN – "
                 "ADMIN EXPRESS COG 2018 (Licence Ouverte).</p>"),
            ],
        ),
        (
            "donnees-personnelles",
            "Données personnelles",
            "Quelles données nous traitons, pourquoi, combien de temps, et comment exercer vos droits.",
            [
                ("heading", "Mesure d'audience sans cookie"),
                ("paragraph", "<p>Ce site ne dépose aucun cookie de mesure d'audience. Les pages vues sont comptées "
                 "côté serveur, sans adresse IP ni identifiant conservé.</p>"),
                ("heading", "Vos droits"),
                ("paragraph", "<p>Vous pouvez demander l'accès à vos données, leur rectification, leur export ou leur "
                 "effacement en écrivant à l'équipe du programme. Chaque traitement a une finalité, une base légale "
                 "et une durée de conservation inscrites au registre.</p>"),
            ],
        ),
        (
            "accessibilite",
            "Déclaration d'accessibilité",
            "Le programme s'engage à rendre son site accessible conformément à l'article 47 de la loi n° 2005-102 "
            "du 11 février 2005. Cette déclaration s'applique au site du programme.",
            # The statement's figures, non-conformities, contact and recourse: site.accessibility.
            [("accessibility_audit", None)],
        ),
    ]


def load(*, programme, log):
    """The whole site demo: pages, news from the reports, the 2014 audience measurement."""
    from rallynov.site.demo_news import load_audience_2014, load_news

    home = load_pages(programme=programme, log=log)
    news_index = home.get_children().type(NewsIndexPage).first().specific
    load_news(programme=programme, index_page=news_index, log=log)
    load_audience_2014(programme=programme, log=log)


def load_pages(*, programme, log=None):
    """The site's structure only (home, legal pages, empty news index, page permissions): what
    tests need, without the demo's articles and audience history."""
    log = log or (lambda *args: None)
    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home is None:
        home = HomePage(
            title=programme.name,
            slug="accueil",
            tagline="Innovation sociale en " + programme.region.name,
            intro=HOME_INTRO,
        )
        root.add_child(instance=home)
    # Wagtail's default "Welcome" page is replaced by the programme's home.
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True,
                                   site_name=programme.name)
    else:
        old_root = site.root_page
        site.root_page = home
        site.site_name = programme.name
        site.save()
        if old_root.pk != home.pk and old_root.specific_class is Page and not old_root.get_children().exists():
            old_root.delete()
    programme.site = site
    programme.save(update_fields=["site"])
    return build_site_pages(programme=programme, home=home, site=site, log=log)


def build_legal_pages(*, root, site, contact_email, footer_text, publisher=PUBLISHER_BFC):
    """The legal notice, personal-data and accessibility pages under `root`, and the site's
    settings pointing at them. Idempotent (an existing page is kept as its editors left it)."""
    pages = {}
    for slug, title, intro, blocks in legal_pages(publisher):
        page = StandardPage.objects.child_of(root).filter(slug=slug).first()
        if page is None:
            page = StandardPage(title=title, slug=slug, intro=intro, body=blocks, updated_on=datetime.date(2026, 11, 23),
                                show_in_menus=False)
            root.add_child(instance=page)
        pages[slug] = page
    settings = SiteSettings.for_site(site)
    settings.legal_page = pages["mentions-legales"]
    settings.privacy_page = pages["donnees-personnelles"]
    settings.accessibility_page = pages["accessibilite"]
    settings.contact_email = contact_email
    settings.footer_text = footer_text
    settings.save()
    return pages


def build_site_pages(*, programme, home, site, log=None,
                     footer_text="Rally'nov est financé par l'État, la Région et le Fonds social européen.",
                     publisher=PUBLISHER_BFC):
    """Under a programme's home page: the legal pages, the site settings and the news index with
    its permissions and workflow. Idempotent; also used by `core.programmes.create_programme`."""
    log = log or (lambda *args: None)
    pages = build_legal_pages(
        root=home, site=site, contact_email=programme.contact_email, footer_text=footer_text, publisher=publisher
    )
    log(f"  site : {home.title} ({len(pages)} pages légales)")

    news_index = NewsIndexPage.objects.child_of(home).first()
    if news_index is None:
        news_index = NewsIndexPage(
            title="Actualités",
            slug="actualites",
            intro="<p>Les actualités du programme et de ses partenaires.</p>",
            show_in_menus=True,
        )
        home.add_child(instance=news_index)
    grant_site_permissions(home=home, news_index=news_index, programme=programme)
    return home
