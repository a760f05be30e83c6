"""The second region's generated catalogue (core.demo_region) and the national site that gathers
both programmes: about twenty initiatives in Occitanie's communes, flagged as generated."""

from rallynov.core.demo_region import NATIONAL_HOST
from rallynov.initiatives.management.commands.benchmark_data import generate
from rallynov.initiatives.models import InitiativePage
from rallynov.initiatives.national import create_national_site

INITIATIVES = 20


def load(*, programme, log):
    if not InitiativePage.objects.filter(programme=programme).exists():
        count = generate(programme=programme, count=INITIATIVES, seed=2024, log=lambda *args: None)
        log(f"  {count} initiatives générées en {programme.region.name}")
    national, created = create_national_site(host=NATIONAL_HOST)
    if created:
        log(f"  site national : {national.name} ({national.site.hostname})")
