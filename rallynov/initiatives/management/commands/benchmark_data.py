"""`rallynov benchmark-data --initiatives N`: a large catalogue to measure search, facets and the map.

Initiatives are generated with French names, the demo's themes (one to three, two levels), one
to two SDGs, communes of the programme's region weighted by population, years 2013–2023, 4 %
laureates; all flagged `is_generated` so that `rallynov demo --purge-generated` removes them.
"""

import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from rallynov.core.models import Programme
from rallynov.core.text import fold
from rallynov.initiatives.bulk import NewInitiative, SlugAllocator, create_initiatives
from rallynov.initiatives.demo import CONCEPTS, seed_reference
from rallynov.initiatives.domain import ensure_catalogue
from rallynov.initiatives.models import SustainableDevelopmentGoal, Theme
from rallynov.organizations.models import Organization
from rallynov.territories.models import Commune

ADJECTIVES = ["solidaire", "partagé", "coopératif", "de proximité", "inclusif", "citoyen", "rural", "itinérant"]


class Command(BaseCommand):
    help = "Crée un grand catalogue d'initiatives générées (mesures de performance)."

    def add_arguments(self, parser):
        parser.add_argument("--initiatives", type=int, required=True)
        parser.add_argument("--seed", type=int, default=2023)
        parser.add_argument("--programme", default="")

    def handle(self, *args, initiatives, seed, programme, **options):
        if initiatives <= 0:
            raise CommandError("--initiatives doit être positif.")
        target = Programme.objects.filter(slug=programme).first() if programme else Programme.objects.default()
        if target is None:
            from rallynov.core.seed import create_programme

            target = create_programme()
        started = time.perf_counter()
        count = generate(programme=target, count=initiatives, seed=seed, log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"{count} initiatives créées en {time.perf_counter() - started:.1f} s."))


def generate(*, programme, count, seed=2023, log=lambda *a: None, chunk=5000):
    rng = random.Random(seed)
    seed_reference()
    if not programme.site_id:
        from rallynov.site import demo as site_demo

        site_demo.load(programme=programme, log=log)
        programme.refresh_from_db()
    catalogue = ensure_catalogue(programme=programme)
    themes = {t.name: t.pk for t in Theme.objects.all()}
    leaves = [t.pk for t in Theme.objects.filter(parent__isnull=False)]
    sdgs = list(SustainableDevelopmentGoal.objects.values_list("pk", flat=True))
    communes = list(
        Commune.objects.filter(department__region=programme.region, population__gt=0, latitude__isnull=False)
        .select_related("department")
        .only("pk", "name", "population", "department__code", "latitude", "longitude")
    )
    weights = [c.population for c in communes]
    slugs = SlugAllocator(catalogue)
    done = 0
    while done < count:
        size = min(chunk, count - done)
        with transaction.atomic():
            places = rng.choices(communes, weights=weights, k=size)
            names = [f"{rng.choice(CONCEPTS)[0]} {place.name} n° {done + i + 1}" for i, place in enumerate(places)]
            organizations = Organization.objects.bulk_create(
                [
                    Organization(
                        name=name, name_key=fold(name), kind=rng.choice(CONCEPTS)[1], commune=place, is_generated=True
                    )
                    for name, place in zip(names, places, strict=True)
                ],
                batch_size=1000,
            )
            items = []
            for i, (place, organization) in enumerate(zip(places, organizations, strict=True)):
                concept, _kind, theme_names, sdg_numbers, summary = rng.choice(CONCEPTS)
                chosen = {themes[n] for n in theme_names if n in themes}
                if rng.random() < 0.3:
                    chosen.add(rng.choice(leaves))
                year = rng.randint(2013, 2023)
                items.append(
                    NewInitiative(
                        title=f"{concept} {rng.choice(ADJECTIVES)} de {place.name}",
                        commune=place,
                        organization_id=organization.pk,
                        year=year,
                        themes=sorted(chosen),
                        sdgs=sorted({sdgs[n - 1] for n in sdg_numbers}),
                        summary=summary,
                        description=f"<p>{summary} Initiative n° {done + i + 1} du jeu de données de mesure.</p>",
                        laureate_year=year if rng.random() < 0.04 else None,
                        source="import",
                        is_generated=True,
                    )
                )
            create_initiatives(catalogue=catalogue, programme=programme, items=items, revisions=False, slugs=slugs)
        done += size
        log(f"  {done} / {count}")
    return done
