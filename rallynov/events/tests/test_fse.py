"""FSE+ participant data: the questions of co-financed events, their consents, the restricted
special categories, the indicators (masked small cells) and the RGPD register, purge, export, erasure."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from rallynov.accounts import roles
from rallynov.core import personal_data
from rallynov.events import domain
from rallynov.events.fse.indicators import fse_indicators
from rallynov.events.fse.models import ParticipantProfile, ParticipantSensitiveProfile
from rallynov.events.fse.rules import can_read_sensitive
from rallynov.events.models import Registration

pytestmark = pytest.mark.django_db

FORM = {
    "first_name": "Camille",
    "last_name": "Martin",
    "email": "camille.martin@exemple.fr",
    "consent": "on",
}
PROFILE = {
    "fse_gender": "female",
    "fse_age_band": "18_29",
    "fse_labour_status": "long_term",
    "fse_education_level": "isced_3_4",
}


def test_an_event_not_cofinanced_asks_nothing_more(client, make_event):
    event = make_event()
    html = client.get(reverse("events:register", args=[event.pk])).content.decode()
    assert "fse_gender" not in html


def test_the_public_form_of_a_cofinanced_event_records_answers_with_their_consent(client, make_event):
    event = make_event(fse_cofinanced=True)
    url = reverse("events:register", args=[event.pk])
    html = client.get(url).content.decode()
    assert 'name="fse_gender"' in html and 'name="fse_sensitive_consent"' in html
    response = client.post(url, {**FORM, **PROFILE, "fse_consent": "on", "fse_disability": "yes"})
    # A sensitive answer without its own explicit consent: refused, what was typed kept, nothing saved.
    assert response.status_code == 200
    assert "réponses aux questions sensibles" in response.content.decode()
    assert Registration.objects.count() == 0
    response = client.post(
        url, {**FORM, **PROFILE, "fse_consent": "on", "fse_disability": "yes", "fse_sensitive_consent": "on"}
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    profile = registration.fse_profile
    assert (profile.gender, profile.age_band, profile.labour_status, profile.education_level) == (
        "female",
        "18_29",
        "long_term",
        "isced_3_4",
    )
    assert registration.fse_sensitive.disability is True
    assert registration.fse_sensitive.minority is None  # not answered


def test_answers_without_consent_are_refused_and_no_answer_is_fine(client, make_event):
    event = make_event(fse_cofinanced=True)
    url = reverse("events:register", args=[event.pk])
    response = client.post(url, {**FORM, **PROFILE})
    assert response.status_code == 200
    assert "Cochez cette case pour que vos réponses aux questions du FSE+ soient enregistrées" in (
        response.content.decode()
    )
    assert not Registration.objects.exists()
    assert client.post(url, FORM).status_code == 302
    assert not ParticipantProfile.objects.exists() and not ParticipantSensitiveProfile.objects.exists()


def test_team_entry_and_walk_in_ask_the_same_questions(client, make_event, team_member):
    event = make_event(fse_cofinanced=True)
    client.force_login(team_member)
    assert 'name="fse_gender"' in client.get(reverse("events:manage", args=[event.pk])).content.decode()
    assert 'name="fse_gender"' in client.get(reverse("events:checkin", args=[event.pk])).content.decode()
    client.post(
        reverse("events:manage_add", args=[event.pk]),
        {**FORM, "fse_age_band": "55_plus", "fse_consent": "on"},
    )
    client.post(
        reverse("events:checkin_walk_in", args=[event.pk]),
        {"first_name": "Lou", "last_name": "Petit", "fse_homeless": "yes", "fse_sensitive_consent": "on"},
    )
    assert (
        ParticipantProfile.objects.get(registration__email="camille.martin@exemple.fr").age_band == "55_plus"
    )
    assert ParticipantSensitiveProfile.objects.get(registration__last_name="Petit").homeless is True


def _held_event(make_event, **fields):
    now = timezone.now()
    return make_event(
        fse_cofinanced=True,
        starts_at=now - datetime.timedelta(days=3),
        ends_at=now - datetime.timedelta(days=3) + datetime.timedelta(hours=3),
        **fields,
    )


def _participant(event, n, *, profile=None, sensitive=None, present=True):
    registration, _created = domain.register(
        event=event,
        first_name="P",
        last_name=f"Participant {n}",
        email=f"p{n}-{event.pk}@exemple.fr",
        source="staff",
        send_email=False,
        fse={"profile": profile, "sensitive": sensitive},
    )
    if present:
        domain.check_in(registration=registration, by=None)
    return registration


def _value(block, key, part="indicators"):
    return next(row["value"] for row in block[part] if row["key"] == key)


def test_indicators_per_operation_and_year_with_small_cells_masked(make_event, programme):
    first = _held_event(make_event, title="Atelier FSE")
    second = _held_event(make_event, title="Séminaire FSE")
    _held_event(make_event, title="Sans réponse")
    make_event(title="Non cofinancé", starts_at=first.starts_at, ends_at=first.ends_at)
    woman = {
        "gender": "female",
        "age_band": "18_29",
        "labour_status": "unemployed",
        "education_level": "isced_5_8",
    }
    man = {"gender": "male", "age_band": "55_plus", "labour_status": "long_term", "education_level": ""}
    for n in range(6):
        _participant(first, n, profile=woman, sensitive={"rural_area": True, "disability": None})
    for n in range(3):
        _participant(first, 10 + n, profile=man)
    _participant(first, 20)  # present, did not answer
    _participant(first, 21, profile=man, present=False)  # registered, not present: not a participant
    for n in range(4):
        _participant(second, 30 + n, profile=woman)
    year = timezone.localtime(first.starts_at).year
    data = fse_indicators(programme=programme, year=year)
    by_title = {op["title"]: op for op in data["operations"]}
    assert set(by_title) == {"Atelier FSE", "Séminaire FSE", "Sans réponse"}
    atelier = by_title["Atelier FSE"]
    assert (atelier["participants"], atelier["answered"], atelier["answered_share"]) == (10, 9, 90.0)
    assert _value(atelier, "female") == 6
    assert _value(atelier, "male") == "< 5"
    assert _value(atelier, "below_30") == 6
    assert _value(atelier, "unemployed") == 9  # long-term unemployed are unemployed too
    assert _value(atelier, "long_term_unemployed") == "< 5"
    assert _value(by_title["Séminaire FSE"], "female") == "< 5"
    assert by_title["Sans réponse"]["answered_share"] is None
    total = data["total"]
    assert (total["participants"], total["answered"]) == (14, 13)
    assert _value(total, "female") == 10  # two masked operations can add up to a shown year
    assert "sensitive" not in total and not data["sensitive_included"]
    restricted = fse_indicators(programme=programme, year=year, include_sensitive=True)
    assert _value(restricted["total"], "rural_area", "sensitive") == 6
    assert _value(restricted["total"], "disability", "sensitive") == "< 5"
    assert restricted["total"]["sensitive_answered"] == 6
    assert fse_indicators(programme=programme, year=year - 1)["operations"] == []


def test_only_the_funders_reporting_role_and_superusers_read_special_categories(
    make_user, team_member, superuser, applicant
):
    from rallynov.accounts.domain import ensure_groups

    ensure_groups()
    funder = make_user("fse@example.org", roles.FUNDERS_REPORTING)
    assert can_read_sensitive(funder) and can_read_sensitive(superuser)
    # Reading special categories: a second factor, like the staff.
    from rallynov.accounts.rules import needs_second_factor

    assert needs_second_factor(funder)
    assert not can_read_sensitive(team_member) and not can_read_sensitive(applicant)


def test_register_purge_export_and_erasure(make_event):
    event = _held_event(make_event)
    registration = _participant(
        event, 1, profile={"gender": "male", "age_band": "30_54"}, sensitive={"minority": True}
    )
    names = {row["name"] for row in personal_data.register()}
    assert {
        "Indicateurs FSE+ des participants",
        "Indicateurs FSE+ : autres caractéristiques (données sensibles)",
    } <= names
    exported = json.loads(personal_data.export_person_json(registration.email))
    models = {record["modele"] for record in exported["enregistrements"]}
    assert {"events.ParticipantProfile", "events.ParticipantSensitiveProfile"} <= models
    # 13 months after the event the special categories go; the ordinary answers stay (5 years).
    personal_data.purge(now=event.starts_at + datetime.timedelta(days=401))
    sensitive = ParticipantSensitiveProfile.objects.get()
    assert sensitive.minority is None and sensitive.erased_at is not None
    assert ParticipantProfile.objects.get().gender == "male"
    personal_data.erase_person(registration.email)
    profile = ParticipantProfile.objects.get()
    assert profile.gender == "" and profile.erased_at is not None
