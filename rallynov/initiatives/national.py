"""The national catalogue: one Wagtail site whose catalogue, map, search and API list the
published initiatives of every programme (the same records, no copies), each linking back to
its region's site. Created by `rallynov create-national-site --host HOST`.

Which programme a screen shows is core.queries.catalogue_programme (None on the national host)."""

__all__ = [
    "catalogue_programme",
    "create_national_site",
    "link_to_regions",
    "national_page",
    "regional_submission_links",
]

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from rallynov.core.models import NationalSite, Programme
from rallynov.core.parts import part_modules
from rallynov.core.programmes import HOST_PATTERN, ProgrammeError, normalise_host
from rallynov.core.queries import catalogue_programme, national_site_for_request
from rallynov.initiatives.models import CatalogueEntry, CataloguePage

NATIONAL_NAME = "Carrefour des innovations sociales"
NATIONAL_INTRO = (
    "<p>Les innovations sociales repérées par les programmes régionaux, réunies en un seul catalogue : "
    "chaque fiche renvoie au site de sa région.</p>"
)


@transaction.atomic
def create_national_site(*, host, name=NATIONAL_NAME, log=None):
    """The national site on `host`: its root page is a catalogue of every programme; the parts'
    `programme_setup.setup_national_site` add what it needs (the site part: its legal pages and
    settings). Idempotent.

    Returns (national site, created). Raises ProgrammeError (nothing written) for a malformed
    host or a host that serves another site."""
    host = normalise_host(host)
    if not HOST_PATTERN.match(host):
        raise ProgrammeError(
            _("Nom d'hôte « %(host)s » invalide (exemple : carrefour.example.org).") % {"host": host}
        )
    site = Site.objects.filter(hostname=host).first()
    if site is not None:
        national = NationalSite.objects.filter(site=site).first()
        if national is None:
            raise ProgrammeError(_("Le nom d'hôte « %(host)s » sert déjà un autre site.") % {"host": host})
        _setup(national, log)
        return national, False
    root = CataloguePage(title=name, slug="carrefour", intro=NATIONAL_INTRO, show_in_menus=False)
    Page.get_first_root_node().add_child(instance=root)
    root.save_revision().publish()
    site = Site.objects.create(hostname=host, port=80, root_page=root, site_name=name)
    national = NationalSite.objects.create(site=site, name=name)
    _setup(national, log)
    return national, True


def _setup(national, log):
    for _config, module in part_modules("programme_setup"):
        if hasattr(module, "setup_national_site"):
            module.setup_national_site(national=national, log=log or (lambda *args: None))


def national_page(request):
    """The national site's root page (its catalogue page: title and introduction)."""
    return national_site_for_request(request).site.root_page.specific


def region_root_urls():
    """{programme id: root URL of its site} ("https://occitanie.example.org")."""
    return {
        pk: Site(hostname=hostname, port=port).root_url
        for pk, hostname, port in Programme.objects.filter(site__isnull=False).values_list(
            "pk", "site__hostname", "site__port"
        )
    }


def regional_submission_links():
    """[(programme, its region's name, the address of its « Signaler » form)], by region: the
    national site files no submission itself, each goes to the team of its region."""
    roots = region_root_urls()
    path = reverse("initiatives:submit")
    programmes = Programme.objects.filter(pk__in=roots).select_related("region").order_by("region__name", "name")
    return [(p, p.region.name if p.region_id else "", roots[p.pk] + path) for p in programmes]


def link_to_regions(items, *, url_attr="url"):
    """Make the links of national results point at the sheet on its region's site: `items` are
    result cards (or dicts with a "url" and an "id"); two queries whatever their number."""
    items = list(items)
    if not items:
        return items
    pk_of = (lambda item: item["id"]) if isinstance(items[0], dict) else (lambda item: item.pk)
    programme_of = dict(
        CatalogueEntry.objects.filter(pk__in=[pk_of(item) for item in items]).values_list(
            "pk", "programme_id"
        )
    )
    roots = region_root_urls()
    for item in items:
        root = roots.get(programme_of.get(pk_of(item)), "")
        url = item[url_attr] if isinstance(item, dict) else getattr(item, url_attr)
        if url.startswith("/"):
            url = root + url
        if isinstance(item, dict):
            item[url_attr] = url
        else:
            setattr(item, url_attr, url)
    return items
