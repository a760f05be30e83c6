import datetime
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from PIL import Image

from rallynov.reporting import report as report_module
from rallynov.reporting.models import ReportEdition
from rallynov.reporting.report import build_report, french_date, paragraphs, render_pdf

pytestmark = pytest.mark.django_db


def test_build_report_gathers_texts_figures_and_initiatives(
    programme, home_page, fake_parts, make_initiative
):
    fake_parts({"initiatives": {2023: {"initiatives.new": 2, "initiatives.total": 163}}})
    make_initiative("Les Délices Bleus", year=2023)
    make_initiative("Métalhom", year=2023, commune_insee="25097")
    make_initiative("Le Drive fermier 39", year=2014)
    ReportEdition.objects.create(
        programme=programme,
        year=2023,
        cover_title="Une année de travail collaboratif",
        intro="Premier.\n\nSecond.",
    )

    report = build_report(programme=programme, year=2023)

    assert report["cover_title"] == "Une année de travail collaboratif"
    assert report["texts"]["intro"] == ["Premier.", "Second."]
    assert [i["title"] for i in report["initiatives"]] == ["Les Délices Bleus", "Métalhom"]
    assert report["initiatives"][1]["commune"] == "Brognard"
    assert report["initiatives_total"] == 163
    assert (report["initiatives_count"], report["initiatives_more"]) == (2, 0)
    assert [f["value_text"] for f in report["figures"][:2]] == ["2", "163"]
    json.dumps(report, default=str)  # the PDF gets it as JSON


def test_render_pdf_of_a_year_without_data(programme, home_page, fake_parts):
    fake_parts({})

    pdf, warnings = render_pdf(build_report(programme=programme, year=2016))

    assert pdf.startswith(b"%PDF-")
    assert warnings == []


def test_missing_cover_image_is_skipped_with_a_warning(programme, home_page, fake_parts):
    fake_parts({})
    report = build_report(programme=programme, year=2023)
    report["cover_image"] = "/nulle-part/couverture.jpg"

    pdf, warnings = render_pdf(report)

    assert pdf.startswith(b"%PDF-")
    assert warnings == ["Image introuvable, non reprise dans le PDF : couverture.jpg"]


def test_oversized_image_is_refused_and_large_one_downscaled(tmp_path, monkeypatch):
    big = tmp_path / "photo.jpg"
    Image.new("RGB", (3000, 2000), "teal").save(big)
    target = tmp_path / "out"
    target.mkdir()
    warnings = []

    name = report_module._prepare_image(str(big), target, "event-0", warnings)
    monkeypatch.setattr(report_module, "MAX_IMAGE_PIXELS", 1000)
    refused = report_module._prepare_image(str(big), target, "event-1", warnings)

    assert name == "img/event-0.jpg"
    with Image.open(target / "event-0.jpg") as written:
        assert written.size == (1400, 933)
    assert refused == ""
    assert warnings == ["Image trop grande (3000×2000), non reprise : photo.jpg"]


def test_unreadable_image_is_skipped(tmp_path):
    broken = tmp_path / "cassee.png"
    broken.write_bytes(b"ceci n'est pas une image")
    warnings = []

    assert report_module._prepare_image(str(broken), tmp_path, "x", warnings) == ""
    assert warnings == ["Image illisible, non reprise dans le PDF : cassee.png (UnidentifiedImageError)"]


def test_event_photo_and_figures_reach_the_pdf(programme, home_page, fake_parts, monkeypatch, tmp_path):
    from rallynov.core.figures import Figure

    photo = tmp_path / "olympia.jpg"
    Image.new("RGB", (800, 500), "orange").save(photo)
    event = {
        "id": 7,
        "title": "Rencontre régionale",
        "date": datetime.date(2023, 9, 26),
        "place": "Cinéma Olympia, Dijon",
        "kind": "Rencontre régionale",
        "summary": "143 personnes.",
        "url": "",
        "image": str(photo),
    }
    monkeypatch.setattr(
        report_module.queries, "events_of_year", lambda programme, year, limit=None: [dict(event)]
    )
    participants = Figure(
        key="events.participants",
        label="Participants",
        value=143,
        part="events",
        details={
            "by_event": [{"id": 7, "title": "Rencontre régionale", "participants": 143, "structures": 80}]
        },
    )
    fake_parts({"events": {2023: {"events.participants": participants}}})

    report = build_report(programme=programme, year=2023)
    pdf, warnings = render_pdf(report)

    assert report["events"][0]["date_text"] == "26 septembre 2023"
    assert report["events"][0]["figures"] == [
        {"value": 143, "label": "participants"},
        {"value": 80, "label": "structures représentées"},
    ]
    assert pdf.startswith(b"%PDF-") and b"/Subtype/Image" in pdf
    assert warnings == []


@pytest.mark.parametrize(
    ("value", "text"),
    [(datetime.date(2024, 10, 1), "1er octobre 2024"), (datetime.date(2023, 2, 28), "28 février 2023")],
)
def test_french_date(value, text):
    assert french_date(value) == text


