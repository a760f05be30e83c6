"""`rallynov demo --with-second-region`: a small generated second programme (Rally'nov Occitanie,
about twenty generated initiatives) and the national site, so that the national catalogue can be
tried. The default demo (Bourgogne-Franche-Comté) is left exactly as it is.

The programme is made by core.programmes.create_programme; each part may add records through
its module `demo_region.py` (`load(*, programme, log)`), flagged as generated."""

from django.db import transaction

from rallynov.core.parts import part_modules
from rallynov.core.programmes import create_programme

SECOND_REGION = {
    "slug": "occitanie",
    "name": "Rally'nov Occitanie",
    "region_code": "76",
    # *.localhost reaches this machine in browsers; add ".localhost" to ALLOWED_HOSTS to try it.
    "host": "occitanie.localhost",
    "contact_email": "contact-occitanie@rallynov.example",
}
NATIONAL_HOST = "carrefour.localhost"


@transaction.atomic
def load_second_region(*, log=print):
    """Create (or find) the second programme and let the parts add their generated records.
    Idempotent: run again, it adds nothing."""
    programme, created = create_programme(**SECOND_REGION, log=log)
    log(f"Second programme : {programme} ({'créé' if created else 'déjà là'}, {programme.site.hostname})")
    for _config, module in part_modules("demo_region"):
        if hasattr(module, "load"):
            module.load(programme=programme, log=log)
    return programme


DEMO_HOSTS = ("localhost", SECOND_REGION["host"], NATIONAL_HOST)


def set_demo_port(port):
    """Serve the demo's sites on `port` (`make run` serves on 8000): the links from one site to
    another (the national catalogue to a region's sheets) keep the port. Returns how many sites."""
    from wagtail.models import Site

    return Site.objects.filter(hostname__in=DEMO_HOSTS).exclude(port=port).update(port=port)
