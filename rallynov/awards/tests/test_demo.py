"""The demo reproduces the reports' figures from records, and the jury's scores give the real laureates."""

import pytest

from rallynov.awards.enums import Outcome
from rallynov.awards.models import Application, Edition

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(programme, home_page):
    from rallynov.awards import demo, demo_season

    demo.load(programme=programme, log=lambda *args: None)
    demo_season.load(programme=programme, log=lambda *args: None)
    return programme


def _figures(programme, year):
    from rallynov.awards.figures import figures

    return {f.key: f.value for f in figures(programme=programme, year=year)}


def test_2014_and_2023_figures_come_from_the_records(demo):
    assert _figures(demo, 2014) == {
        "awards.applications": 14,
        "awards.laureates": 4,
        "awards.prize_money": 8000.0,
        "awards.laureate_sheets_updated": 0,
    }
    figures = _figures(demo, 2023)
    assert (figures["awards.laureates"], figures["awards.laureate_sheets_updated"]) == (2, 6)


def test_laureates_are_the_real_ones_and_top_the_jury_ranking(demo):
    from rallynov.awards.queries import ranking

    def laureates(year):
        return sorted(
            Application.objects.filter(edition__year=year, decision__outcome=Outcome.LAUREATE).values_list(
                "initiative__title", flat=True
            )
        )

    assert laureates(2014) == [
        "Covoiturage domicile-travail",
        "Le Drive fermier 39",
        "Le Mas d'Héricourt",
        "Vadapad",
    ]
    assert laureates(2022) == ["Les Délices Bleus", "Métalhom"]
    top = [row.application.initiative_title for row in ranking(Edition.objects.get(year=2022))[:2]]
    assert sorted(top) == ["Les Délices Bleus", "Métalhom"]
    # Made-up records are flagged; the two editions of the reports are not.
    assert list(
        Edition.objects.filter(is_generated=False).order_by("year").values_list("year", flat=True)
    ) == [2014, 2022]
    assert Edition.objects.filter(is_generated=True).count() == 7  # 2016–2021 and the open call
