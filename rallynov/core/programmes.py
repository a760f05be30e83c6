"""Creating a whole programme on an instance: `rallynov create-programme` and its admin screen.

The programme record is made here; each part adds what it owns through its module
`programme_setup.py` (`setup_programme(*, programme, host, log)`, run in INSTALLED_APPS order):
accounts the programme's team and partner-editor groups, site the Wagtail site on the host with its
home page, legal pages, settings and news, initiatives the catalogue and its moderation workflow,
events the events page. Everything is validated before anything is written, and written in one
transaction: a refused or failed creation leaves nothing behind.
"""

import re
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Site

from rallynov.core.models import Programme
from rallynov.core.parts import part_modules

HOST_PATTERN = re.compile(
    r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$"
)
SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,49}$")


class ProgrammeError(ValueError):
    """A request to create a programme that cannot be honoured; the message is for the user."""


@dataclass(frozen=True)
class ProgrammeRequest:
    slug: str
    name: str
    region_code: str
    host: str
    contact_email: str = ""


def normalise_host(host):
    return (host or "").strip().lower().rstrip(".")


def validate_programme_request(request):
    """Return (region, existing programme or None) or raise ProgrammeError with a French message.

    The same request twice is no error: the second finds the programme as the first made it."""
    # The region model through the programme's link (territories sits above core).
    Region = Programme._meta.get_field("region").related_model  # noqa: N806 (a model class)
    slug, host = request.slug.strip(), normalise_host(request.host)
    if not SLUG_PATTERN.match(slug):
        raise ProgrammeError(
            _(
                "Identifiant « %(slug)s » invalide : lettres minuscules, chiffres et tirets, 50 caractères au plus."
            )
            % {"slug": slug}
        )
    if not request.name.strip():
        raise ProgrammeError(_("Le nom du programme est obligatoire."))
    if not HOST_PATTERN.match(host):
        raise ProgrammeError(
            _("Nom d'hôte « %(host)s » invalide (exemple : occitanie.rallynov.fr).") % {"host": host}
        )
    region = Region.objects.filter(code=request.region_code.strip()).first()
    if region is None:
        raise ProgrammeError(
            _(
                "Code de région « %(code)s » inconnu : donnez le code INSEE d'une région (par exemple 76 pour l'Occitanie)."
            )
            % {"code": request.region_code}
        )
    if not region.is_current:
        raise ProgrammeError(
            _("La région « %(name)s » n'existe plus : donnez le code de la région d'aujourd'hui (%(code)s).")
            % {"name": region.name, "code": region.current().code}
        )
    existing = Programme.objects.filter(slug=slug).select_related("site", "region").first()
    site = Site.objects.filter(hostname=host).first()
    if existing is not None:
        same = existing.region_id == region.pk and existing.name == request.name.strip()
        if not same or (existing.site_id and existing.site.hostname != host):
            raise ProgrammeError(
                _("L'identifiant « %(slug)s » est déjà celui du programme « %(name)s ».")
                % {"slug": slug, "name": existing.name}
            )
    if site is not None and (existing is None or existing.site_id != site.pk):
        raise ProgrammeError(_("Le nom d'hôte « %(host)s » sert déjà un autre site.") % {"host": host})
    return region, existing


def setup_modules():
    return [
        module for _config, module in part_modules("programme_setup") if hasattr(module, "setup_programme")
    ]


@transaction.atomic
def create_programme(*, slug, name, region_code, host, contact_email="", log=None):
    """Create programme `slug` with everything it needs to run on `host`. Idempotent.

    Returns (programme, created). Raises ProgrammeError (nothing written) for a bad region code,
    a host already taken or a slug in use by another programme. Side effects: the parts'
    `programme_setup` modules create the groups, the site and its pages, the workflows."""
    log = log or (lambda *args: None)
    request = ProgrammeRequest(
        slug=slug.strip(),
        name=name.strip(),
        region_code=region_code,
        host=normalise_host(host),
        contact_email=contact_email.strip(),
    )
    region, existing = validate_programme_request(request)
    programme = existing
    if programme is None:
        # "Rally'nov Occitanie" is shown as "Rally'nov" beside its region's name, as BFC's is.
        short_name = (
            request.name[: -len(region.name)].strip(" -–—·") if request.name.endswith(region.name) else ""
        )
        programme = Programme.objects.create(
            slug=request.slug,
            name=request.name,
            short_name=short_name[:60],
            region=region,
            contact_email=request.contact_email,
        )
        log(_("Programme créé : %(name)s") % {"name": programme.name})
    for module in setup_modules():
        module.setup_programme(programme=programme, host=request.host, log=log)
    programme.refresh_from_db()
    return programme, existing is None
