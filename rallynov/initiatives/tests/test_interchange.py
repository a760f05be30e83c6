"""Import and export: columns of DESIGN.md, dry run, idempotence, a French reason per bad row."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from openpyxl import Workbook

from rallynov.core.models import AuditEntry
from rallynov.initiatives.interchange import ImportFileError, import_file
from rallynov.initiatives.models import CatalogueEntry, InitiativePage

pytestmark = pytest.mark.django_db

HEADER = "name;organization;organization_kind;siret;commune_insee;commune;postal_code;themes;year;summary;description;website;video_url;laureate_year"
GOOD = [
    "Garage solidaire de Vesoul;Garage Solidaire 70;association;;70550;;;Mobilité solidaire|Réemploi;2019;Réparations à petit prix.;;garage70.example.org;;",
    "Crèche inter-entreprises;Crèche des Lumières;entreprise;73282932000074;;Besançon;25000;Qualité de vie au travail;2021;;Une crèche partagée.;;;2022",
]


def csv_bytes(*rows, sep=";"):
    return ("\n".join([HEADER, *rows]).replace(";", sep) + "\n").encode("utf-8")


def test_import_creates_published_initiatives_in_the_catalogue(catalogue, programme):
    report = import_file(csv_bytes(*GOOD), filename="a.csv", programme=programme)
    assert (report.created, report.rejected) == (2, 0)
    garage = InitiativePage.objects.get(title="Garage solidaire de Vesoul")
    assert (garage.live, garage.source, garage.main_commune.name, garage.website, garage.latest_revision_id is not None) == (
        True,
        "import",
        "Vesoul",
        "https://garage70.example.org",
        True,
    )
    assert sorted(t.name for t in garage.themes.all()) == ["Mobilité solidaire", "Réemploi"]
    # Its own revision, the latest and the live one: its history starts with the import.
    revision = garage.latest_revision
    assert (revision.object_id, garage.live_revision_id, revision.content["title"]) == (
        str(garage.pk),
        revision.pk,
        "Garage solidaire de Vesoul",
    )
    creche = InitiativePage.objects.get(title="Crèche inter-entreprises")
    assert (creche.laureate_year, creche.description, creche.organizations.get().siret) == (
        2022,
        "<p>Une crèche partagée.</p>",
        "73282932000074",
    )
    assert CatalogueEntry.objects.count() == 2
    catalogue.refresh_from_db()
    assert catalogue.get_children().count() == 2
    assert AuditEntry.objects.filter(action="import").count() == 2
    # The tree stays sound for Wagtail.
    from wagtail.models import Page

    assert Page.find_problems() == ([], [], [], [], [])


def test_imported_revision_holds_what_wagtail_would_serialise(catalogue, programme):
    # The import writes the first revision without Wagtail's per-relation queries: it must hold
    # what page.serializable_data() gives, or the editor would open a different sheet.
    import_file(csv_bytes(*GOOD), filename="a.csv", programme=programme)
    for page in InitiativePage.objects.all():
        stored = page.latest_revision.content
        expected = json.loads(json.dumps(page.serializable_data(), cls=DjangoJSONEncoder))

        def normal(data):
            skip = {"latest_revision", "live_revision"}
            return {k: sorted(v) if isinstance(v, list) else v for k, v in data.items() if k not in skip}

        assert normal(stored) == normal(expected)
        assert expected["themes"] or expected["organizations"]


def test_reimporting_the_same_file_changes_nothing(catalogue, programme):
    import_file(csv_bytes(*GOOD), filename="a.csv", programme=programme)
    report = import_file(csv_bytes(*GOOD, sep=","), filename="a.csv", programme=programme)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert InitiativePage.objects.count() == 2


def test_a_changed_row_updates_with_a_new_revision(catalogue, programme):
    import_file(csv_bytes(*GOOD), filename="a.csv", programme=programme)
    changed = GOOD[0].replace("Réparations à petit prix.", "Réparations et prêts de véhicules.")
    report = import_file(csv_bytes(changed), filename="a.csv", programme=programme)
    assert (report.updated, report.unchanged) == (1, 0)
    page = InitiativePage.objects.get(title="Garage solidaire de Vesoul")
    assert page.summary == "Réparations et prêts de véhicules."
    assert CatalogueEntry.objects.get(pk=page.pk).stems.count("pret") == 1


def test_dry_run_reports_without_saving(catalogue, programme):
    report = import_file(csv_bytes(*GOOD), filename="a.csv", programme=programme, dry_run=True)
    assert (report.dry_run, report.created) == (True, 2)
    assert InitiativePage.objects.count() == 0
    assert report.summary().startswith("Simulation : 2 créée(s)")


def test_bad_rows_are_reported_by_line_and_good_rows_kept(catalogue, programme):
    rows = [
        GOOD[0],
        "Sans commune;Structure X;association;;;Atlantide;99999;;2020;;;;;",
        "Mauvais SIRET;Structure Y;association;12345678901234;21231;;;;2020;;;;;",
        "Thème inconnu;Structure Z;association;;21231;;;Astronautique;2020;;;;;",
        "Garage solidaire de Vesoul;Garage Solidaire 70;association;;70550;;;;2019;;;;;",
        "",
        "=cmd|' /C calc'!A0;Structure F;association;;21231;;;;2020;;;;;",
        "Année absurde;Structure A;robot;;21231;;;;deux mille;;;;;",
        GOOD[1],
    ]
    data = csv_bytes(*rows)
    report = import_file(data, filename="a.csv", programme=programme)
    problems = {r.line: (r.status, " ".join(r.messages)) for r in report.problems}
    assert problems[3][0] == "rejected" and "Code postal « 99999 »" not in problems[3][1]
    assert "Atlantide" in problems[3][1]
    assert problems[4] == ("rejected", "SIRET « 12345678901234 » invalide : le SIREN (9 premiers chiffres) a une clé de contrôle fausse.")
    assert problems[5] == ("rejected", "Thème inconnu : « Astronautique ».")
    assert problems[6] == ("rejected", "Doublon : même nom et même commune que la ligne 2 du fichier.")
    assert problems[7] == ("ignored", "Ligne vide ignorée.")
    assert problems[8] == ("rejected", "« name » contient une formule de tableur (« =cmd|' /C ca… ») : refusée.")
    assert problems[9][0] == "rejected"
    assert "Type de structure inconnu : « robot »" in problems[9][1]
    assert "« year » : « deux mille » n'est pas une année." in problems[9][1]
    assert (report.created, report.rejected, report.ignored) == (2, 6, 1)


def test_nul_characters_are_removed_at_the_door(catalogue, programme):
    # PostgreSQL refuses NUL in text: a file carrying some imports as if they were not there.
    row = GOOD[0].replace("Garage solidaire", "Garage\x00 solidaire").replace("Vesoul;", "Ves\x00oul;", 1)
    report = import_file(csv_bytes(row), filename="a.csv", programme=programme)
    assert (report.created, report.rejected) == (1, 0)
    assert list(InitiativePage.objects.values_list("title", flat=True)) == ["Garage solidaire de Vesoul"]


def test_latin1_lines_are_converted_with_a_warning(catalogue, programme):
    data = (HEADER + "\n").encode() + GOOD[0].replace("Mobilité solidaire|Réemploi", "Réemploi").encode("cp1252") + b"\n"
    report = import_file(data, filename="latin1.csv", programme=programme)
    row = report.rows[0]
    assert (row.status, row.messages) == (
        "created",
        ["ligne encodée en Latin-1 (Windows-1252) et non en UTF-8 : accents convertis, à vérifier."],
    )
    assert InitiativePage.objects.get().summary == "Réparations à petit prix."


def test_xlsx_import(catalogue, programme):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(";"))
    sheet.append(["Tiers-lieu de Cluny", "La Fabrique", "scic", None, 71137, None, None, "Tiers-lieux", 2018])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = import_file(buffer.getvalue(), filename="a.xlsx", programme=programme)
    assert (report.created, report.rejected) == (1, 0)
    assert InitiativePage.objects.get().main_commune.name == "Cluny"


def test_missing_columns_stop_the_import(catalogue, programme):
    with pytest.raises(ImportFileError) as error:
        import_file(b"nom;ville\nA;Dijon\n", filename="a.csv", programme=programme)
    assert str(error.value).startswith("Colonnes manquantes : year, organization.")


def test_command_line_import_and_export(catalogue, programme, tmp_path, capsys):
    source = tmp_path / "in.csv"
    source.write_bytes(csv_bytes(*GOOD))
    call_command("import_initiatives", str(source), "--dry-run")
    assert "Simulation : 2 créée(s)" in capsys.readouterr().out
    call_command("import_initiatives", str(source))
    assert InitiativePage.objects.count() == 2
    target = tmp_path / "out.csv"
    call_command("export_initiatives", "--format", "csv", "--output", str(target))
    report = import_file(target.read_bytes(), filename="out.csv", programme=programme)
    assert (report.created, report.updated, report.unchanged, report.rejected) == (0, 0, 2, 0)
