"""`rallynov benchmark-data --initiatives N`: a large catalogue to measure search, facets and the map.

Initiatives are generated the way the demo's are: the demo's 22 kinds of initiative with their
French names, themes (one to three, two levels), SDGs and summaries; communes of the programme's
region weighted by population (so Dijon and Besançon hold many, most villages one or none); years
2013–2023, more of them in recent years; descriptions made of a few sentences from a pool of French
phrasing (about half speak of "innovation"); 4 % laureates. Every record is flagged `is_generated`
so that `rallynov demo --purge-generated` removes them. Running the command again adds more
initiatives, numbered after the ones already there.
"""

import random
import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from rallynov.core.commands import add_programme_argument, programme_from_option
from rallynov.core.models import Programme
from rallynov.core.text import fold
from rallynov.initiatives.bulk import (
    NewInitiative,
    SlugAllocator,
    analyze_catalogue_tables,
    create_initiatives,
)
from rallynov.initiatives.demo import CONCEPTS, seed_reference
from rallynov.initiatives.domain import ensure_catalogue
from rallynov.initiatives.interchange.progress import Progress
from rallynov.initiatives.models import InitiativePage, SustainableDevelopmentGoal, Theme
from rallynov.organizations.models import Organization
from rallynov.territories.models import Commune

QUALIFIERS = ["de", "de", "de", "du Pays de", "du Val de"]
LEGAL_FORMS = {"association": "Association", "scop": "SCOP", "scic": "SCIC"}
# More initiatives are catalogued in recent years (the programme grows).
YEARS = list(range(2013, 2024))
YEAR_WEIGHTS = [4, 5, 6, 6, 7, 8, 8, 9, 10, 12, 14]
SENTENCES = [
    "Une innovation sociale née des besoins exprimés par les habitants du territoire.",
    "L'initiative associe des salariés, des bénévoles et des partenaires publics.",
    "Le projet a été expérimenté pendant un an avant d'être étendu aux communes voisines.",
    "Cette innovation répond à un manque de services dans un territoire rural.",
    "Des entreprises du bassin d'emploi financent une partie du fonctionnement.",
    "Les personnes accompagnées participent aux décisions et à l'évaluation.",
    "Le modèle économique repose sur des recettes propres et des subventions de la Région.",
    "Une démarche d'innovation sociale reconnue par les acteurs de l'économie sociale et solidaire.",
    "L'équipe mesure chaque année le nombre de personnes touchées et d'emplois créés.",
    "La coopération avec les collectivités locales a permis d'ouvrir un second site.",
    "Les jeunes et les seniors y trouvent un lieu d'échange et d'entraide.",
    "Le dispositif s'appuie sur un réseau de structures de l'insertion par l'activité économique.",
]


class Command(BaseCommand):
    help = "Crée un grand catalogue d'initiatives générées (mesures de performance)."
    # Django's system checks load every URL, view and admin module (1.3 s of CPU): they are for
    # `check` and the server, not for a data command.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--initiatives", type=int, required=True, help="Nombre d'initiatives à générer.")
        parser.add_argument(
            "--seed",
            type=int,
            default=2023,
            help="Graine du tirage (même graine, mêmes données ; défaut : 2023).",
        )
        add_programme_argument(parser)

    def handle(self, *args, initiatives, seed, programme, **options):
        if initiatives <= 0:
            raise CommandError("--initiatives doit être positif.")
        # On an empty database the demo's programme is made; a slug that names none is refused.
        target = programme_from_option(programme) if programme or Programme.objects.exists() else None
        if target is None:
            from rallynov.core.seed import create_programme

            target = create_programme()
        started = time.perf_counter()
        progress = Progress(label="benchmark-data", unit="initiatives", stream=sys.stderr)
        count = generate(programme=target, count=initiatives, seed=seed, log=self.stdout.write, progress=progress)
        self.stdout.write(
            self.style.SUCCESS(f"{count} initiatives créées en {time.perf_counter() - started:.1f} s.")
        )


def _title(concept, place, rng):
    qualifier = rng.choice(QUALIFIERS) if place.population < 3000 else "de"
    return f"{concept} {qualifier} {place.name}".replace("de Le ", "du ").replace("de Les ", "des ")


def generate(*, programme, count, seed=2023, log=lambda *a: None, chunk=5000, progress=None):
    """Adds `count` generated initiatives; `progress(done, total)` is called after each chunk
    (else a line is logged). Ends with ANALYZE of the tables it filled (PostgreSQL)."""
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
    first_number = InitiativePage.objects.filter(programme=programme).count() + 1
    done = 0
    while done < count:
        size = min(chunk, count - done)
        with transaction.atomic():
            places = rng.choices(communes, weights=weights, k=size)
            concepts = [rng.choice(CONCEPTS) for _place in places]
            organizations = Organization.objects.bulk_create(
                [
                    Organization(
                        name=f"{LEGAL_FORMS.get(kind, '')} {concept} {place.name} {first_number + done + i}".strip(),
                        name_key=fold(f"{concept} {place.name} {first_number + done + i}"),
                        kind=kind,
                        commune=place,
                        is_generated=True,
                    )
                    for i, (place, (concept, kind, *_rest)) in enumerate(zip(places, concepts, strict=True))
                ],
                batch_size=1000,
            )
            items = []
            for place, organization, (concept, _kind, theme_names, sdg_numbers, summary) in zip(
                places, organizations, concepts, strict=True
            ):
                chosen = {themes[n] for n in theme_names if n in themes}
                if rng.random() < 0.3:
                    chosen.add(rng.choice(leaves))
                year = rng.choices(YEARS, weights=YEAR_WEIGHTS)[0]
                sentences = " ".join(rng.sample(SENTENCES, rng.randint(1, 3)))
                items.append(
                    NewInitiative(
                        title=_title(concept, place, rng),
                        commune=place,
                        organization_id=organization.pk,
                        year=year,
                        themes=sorted(chosen),
                        sdgs=sorted({sdgs[n - 1] for n in sdg_numbers}),
                        summary=summary,
                        description=f"<p>{summary}</p><p>{sentences}</p>",
                        laureate_year=year if rng.random() < 0.04 else None,
                        source="import",
                        is_generated=True,
                    )
                )
            create_initiatives(
                catalogue=catalogue, programme=programme, items=items, revisions=False, slugs=slugs
            )
        done += size
        if progress is not None:
            progress(done, count)
        else:
            log(f"  {done} / {count}")
    # Planner statistics for the tables just filled (PostgreSQL): the sheet, the home page and
    # the API were 2 to 3 times slower until autovacuum ran ANALYZE (national API at 100,000:
    # 280 ms before, 127 ms after).
    analyze_catalogue_tables()
    return done
