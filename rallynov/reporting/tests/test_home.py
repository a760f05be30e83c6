import pytest

from rallynov.reporting.home import home_section

pytestmark = pytest.mark.django_db


def test_home_section_shows_latest_complete_year(rf, home_page, fake_parts, make_initiative):
    fake_parts({"initiatives": {2023: {"initiatives.new": 15, "initiatives.total": 163}}})
    make_initiative("Métalhom", year=2023)

    section = home_section(rf.get("/"))

    assert section["template"] == "reporting/home_section.html"
    assert section["context"]["year"] == 2023
    assert [(row.key, row.value) for row in section["context"]["rows"]] == [
        ("initiatives.new", 15),
        ("initiatives.total", 163),
    ]


def test_home_section_absent_without_figures(rf, home_page, fake_parts):
    fake_parts({})

    assert home_section(rf.get("/")) is None
