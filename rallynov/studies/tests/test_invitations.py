"""Personal invitations e-mailed by the team: French text, personal link, closing date; a record
of each sending; one answer each, resumable."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from rallynov.studies import domain
from rallynov.studies.models import Invitation, Response

pytestmark = pytest.mark.django_db


DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]


@pytest.fixture
def closing_survey(make_survey):
    # Some four months from the day the test runs, at 18:00 Paris time: never a date that passes.
    day = timezone.localdate() + datetime.timedelta(days=120)
    closes = timezone.make_aware(datetime.datetime(day.year, day.month, day.day, 18, 0))
    return make_survey(slug="invitations", closes_at=closes, public_link=False)


def in_french(moment):
    local = timezone.localtime(moment)
    return f"{DAYS[local.weekday()]} {local.day} {MONTHS[local.month - 1]} {local.year} à 18h00"


def test_sending_e_mails_each_person_their_personal_link_and_the_closing_date(closing_survey, settings):
    claire = Invitation.objects.create(survey=closing_survey, name="Claire Martin", email="claire@exemple.fr",
                                       category="dirigeant")
    outcome = domain.send_invitations(survey=closing_survey)
    assert [i.pk for i in outcome["sent"]] == [claire.pk]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["claire@exemple.fr"]
    assert message.subject == "[rallynov] Invitation à répondre : Enquête 4 jours"
    assert "Bonjour Claire Martin," in message.body
    assert f"{settings.SITE_URL}/enquetes/invitation/{claire.token}/" in message.body
    assert "il permet une seule réponse" in message.body
    assert "vous pouvez vous arrêter et reprendre plus tard avec le même lien" in message.body
    assert f"L'enquête est ouverte jusqu'au {in_french(closing_survey.closes_at)}." in message.body
    claire.refresh_from_db()
    assert claire.sent_at is not None and claire.sent_count == 1


def test_sending_again_skips_those_already_sent_unless_resent(closing_survey):
    claire = Invitation.objects.create(survey=closing_survey, name="Claire", email="claire@exemple.fr")
    domain.send_invitations(survey=closing_survey)
    again = domain.send_invitations(survey=closing_survey)
    assert again["sent"] == [] and [i.pk for i in again["skipped_already_sent"]] == [claire.pk]
    resent = domain.send_invitations(survey=closing_survey, invitations=[claire.pk], resend=True)
    assert [i.pk for i in resent["sent"]] == [claire.pk]
    assert len(mail.outbox) == 2
    claire.refresh_from_db()
    assert claire.sent_count == 2


def test_no_e_mail_to_those_who_answered_or_have_no_address(closing_survey):
    answered = Invitation.objects.create(survey=closing_survey, name="A", email="a@exemple.fr")
    no_address = Invitation.objects.create(survey=closing_survey, name="Sans adresse")
    response = domain.start_response(survey=closing_survey, invitation=answered)
    domain.save_page(response=response, page_index=0, values={"formule": "longue"})
    domain.submit_response(response=response)
    outcome = domain.send_invitations(survey=closing_survey, resend=True)
    assert outcome["sent"] == [] and mail.outbox == []
    assert [i.pk for i in outcome["skipped_answered"]] == [answered.pk]
    assert [i.pk for i in outcome["skipped_no_email"]] == [no_address.pk]


def test_a_closed_survey_sends_no_invitation(make_survey):
    survey = make_survey(slug="close", closes_at=timezone.now() - datetime.timedelta(days=1))
    Invitation.objects.create(survey=survey, email="b@exemple.fr")
    with pytest.raises(domain.SurveyClosed, match="Les invitations ne peuvent plus être envoyées."):
        domain.send_invitations(survey=survey)
    assert mail.outbox == []


def test_the_e_mailed_link_gives_one_resumable_answer(client, closing_survey):
    invitation = Invitation.objects.create(survey=closing_survey, email="c@exemple.fr", category="salarie")
    domain.send_invitations(survey=closing_survey)
    link = reverse("studies:invitation", args=[invitation.token])
    assert link in mail.outbox[0].body
    client.post(link, {})
    response = Response.objects.get(invitation=invitation)
    client.post(reverse("studies:answer", args=[response.token, 1]), {"formule": "longue", "action": "save"})
    assert client.get(link)["Location"] == reverse("studies:answer", args=[response.token, 1])  # resumed
    assert Response.objects.filter(invitation=invitation).count() == 1


def test_team_page_sends_unsent_invitations_and_shows_when(client, closing_survey, team_member):
    Invitation.objects.create(survey=closing_survey, name="Claire", email="claire@exemple.fr")
    Invitation.objects.create(survey=closing_survey, name="Sans adresse")
    client.force_login(team_member)
    url = reverse("studies:invitations", args=[closing_survey.slug])
    assert "Envoyer l'invitation non envoyée (1)" in client.get(url).content.decode()
    page = client.post(reverse("studies:invitations_send", args=[closing_survey.slug]), {"action": "unsent"},
                       follow=True)
    html = page.content.decode()
    assert len(mail.outbox) == 1
    assert "1 invitation envoyée par e-mail." in html
    assert "1 invitation sans adresse e-mail : rien n&#x27;a été envoyé." in html
    assert "pas encore envoyé" in html  # the one without address
    sent_at = timezone.localtime(Invitation.objects.get(name="Claire").sent_at)
    assert f"{sent_at:%-d} " in html and f"{sent_at:%Hh%M}" in html


def test_team_page_resends_the_ticked_invitations_only(client, closing_survey, team_member):
    first = Invitation.objects.create(survey=closing_survey, name="Un", email="un@exemple.fr")
    Invitation.objects.create(survey=closing_survey, name="Deux", email="deux@exemple.fr")
    domain.send_invitations(survey=closing_survey)
    mail.outbox.clear()
    client.force_login(team_member)
    send = reverse("studies:invitations_send", args=[closing_survey.slug])
    client.post(send, {"action": "resend", "invitation": [str(first.pk)]})
    assert [m.to for m in mail.outbox] == [["un@exemple.fr"]]
    page = client.post(send, {"action": "resend"}, follow=True)
    assert "Cochez les invitations à renvoyer." in page.content.decode()
    assert len(mail.outbox) == 1


def test_team_page_adds_people_and_names_bad_lines_in_french(client, closing_survey, team_member):
    client.force_login(team_member)
    url = reverse("studies:invitations", args=[closing_survey.slug])
    page = client.post(url, {"people": "Claire ; claire@exemple.fr ; dirigeant\nPaul ; pas-une-adresse\n"
                                       "Zoé ; zoe@exemple.fr ; stagiaire"})
    html = page.content.decode()
    assert "Ligne 2 : « pas-une-adresse » n&#x27;est pas une adresse e-mail valide." in html
    assert "Ligne 3 : catégorie « stagiaire » inconnue (catégories : dirigeant, salarie)." in html
    assert Invitation.objects.count() == 0
    client.post(url, {"people": "Claire ; claire@exemple.fr ; dirigeant\n\nZoé;zoe@exemple.fr"})
    assert sorted(Invitation.objects.values_list("name", "email", "category")) == [
        ("Claire", "claire@exemple.fr", "dirigeant"), ("Zoé", "zoe@exemple.fr", "")]
    assert mail.outbox == []  # added, not sent yet


def test_invitation_pages_are_for_the_team_only(client, closing_survey, applicant):
    client.force_login(applicant)
    assert client.get(reverse("studies:invitations", args=[closing_survey.slug])).status_code == 403
    assert client.post(reverse("studies:invitations_send", args=[closing_survey.slug]),
                       {"action": "unsent"}).status_code == 403
