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


# --- One source per figure: the yearly report prints the figures API's numbers ----------------

# Numbers of the report's data that are not figures: the year, identifiers, an edition's year.
NOT_FIGURES = {"year", "events.*.id", "laureates.*.edition_year", "next_events.*.id", "initiatives.*.id"}


def _numbers(value, path=""):
    """(path, number) of every number in the report's data, list indexes written as "*"."""
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, (int, float)):
        return [(path, value)]
    if isinstance(value, dict):
        return [found for key, item in value.items() for found in _numbers(item, f"{path}.{key}".lstrip("."))]
    if isinstance(value, (list, tuple)):
        return [found for item in value for found in _numbers(item, f"{path}.*".lstrip("."))]
    return []


@pytest.mark.parametrize("year", [2014, 2023])
def test_every_number_of_the_report_is_the_figures_api_value(demo, client, year):
    """Each number the yearly report prints (web page and PDF share this data) equals what
    `/api/v1/figures/<year>` says, or adds up to it; a number added to the report without a
    line here makes the test fail."""
    import json
    from io import StringIO

    from django.core.management import call_command

    from rallynov.core.models import Programme
    from rallynov.reporting.keyfigures import format_value, tile_value
    from rallynov.reporting.report import build_report

    programme = Programme.objects.default()
    api = {row["key"]: row for row in client.get(f"/api/v1/figures/{year}").json()["figures"]}

    report = build_report(programme=programme, year=year)

    def value(key):
        assert api[key]["available"], f"{key} : {api[key]['status']}"
        return api[key]["value"]

    checked = set()
    # Key-figure tiles: value, its printed text and its note.
    for figure in report["figures"]:
        row = api[figure["key"]]
        assert (figure["value"], figure["available"], figure["note"]) == (
            row["value"],
            row["available"],
            row["note"],
        ), figure["key"]
        assert figure["value_text"] == tile_value(row["value"], row["unit"]), figure["key"]
    checked.add("figures.*.value")
    # The new initiatives: the heading's count, the list and "… and N more", the total.
    assert report["initiatives_count"] == value("initiatives.new")
    assert len(report["initiatives"]) + report["initiatives_more"] == value("initiatives.new")
    assert report["initiatives_total"] == value("initiatives.total")
    checked |= {"initiatives_count", "initiatives_more", "initiatives_total"}
    # Events: each event's participants and structures are the figure's details.
    assert value("events.participants") is not None
    by_event = {entry["id"]: entry for entry in api["events.participants"]["details"]["by_event"]}
    for event in report["events"]:
        expected = by_event.get(event["id"], {})
        printed = {item["label"]: item["value"] for item in event["figures"]}
        assert printed == {
            label: number
            for label, number in (
                ("participants", expected.get("participants")),
                ("structures représentées", expected.get("structures")),
            )
            if number
        }, event["title"]
    assert len(report["events"]) + report["events_more"] == value("events.count")
    checked |= {"events.*.figures.*.value", "events_more"}
    # Laureates and their prizes.
    assert len(report["laureates"]) == value("awards.laureates")
    # A prize whose amount was not communicated (2022, handed over in 2023) is unknown, not 0 €.
    assert sum(laureate["amount"] or 0 for laureate in report["laureates"]) == (api["awards.prize_money"]["value"] or 0)
    for laureate in report["laureates"]:
        assert laureate["amount_text"] == (
            format_value(laureate["amount"], "€") if laureate["amount"] else ""
        )
    checked.add("laureates.*.amount")
    # Funders and their fundings.
    assert len(report["funders"]) == value("partners.funders")
    assert sum(funder["amount"] or 0 for funder in report["funders"]) == value("partners.funding_total")
    checked |= {"funders.*.amount", "partners.*.amount"}
    # Surveys: respondents of the year, and by category (they add up).
    assert sum(survey["respondents"] for survey in report["surveys"]) == value("studies.survey_respondents")
    for survey in report["surveys"]:
        assert sum(c["count"] for c in survey["by_category"]) == survey["respondents"]
    checked |= {"surveys.*.respondents", "surveys.*.by_category.*.count"}
    # Charts: the year's bar is the figure initiatives.new; themes count the same initiatives.
    assert report["charts"]["per_year"][-1] == {"label": str(year), "value": value("initiatives.new")}
    assert sum(p["value"] for p in report["charts"]["per_year"]) <= value("initiatives.total")
    assert all(0 < t["value"] <= value("initiatives.new") for t in report["charts"]["by_theme"])
    checked |= {"charts.per_year.*.value", "charts.by_theme.*.value"}

    printed = {path for path, _number in _numbers(report)} - NOT_FIGURES
    assert printed <= checked, f"nombres du bilan sans contrôle : {sorted(printed - checked)}"

    # The command line prints the same figures.
    out = StringIO()
    call_command("figures", year=str(year), format="json", stdout=out)
    command = {row["key"]: row["value"] for row in json.loads(out.getvalue())["figures"]}
    assert command == {key: row["value"] for key, row in api.items()}
