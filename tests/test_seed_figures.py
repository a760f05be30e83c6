"""The demo data reproduces every figure of the two seed reports (DESIGN.md), computed from records.

The full demo is loaded once for the module; each figure is its own test, so a failure names the
figure and the part that computes it.
"""

import pytest

# The tests read what the module fixture computed; the mark makes pytest-django create the test database.
pytestmark = pytest.mark.django_db

# (year, key, expected value, what the seed report says)
KEY_FIGURES = [
    (2023, "initiatives.new", 15, "15 Nouvelles Innovations Sociales"),
    (2023, "initiatives.total", 163, "Retrouvez les 163 initiatives répertoriées"),
    (2023, "studies.structures_interviewed", 11, "11 Entreprises interviewées sur la semaine de 4 jours"),
    (2023, "studies.survey_respondents", 40, "Une enquête auprès de 40 salariés et dirigeants"),
    (2023, "awards.laureates", 2, "2 Lauréats (les lauréats 2022 reçoivent leur prix en 2023)"),
    (2023, "awards.laureate_sheets_updated", 6, "6 Fiches d'anciens lauréats mises à jour"),
    (2023, "events.workshop_participants", 53, "53 Participants aux défis de l'IS"),
    (2023, "events.video_views", 2882, "2882 Vues conférences et lauréats Youtube (en 2022)"),
    (2014, "awards.applications", 14, "Sélectionnées parmi les 14 candidatures déposées"),
    (2014, "awards.laureates", 4, "quatre initiatives, quatre lauréats"),
    (2014, "awards.prize_money", 8000, "un prix de 2000 euros (× 4)"),
    (2014, "initiatives.total", 80, "Déjà près de 80 initiatives franc-comtoises"),
    (2014, "site.visitors", 3000, "En 2014, 3 000 visiteurs"),
    (2014, "site.page_views", 13000, "13 000 pages consultées"),
]

# (year, event kind, participants, structures or None, what the seed report says)
EVENTS = [
    (2023, "rencontre", [143], None, "La Rencontre … a réuni 143 personnes"),
    (2023, "seminaire", [22], [16], "Séminaire de lancement : 22 participants, 16 structures représentées"),
    (2023, "atelier", [53], None, "Les Défis de l'IS : 53 participants"),
    (
        2014,
        "rencontre",
        [60, 70],
        None,
        "La première rencontre a rassemblé 60 personnes … la seconde 70 participants",
    ),
]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Load the demo once, compute what the tests need, then roll everything back."""
    from django.db import transaction

    from rallynov.core.demo import load_demo
    from rallynov.reporting import keyfigures, queries

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            programme = load_demo(log=lambda *args: None)
            computed = {}
            for year in (2014, 2023):
                figures = keyfigures.collect(programme=programme, year=year)
                participants = figures.get("events.participants")
                computed[year] = {
                    "figures": {row.key: row for row in figures},
                    "by_event": participants.figure.details.get("by_event", [])
                    if participants.available
                    else None,
                    "laureates": queries.laureates_of_year(programme, year),
                }
            yield computed
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.mark.parametrize(
    ("year", "key", "expected", "seed"), KEY_FIGURES, ids=[f"{y}-{k}" for y, k, *_ in KEY_FIGURES]
)
def test_key_figure_matches_the_seed(demo, year, key, expected, seed):
    row = demo[year]["figures"][key]

    assert row.status == "disponible", (
        f"{key} ({row.part_label}) : {row.status} — attendu {expected} ({seed})"
    )
    assert row.value == expected, f"{key} = {row.value}, attendu {expected} ({seed})"


def test_video_views_of_2023_are_shown_for_2022(demo):
    assert demo[2023]["figures"]["events.video_views"].note == "(en 2022)"


def test_2014_laureates_each_received_2000_euros(demo):
    assert [laureate["amount"] for laureate in demo[2014]["laureates"]] == [2000, 2000, 2000, 2000]


def test_2014_about_twenty_partners(demo):
    row = demo[2014]["figures"]["partners.count"]

    assert row.status == "disponible", f"partners.count : {row.status}"
    assert 17 <= row.value <= 23, f"« une vingtaine de partenaires » : {row.value}"


@pytest.mark.parametrize(
    ("year", "kind", "participants", "structures", "seed"), EVENTS, ids=[f"{y}-{k}" for y, k, *_ in EVENTS]
)
def test_event_attendance_matches_the_seed(demo, year, kind, participants, structures, seed):
    by_event = demo[year]["by_event"]
    assert by_event is not None, "events.participants n'est pas disponible"
    events = sorted(
        (e for e in by_event if e.get("kind") == kind and e.get("participants")), key=lambda e: e["date"]
    )

    assert [e["participants"] for e in events] == participants, seed
    if structures is not None:
        assert [e["structures"] for e in events] == structures, seed
