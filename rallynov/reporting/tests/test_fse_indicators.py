"""The funders' page, its workbook and `rallynov indicators` show the FSE+ common indicators
computed by events.fse.indicators (small cells masked; special categories for the funders'
reporting role only)."""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from rallynov.accounts import roles
from rallynov.events import domain
from rallynov.events.tests.conftest import events_index, make_event, wagtail_roots  # noqa: F401

pytestmark = pytest.mark.django_db

WOMAN = {"gender": "female", "age_band": "30_54", "labour_status": "employed", "education_level": "isced_5_8"}


@pytest.fixture
def cofinanced(make_event):  # noqa: F811
    now = timezone.now()
    event = make_event(
        title="Défi FSE",
        fse_cofinanced=True,
        starts_at=now - datetime.timedelta(days=2),
        ends_at=now - datetime.timedelta(days=2) + datetime.timedelta(hours=2),
    )
    for n in range(7):
        registration, _created = domain.register(
            event=event,
            first_name="P",
            last_name=f"N{n}",
            email=f"p{n}@exemple.fr",
            source="staff",
            send_email=False,
            fse={
                "profile": WOMAN if n < 6 else {**WOMAN, "gender": "male"},
                "sensitive": {"rural_area": True},
            },
        )
        domain.check_in(registration=registration, by=None)
    return event


def _year(event):
    return timezone.localtime(event.starts_at).year


def test_page_shows_fse_indicators_masked_and_hides_special_categories_from_the_team(
    client, cofinanced, team_member
):
    client.force_login(team_member)
    response = client.get(reverse("reporting:indicators"), {"annee": _year(cofinanced)})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Indicateurs communs du FSE+ par opération" in html and "Défi FSE" in html
    rows = dict(response.context["fse_table"]["rows"])
    assert rows["Femmes"] == [6, 6] and rows["Hommes"] == ["< 5", "< 5"]
    assert rows["Part ayant répondu"] == ["100,0 %", "100,0 %"]
    assert "Participants issus de zones rurales" not in html


def test_funders_role_reads_special_categories_and_gets_them_in_the_workbook(client, cofinanced, make_user):
    from rallynov.accounts.domain import ensure_groups

    ensure_groups()
    funder = make_user("fse@example.org", roles.FUNDERS_REPORTING)
    client.force_login(funder)
    response = client.get(reverse("reporting:indicators"), {"annee": _year(cofinanced)})
    assert dict(response.context["fse_table"]["sensitive"])["Participants issus de zones rurales"] == [7, 7]
    export = client.get(reverse("reporting:indicators_export"), {"annee": _year(cofinanced)})
    workbook = load_workbook(io.BytesIO(export.content))
    sheet = workbook[f"FSE+ {_year(cofinanced)}"]
    values = {(row[2], row[4]): row[5] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values[("Défi FSE", "Femmes")] == 6
    assert values[("Défi FSE", "Hommes")] == "< 5"
    assert values[("Défi FSE", "Participants issus de zones rurales")] == 7


def test_applicant_and_anonymous_cannot_read_indicators(client, cofinanced, applicant):
    url = reverse("reporting:indicators")
    assert client.get(url).status_code == 302
    client.force_login(applicant)
    assert client.get(url).status_code == 403


def test_indicators_command_text_json_xlsx(cofinanced, programme, tmp_path, capsys):
    year = _year(cofinanced)
    call_command("indicators", "--year", str(year))
    text = capsys.readouterr().out
    assert "Défi FSE" in text and "Femmes : 6" in text and "Hommes : < 5" in text
    assert "zones rurales" not in text
    call_command(
        "indicators", "--year", str(year), "--format", "json", "--sensitive", "--programme", programme.slug
    )
    data = json.loads(capsys.readouterr().out)
    assert data["operations"][0]["participants"] == 7
    assert {row["key"]: row["value"] for row in data["total"]["sensitive"]}["rural_area"] == 7
    target = tmp_path / "fse.xlsx"
    call_command("indicators", "--year", str(year), "--format", "xlsx", "--output", str(target))
    assert f"FSE+ {year}" in load_workbook(target).sheetnames


def test_indicators_command_refuses_bad_input_in_french(programme):
    with pytest.raises(CommandError, match="Programme inconnu"):
        call_command("indicators", "--year", "2023", "--programme", "nulle-part")
    with pytest.raises(CommandError):
        call_command("indicators", "--year", "deux mille")
