"""Demo of the prize, from the seed reports.

- 2014 edition: 14 applications, four laureates with 2000 € each (Le Drive fermier 39, Schrader,
  Le Mas, Vadapad), awarded in Besançon in 2014.
- 2022 edition: laureates Les Délices Bleus and Métalhom, who received their prize at the regional
  meeting in Dijon on 26 September 2023.
- Generated (flagged) editions 2016–2021, so that the 2023 report's "6 fiches d'anciens lauréats
  mises à jour" comes from dated follow-ups on six former laureates. The open call of the coming
  season, dated from the day the demo runs, is in `awards.demo_season`.

Jury scores are generated so that the ranking gives the real laureates; the demo checks it.
"""

import datetime
import random
from decimal import Decimal

from rallynov.awards.demo.build import (
    build_edition,
    catalogue_page,
    follow_ups,
    laureate_initiative,
    other_initiatives,
    paris,
)
from rallynov.awards.demo.seeds import LAUREATES_2014, LAUREATES_2022


def load(*, programme, log):
    from rallynov.awards.models import Edition

    if Edition.objects.filter(programme=programme).exists():
        log("  prix déjà chargé")
        return
    rng = random.Random(2014)
    catalogue = catalogue_page(programme)

    laureates_2014 = [laureate_initiative(programme, catalogue, spec, 2014, log) for spec in LAUREATES_2014]
    build_edition(
        programme,
        catalogue,
        rng,
        log,
        year=2014,
        title="Trophées de l'innovation sociale 2014",
        opens=paris(2014, 3, 3, 9, 0),
        closes=paris(2014, 6, 30, 23, 59, 59),
        awarded_on=datetime.date(2014, 11, 27),
        published_at=paris(2014, 11, 27, 18, 0),
        laureates=laureates_2014,
        total=14,
        prize_amount=Decimal(2000),
        generated=False,
    )
    for year in range(2016, 2022):
        build_edition(
            programme,
            catalogue,
            rng,
            log,
            year=year,
            title=f"Prix de l'innovation sociale {year}",
            opens=paris(year, 3, 1, 9, 0),
            closes=paris(year, 6, 30, 23, 59, 59),
            awarded_on=datetime.date(year, 10, 15),
            published_at=paris(year, 10, 15, 18, 0),
            laureates=other_initiatives(programme, catalogue, year, 2, [], rng),
            total=8,
            prize_amount=Decimal(1500),
            generated=True,
        )
    laureates_2022 = [laureate_initiative(programme, catalogue, spec, 2022, log) for spec in LAUREATES_2022]
    build_edition(
        programme,
        catalogue,
        rng,
        log,
        year=2022,
        title="Prix de l'innovation sociale 2022",
        opens=paris(2022, 3, 1, 9, 0),
        closes=paris(2022, 6, 30, 23, 59, 59),
        awarded_on=datetime.date(2023, 9, 26),
        published_at=paris(2023, 9, 26, 18, 0),
        laureates=laureates_2022,
        total=9,
        prize_amount=None,  # « montant non communiqué » (the 2023 report gives no amount)
        generated=False,
    )
    follow_ups(programme, log)

