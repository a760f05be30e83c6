import pytest

from rallynov.core.figures import Figure
from rallynov.reporting import keyfigures

pytestmark = pytest.mark.django_db


def test_collect_missing_part_is_not_zero(programme, fake_parts):
    fake_parts({"initiatives": {2023: {"initiatives.new": 15, "initiatives.total": 163}}})

    figures = keyfigures.collect(programme=programme, year=2023)

    new = figures.get("initiatives.new")
    laureates = figures.get("awards.laureates")
    assert (new.value, new.available, new.status) == (15, True, "disponible")
    assert (laureates.value, laureates.available, laureates.status) == (None, False, "pas encore disponible")
    assert laureates.part_label == "Prix de l'innovation sociale"
    assert figures.missing_parts == [
        "Prix de l'innovation sociale",
        "Événements",
        "Partenaires et financements",
        "Site et mesure d'audience",
        "Études et enquêtes",
    ]


def test_collect_key_not_returned_by_a_present_part_is_unavailable(programme, fake_parts):
    fake_parts({"events": {2023: {"events.count": 3}}})

    figures = keyfigures.collect(programme=programme, year=2023)

    assert figures.get("events.count").value == 3
    assert figures.get("events.workshop_participants").status == "pas encore disponible"
    assert "Événements" not in figures.missing_parts


def test_collect_keeps_catalogue_order_then_extra_figures(programme, fake_parts):
    fake_parts({"site": {2014: {"site.page_views": 13000, "site.visitors": 3000, "site.newsletters": 4}}})

    keys = [row.key for row in keyfigures.collect(programme=programme, year=2014)]

    assert keys[:2] == ["initiatives.new", "initiatives.total"]
    assert keys.index("site.visitors") < keys.index("site.page_views")
    assert keys[-1] == "site.newsletters"
    assert len(keys) == len(keyfigures.CATALOGUE) + 1


def test_video_views_fall_back_to_previous_year_with_a_note(programme, fake_parts):
    fake_parts({"events": {2022: {"events.video_views": 2882}, 2023: {"events.video_views": 0}}})

    shown = keyfigures.collect(programme=programme, year=2023).get("events.video_views")
    raw = keyfigures.collect(programme=programme, year=2023, fallback=False).get("events.video_views")

    assert (shown.value, shown.note, shown.figure.details["year"]) == (2882, "(en 2022)", 2022)
    assert (raw.value, raw.note) == (0, "")


def test_video_views_of_the_year_win_over_the_previous_year(programme, fake_parts):
    fake_parts({"events": {2022: {"events.video_views": 2882}, 2023: {"events.video_views": 500}}})

    shown = keyfigures.collect(programme=programme, year=2023).get("events.video_views")

    assert (shown.value, shown.note) == (500, "")


def test_video_views_fallback_computes_only_that_figure_when_the_part_offers_it(programme, fake_parts):
    modules = fake_parts({"events": {2023: {"events.count": 3, "events.video_views": 0}}})
    asked = []

    def views_alone(*, programme, year):
        asked.append(year)
        return Figure("events.video_views", "Vues des vidéos", 2882, part="events")

    modules["events"].SINGLE_FIGURES = {"events.video_views": views_alone}
    figures = keyfigures.collect(programme=programme, year=2023)

    assert (figures.value("events.video_views"), figures.get("events.video_views").note) == (
        2882,
        "(en 2022)",
    )
    assert figures.value("events.count") == 3
    assert asked == [2022]


def test_a_failing_part_is_reported_and_the_others_still_show(programme, fake_parts):
    modules = fake_parts({"initiatives": {2023: {"initiatives.new": 15}}, "partners": {}})

    def broken(*, programme, year):
        raise RuntimeError("boom")

    modules["partners"].figures = broken

    figures = keyfigures.collect(programme=programme, year=2023)

    assert figures.get("initiatives.new").value == 15
    assert figures.get("partners.count").status == "calcul impossible"
    assert figures.get("partners.count").value is None


def test_figure_label_from_the_part_wins(programme, fake_parts):
    figure = Figure(key="awards.laureates", label="Lauréats du prix", value=2, part="awards")
    fake_parts({"awards": {2023: {"awards.laureates": figure}}})

    row = keyfigures.collect(programme=programme, year=2023).get("awards.laureates")

    assert (row.label, row.value) == ("Lauréats du prix", 2)


def test_has_data_is_false_for_a_year_of_zeros(programme, fake_parts):
    fake_parts({"initiatives": {2009: {"initiatives.new": 0}}})

    assert keyfigures.collect(programme=programme, year=2009).has_data is False


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", "L'année doit être un nombre, par exemple 2023."),
        ("1800", "L'année doit être comprise entre 1990 et"),
        (None, "L'année doit être un nombre"),
    ],
)
def test_check_year_refuses_bad_years_in_french(value, message):
    with pytest.raises(ValueError, match=message):
        keyfigures.check_year(value)


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (13000, "", "13\u202f000"),
        (2000, "€", "2\u202f000 €"),
        (2.5, "", "2,5"),
        (None, "", "pas encore disponible"),
        (0, "", "0"),
    ],
)
def test_format_value_is_french(value, unit, text):
    assert keyfigures.format_value(value, unit) == text


def test_parts_are_named_after_their_package_not_their_label():
    modules = keyfigures.figure_modules()

    assert "site" in modules  # the app label is "rallynov_site"; its figure keys start with "site."
    assert "rallynov_site" not in modules
