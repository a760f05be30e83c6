"""Two programmes on one instance: each host, command and team sees only its own programme."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from rallynov.core.programmes import create_programme
from rallynov.initiatives.domain import ensure_catalogue
from rallynov.initiatives.tests.factories import make_initiative

OCC_HOST = "occitanie.example.org"


@pytest.fixture
def two_programmes(home_page, programme):
    """BFC (the default programme, on localhost) with a sheet in Dijon; Occitanie on its own host
    with a sheet in Toulouse."""
    from rallynov.initiatives.demo import seed_reference

    seed_reference()
    bfc_sheet = make_initiative(
        ensure_catalogue(programme=programme), programme, "Épicerie solidaire de Dijon"
    )
    occ, _created = create_programme(
        slug="occitanie", name="Rally'nov Occitanie", region_code="76", host=OCC_HOST
    )
    occ_sheet = make_initiative(
        ensure_catalogue(programme=occ), occ, "Covoiturage rural du Lauragais", commune="31555"
    )
    return programme, occ, bfc_sheet, occ_sheet


def _call(*args, **options):
    out = io.StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("option", "expected"), [([], 0), (["--programme", "occitanie"], 1), (["--programme", "bfc"], 0)]
)
def test_export_initiatives_exports_the_named_programme(two_programmes, tmp_path, option, expected):
    sheets = two_programmes[2:]
    output = tmp_path / "export.csv"

    call_command("export_initiatives", "--output", str(output), *option)

    text = output.read_text(encoding="utf-8-sig")
    assert [sheet.title in text for sheet in sheets] == [expected == 0, expected == 1]


@pytest.mark.django_db
@pytest.mark.parametrize("command", ["figures", "export_initiatives", "import_initiatives", "report"])
def test_commands_refuse_an_unknown_programme_in_french(two_programmes, command, tmp_path):
    args = {
        "figures": ["--year", "2023"],
        "export_initiatives": [],
        "import_initiatives": [str(tmp_path / "x.csv")],
        "report": ["--year", "2023", "--output", str(tmp_path / "x.pdf")],
    }[command]
    (tmp_path / "x.csv").write_text("name\n", encoding="utf-8")

    with pytest.raises(CommandError) as refused:
        call_command(command, *args, "--programme", "atlantide")

    assert str(refused.value) == "Programme inconnu : « atlantide » (programmes existants : bfc, occitanie)."


@pytest.mark.django_db
def test_figures_of_each_programme_count_its_own_catalogue(two_programmes):
    _bfc, occ, _bfc_sheet, occ_sheet = two_programmes
    make_initiative(occ_sheet.get_parent().specific, occ, "Tiers-lieu de Montpellier", commune="34172")

    def new_initiatives(*option):
        figures = json.loads(_call("figures", "--year", "2020", "--format", "json", *option))["figures"]
        return next(f["value"] for f in figures if f["key"] == "initiatives.new")

    assert [
        new_initiatives(),
        new_initiatives("--programme", "occitanie"),
        new_initiatives("--programme", "bfc"),
    ] == [
        1,
        2,
        1,
    ]
