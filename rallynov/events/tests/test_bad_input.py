"""Bad input of issue 5, through the pages people use: each gets a clear French message and no
registration is lost or duplicated."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from rallynov.events import domain
from rallynov.events.enums import RegistrationStatus as S
from rallynov.events.models import Registration
from rallynov.events.qr import ticket_payload

pytestmark = pytest.mark.django_db

FORM = {
    "first_name": "Camille",
    "last_name": "Martin",
    "email": "camille.martin@exemple.fr",
    "organization_name": "Cogitec",
    "consent": "on",
}


def test_register_before_opening_gives_the_opening_date(client, make_event):
    opens = timezone.now() + datetime.timedelta(days=3)
    event = make_event(registration_opens_at=opens)
    response = client.post(reverse("events:register", args=[event.pk]), FORM)
    local = timezone.localtime(opens)
    assert f"Les inscriptions ouvriront le {local:%d/%m/%Y} à {local:%H:%M}." in response.content.decode()
    assert Registration.objects.count() == 0


def test_register_on_an_event_without_online_registration_says_so(client, make_event):
    event = make_event(registration_enabled=False)
    response = client.post(reverse("events:register", args=[event.pk]), FORM)
    assert "Cet événement ne prend pas d&#x27;inscriptions en ligne." in response.content.decode()
    assert Registration.objects.count() == 0


def test_double_submission_while_waiting_says_so_and_keeps_one(client, make_event, register_person):
    event = make_event(capacity=1)
    register_person(event)
    url = reverse("events:register", args=[event.pk])
    client.post(url, FORM)
    response = client.post(url, FORM, follow=True)
    assert "Cette adresse e-mail est déjà sur la liste d&#x27;attente de cet événement." in response.content.decode()
    assert Registration.objects.filter(email=FORM["email"]).count() == 1


def test_expired_offer_through_the_personal_link_says_the_place_went_on(client, make_event, register_person):
    event = make_event(capacity=1)
    first, second, third = (register_person(event, name) for name in "ABC")
    domain.cancel_registration(registration=first)
    later = timezone.now() + datetime.timedelta(hours=49)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = client.post(reverse("events:registration_confirm", args=[second.token]), follow=True)
    second.refresh_from_db()
    third.refresh_from_db()
    assert ("Le délai pour confirmer cette place est dépassé : elle a été proposée à la personne suivante."
            in response.content.decode())
    assert (second.status, third.status) == (S.EXPIRED, S.OFFERED)


def test_confirm_link_used_twice_says_the_place_is_already_confirmed(client, make_event, register_person):
    event = make_event(capacity=1)
    first, second = register_person(event, "A"), register_person(event, "B")
    domain.cancel_registration(registration=first)
    url = reverse("events:registration_confirm", args=[second.token])
    client.post(url)
    response = client.post(url, follow=True)
    assert "Votre place est déjà confirmée." in response.content.decode()
    assert Registration.objects.filter(event=event, status=S.CONFIRMED).count() == 1


def test_forged_cancellation_link_cancels_nothing(client, event, register_person):
    registration = register_person(event)
    forged = registration.token[:-4] + ("AAAA" if not registration.token.endswith("AAAA") else "BBBB")
    response = client.post(reverse("events:registration_cancel", args=[forged]))
    registration.refresh_from_db()
    assert response.status_code == 404
    assert "Lien invalide" in response.content.decode()
    assert registration.status == S.CONFIRMED


def scan(client, event, code):
    response = client.post(reverse("events:checkin_scan", args=[event.pk]), {"code": code}, HTTP_X_CHECKIN_SCAN="1")
    return response.content.decode()


def test_ticket_scanned_twice_says_when_the_person_came(client, event, register_person, team_member):
    registration = register_person(event, "Dupont")
    client.force_login(team_member)
    first = scan(client, event, ticket_payload(registration))
    second = scan(client, event, ticket_payload(registration))
    registration.refresh_from_db()
    when = timezone.localtime(registration.checked_in_at)
    assert "Bienvenue Camille Dupont : présence enregistrée." in first
    assert f"Camille Dupont a déjà été accueilli·e à {when:%H:%M} le {when:%d/%m/%Y}." in second


def test_ticket_of_a_cancelled_registration_is_refused(client, event, register_person, team_member):
    registration = register_person(event, "Dupont")
    domain.cancel_registration(registration=registration)
    client.force_login(team_member)
    html = scan(client, event, ticket_payload(registration))
    registration.refresh_from_db()
    assert "Camille Dupont n&#x27;a pas de place confirmée (annulée)" in html
    assert registration.checked_in_at is None


def test_ticket_of_another_event_is_refused(client, event, make_event, register_person, team_member):
    other = make_event(title="Séminaire de lancement")
    foreign = register_person(other, "Dupont")
    client.force_login(team_member)
    html = scan(client, event, ticket_payload(foreign))
    assert "Ce billet est pour un autre événement : « Séminaire de lancement »." in html


def test_text_that_is_not_a_ticket_is_refused(client, event, team_member):
    client.force_login(team_member)
    assert "Ce QR code n&#x27;est pas un billet de ce site." in scan(client, event, "https://exemple.fr/?x=<b>")


def test_walk_in_with_a_mistyped_email_keeps_the_form(client, event, team_member):
    client.force_login(team_member)
    response = client.post(reverse("events:checkin_walk_in", args=[event.pk]),
                           {"first_name": "Sam", "last_name": "Faivre", "email": "sam@faivre"})
    assert response.status_code == 400
    assert "Saisissez une adresse e-mail valide, par exemple prenom.nom@exemple.fr." in response.content.decode()
    assert Registration.objects.count() == 0
