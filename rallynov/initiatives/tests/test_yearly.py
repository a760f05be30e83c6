"""The year's new initiatives are read once (queries.yearly): the figure, the dashboard's
breakdowns and map, and the report's list count the same published initiatives."""

import pytest

from rallynov.initiatives.figures import figures
from rallynov.initiatives.models import InitiativePage
from rallynov.initiatives.queries import yearly

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_2023(initiative_factory):
    initiative_factory("Semaine de 4 jours", year=2023, themes=["semaine-de-4-jours", "teletravail"])
    initiative_factory(
        "Covoiturage", year=2023, commune="25097", themes=["organisation-du-travail", "covoiturage"]
    )
    initiative_factory("Brouillon", year=2023, themes=["covoiturage"], live=False)
    initiative_factory("Plus ancienne", year=2022, themes=["covoiturage"])


def test_breakdowns_of_a_year_add_up_to_its_figure(programme, year_2023):
    new = {f.key: f.value for f in figures(programme=programme, year=2023)}["initiatives.new"]

    departments = yearly.by_department(programme, 2023)

    assert new == 2
    assert departments == [("Côte-d'Or (21)", 1), ("Doubs (25)", 1)]
    assert sum(n for _label, n in departments) == new
    assert [point["title"] for point in yearly.map_points(programme, 2023)] == [
        "Covoiturage",
        "Semaine de 4 jours",
    ]
    assert [item["title"] for item in yearly.listed(programme, 2023)] == ["Covoiturage", "Semaine de 4 jours"]


def test_an_initiative_counts_once_per_top_level_theme(programme, year_2023):
    # "Semaine de 4 jours" has two sub-themes of one theme; "Covoiturage" the theme and a sub-theme
    # of another.
    assert yearly.by_theme(programme, 2023) == [("Organisation du travail", 2), ("Mobilité", 1)]


def test_listed_initiatives_carry_what_the_report_prints(programme, year_2023):
    first = yearly.listed(programme, 2023, limit=1)

    assert first == [
        {
            "id": InitiativePage.objects.get(slug="covoiturage").pk,
            "title": "Covoiturage",
            "url": first[0]["url"],
            "summary": "",
            "organizations": ["Structure Covoiturage"],
            "commune": "Brognard",
            "department": "25",
            "themes": first[0]["themes"],
        }
    ]
    assert sorted(first[0]["themes"]) == ["Covoiturage", "Organisation du travail"]
    assert first[0]["url"].endswith("/covoiturage/")