def test_paragraphs_split_on_blank_lines():
    assert paragraphs("Un.\r\n\r\nDeux\nlignes.\n\n\n") == ["Un.", "Deux\nlignes."]


def test_report_command_writes_a_pdf(programme, home_page, fake_parts, tmp_path, capsys):
    fake_parts({"initiatives": {2014: {"initiatives.total": 80}}})
    output = tmp_path / "bilan-2014.pdf"

    call_command("report", year="2014", output=str(output))

    assert output.read_bytes().startswith(b"%PDF-")
    assert f"Bilan 2014 écrit dans {output}" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"year": "abc", "output": "x.pdf"}, "L'année doit être un nombre, par exemple 2023."),
        ({"year": "2023", "output": "bilan.docx"}, "Le fichier de sortie doit se terminer par .pdf."),
        ({"year": "2023", "output": "/nulle/part/bilan.pdf"}, "Le dossier /nulle/part n'existe pas."),
    ],
)
def test_report_command_bad_input(programme, options, message):
    with pytest.raises(CommandError, match=message):
        call_command("report", **options)


def test_figures_command_json(programme, fake_parts, capsys):
    fake_parts({"initiatives": {2023: {"initiatives.new": 15, "initiatives.total": 163}}})

    call_command("figures", year="2023", format="json")

    data = json.loads(capsys.readouterr().out)
    assert data["year"] == 2023
    assert {f["key"]: f["value"] for f in data["figures"]}["initiatives.total"] == 163
    assert {f["key"]: f["status"] for f in data["figures"]}["awards.laureates"] == "pas encore disponible"


def test_figures_command_text(programme, fake_parts, capsys):
    fake_parts({"site": {2014: {"site.visitors": 3000, "site.page_views": 13000}}})

    call_command("figures", year="2014")

    out = capsys.readouterr().out
    assert "  libellé site.visitors : 3\u202f000" in out
    assert "  Lauréats : pas encore disponible (Prix de l'innovation sociale)" in out


def test_figures_command_without_programme(db):
    with pytest.raises(CommandError, match="Aucun programme"):
        call_command("figures", year="2023")


def test_template_exists():
    assert Path(report_module.TEMPLATE).is_file()


def test_demo_editions_carry_texts_but_no_figures(programme):
    from rallynov.reporting import demo

    demo.load(programme=programme, log=lambda *args: None)
    demo.load(programme=programme, log=lambda *args: None)  # idempotent

    editions = list(ReportEdition.objects.order_by("year"))
    assert [(e.year, e.is_published) for e in editions] == [(2014, True), (2023, True)]
    assert editions[1].cover_title == "Une année de travail collaboratif et exploratoire"
    for edition in editions:
        texts = " ".join(edition.section_texts().values())
        assert not any(char.isdigit() for char in texts.replace("2022", "").replace("4 jours", "")), (
            edition.year
        )


def test_long_lists_are_capped_in_the_report(programme, home_page, fake_parts, make_initiative, monkeypatch):
    fake_parts({"initiatives": {2023: {"initiatives.new": 2}}})
    monkeypatch.setattr(report_module, "MAX_INITIATIVES", 1)
    make_initiative("Les Délices Bleus", year=2023)
    make_initiative("Métalhom", year=2023)

    report = build_report(programme=programme, year=2023)
    pdf, _warnings = render_pdf(report)

    assert [i["title"] for i in report["initiatives"]] == ["Les Délices Bleus"]
    assert (report["initiatives_count"], report["initiatives_more"]) == (2, 1)
    assert pdf.startswith(b"%PDF-")


def test_report_prints_the_figure_of_new_initiatives_not_a_count_of_its_own(
    programme, home_page, fake_parts, make_initiative
):
    # The figure says 7 (as the key-figures page and the API do); two of them are on the list.
    fake_parts({"initiatives": {2023: {"initiatives.new": 7}}})
    make_initiative("Les Délices Bleus", year=2023)
    make_initiative("Métalhom", year=2023)

    report = build_report(programme=programme, year=2023)

    assert [i["title"] for i in report["initiatives"]] == ["Les Délices Bleus", "Métalhom"]
    assert (report["initiatives_count"], report["initiatives_more"]) == (7, 5)


def test_report_without_the_new_initiatives_figure_prints_no_number(
    client, programme, home_page, fake_parts, make_initiative, team_member
):
    fake_parts({})
    make_initiative("Les Délices Bleus", year=2023)

    report = build_report(programme=programme, year=2023)
    pdf, _warnings = render_pdf(report)
    client.force_login(team_member)
    html = client.get("/bilan/2023/").content.decode()

    assert (report["initiatives_count"], report["initiatives_more"]) == (None, 0)
    assert pdf.startswith(b"%PDF-")
    assert '<h2 id="initiatives">Initiatives recensées en 2023</h2>' in html
