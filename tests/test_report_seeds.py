"""The yearly reports of 2014 and 2023 read like the seeds: every entity a seed names is in its year's
PDF, no page but the last is more than a third empty, and the PDF is tagged (its speed is measured in
benchmarks/bench_reporting.py).

The entities are listed from the seed text itself: every structure (name or acronym), person,
venue, commune and initiative of the demo that the seed names, and every run of capitalised words
of the seed that is one of them. The PDF's text is read back with pdftotext.
"""

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
# Blank bands taller than this (in % of the page's height) count as empty space; the gaps between
# lines and paragraphs do not.
EMPTY_BAND = 0.04
MAX_EMPTY = 1 / 3


def _fold(text):
    """Lower case, no accents, letters and digits only: « Franche-\\nComté » and « Franche-Comté »
    (or a word hyphenated at the end of a line) compare equal."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in text if not unicodedata.combining(c)).lower())


def _seed_text(year):
    path = SEEDS / f"rallynov-bilan-{year}.txt"
    if not path.exists():
        path = Path("/work/shared/seeds") / f"rallynov-bilan-{year}.txt"
    return path.read_text(encoding="utf-8")


def seed_entities(year):
    """The named entities of the seed of `year` that the platform holds as records."""
    from rallynov.events.models import EventPage
    from rallynov.initiatives.models import InitiativePage
    from rallynov.organizations.models import Organization, Person
    from rallynov.territories.models import Venue

    seed = _fold(_seed_text(year))
    names = set()
    for name, acronym, commune in Organization.objects.values_list("name", "acronym", "commune__name"):
        names |= {name, acronym, commune or ""}
    names |= {f"{first} {last}" for first, last in Person.objects.values_list("first_name", "last_name")}
    names |= set(Venue.objects.values_list("name", flat=True))
    names |= set(
        EventPage.objects.filter(starts_at__year=year).values_list("venue__commune__name", flat=True)
    )
    names |= set(InitiativePage.objects.filter(year=year).values_list("title", flat=True))
    # Short names ("BGE", "Fact") would match inside words: those count when they are words of the seed.
    words = set(re.findall(r"[\w&'-]+", _seed_text(year)))
    found = set()
    for name in names:
        if not name:
            continue
        if (len(_fold(name)) >= 5 and _fold(name) in seed) or name in words:
            found.add(name)
    return sorted(found)


@pytest.fixture(scope="module")
def reports(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo loaded once; the 2014 and 2023 reports rendered (PDF, its text, PNG pages)."""
    from django.db import transaction

    from rallynov.core.demo import load_demo
    from rallynov.reporting.report import build_report, render_pdf

    folder = tmp_path_factory.mktemp("bilans")
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            programme = load_demo(log=lambda *args: None)
            made = {}
            for year in (2014, 2023):
                report = build_report(programme=programme, year=year)
                pdf, warnings = render_pdf(report)
                path = folder / f"bilan-{year}.pdf"
                path.write_bytes(pdf)
                text = subprocess.run(  # noqa: S603 - a fixed command on a file this test wrote
                    [shutil.which("pdftotext") or "pdftotext", str(path), "-"],
                    capture_output=True,
                    check=True,
                    text=True,
                ).stdout
                pages = render_pdf(report, fmt="png", ppi=24)[0]
                made[year] = {
                    "entities": seed_entities(year),
                    "text": text,
                    "pdf": pdf,
                    "pages": pages,
                }
            yield made
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


pytestmark = [pytestmark, pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext absent")]


@pytest.mark.parametrize("year", [2014, 2023])
def test_every_entity_of_the_seed_is_in_its_report(reports, year):
    report = reports[year]
    text = _fold(report["text"])

    missing = [name for name in report["entities"] if _fold(name) not in text]

    assert len(report["entities"]) >= 20, report["entities"]
    assert missing == [], f"absents du bilan {year} : {missing}"


def _empty_share(png):
    """The share of the page's body taken by blank bands taller than EMPTY_BAND."""
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("L")
    width, height = image.size
    top, bottom = int(height * 0.07), int(height * 0.93)  # header and footer left out
    pixels = image.load()
    blank = [all(pixels[x, y] > 245 for x in range(0, width, 2)) for y in range(top, bottom)]
    empty, run = 0, 0
    for row in [*blank, False]:
        if row:
            run += 1
            continue
        if run > EMPTY_BAND * height:
            empty += run
        run = 0
    return empty / (bottom - top)


@pytest.mark.parametrize("year", [2014, 2023])
def test_no_page_but_the_last_is_more_than_a_third_empty(reports, year):
    pages = reports[year]["pages"]
    shares = [round(_empty_share(png), 2) for png in pages]

    assert len(pages) >= 4, shares
    assert [i + 1 for i, share in enumerate(shares[:-1]) if share > MAX_EMPTY] == [], shares


@pytest.mark.parametrize("year", [2014, 2023])
def test_report_is_a_tagged_pdf_ua(reports, year):
    # Its time (≤ 2 s at the benchmark sizes) is measured by benchmarks/bench_reporting.py, not here.
    pdf = reports[year]["pdf"]

    assert b"/StructTreeRoot" in pdf and b"/MarkInfo" in pdf
    assert b"pdfuaid" in pdf  # PDF/UA-1 identification in the metadata


def test_2023_report_has_the_productions_the_survey_and_the_tour_to_be_set(reports):
    text = " ".join(reports[2023]["text"].split())
    seed = _seed_text(2023)
    productions = [line[2:].strip() for line in seed.splitlines() if line.startswith("- ")]

    assert len(productions) == 7
    assert [p for p in productions if _fold(p) not in _fold(text)] == []
    assert "40 répondants en 2023" in text and "salarié" in text and "dirigeant" in text
    assert "La tournée de l'IS sur le territoire — date à fixer" in text


def test_2014_report_shows_the_region_as_it_was(reports):
    text = " ".join(reports[2014]["text"].split())

    assert "Franche-Comté — aujourd'hui Bourgogne-Franche-Comté" in text
    text_2023 = " ".join(reports[2023]["text"].split())
    assert "prix de 0 €" not in text_2023 and "prix, montant non communiqué" in text_2023
