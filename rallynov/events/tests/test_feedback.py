"""The satisfaction questionnaire after an event: a survey of the studies part, one personal link
per person present, answers counted on the event's staff page."""

import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from rallynov.events import domain, queries
from rallynov.events.domain import feedback as feedback_domain
from rallynov.events.models import EventFeedbackSurvey, Feedback
from rallynov.studies import domain as studies_domain
from rallynov.studies.models import Invitation, Survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def past_event(make_event):
    ended = timezone.now() - datetime.timedelta(days=1)
    return make_event(title="Rencontre régionale 2023", starts_at=ended - datetime.timedelta(hours=4), ends_at=ended,
                      registration_enabled=False)


@pytest.fixture
def present(past_event, register_person, team_member):
    """Two people present, one registered but absent."""
    people = [register_person(past_event, name, source="equipe") for name in ("Lefèvre", "Dupont", "Absent")]
    for registration in people[:2]:
        domain.check_in(registration=registration, by=team_member)
    mail.outbox.clear()
    return people


def feedback_link(message):
    return re.search(r"https?://\S+/avis/", message.body).group(0)


def answer(invitation, satisfaction):
    survey = invitation.survey
    response = studies_domain.start_response(survey=survey, invitation=invitation)
    studies_domain.save_page(response=response, page_index=0, values={"satisfaction": satisfaction, "utilite": "tres"})
    studies_domain.submit_response(response=response)


def test_request_feedback_invites_each_present_person_to_the_event_survey(past_event, present, team_member,
                                                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sent = domain.request_feedback(event=past_event, by=team_member)
    survey = Survey.objects.get()
    assert sent == 2
    assert survey.event_feedback.event == past_event
    assert survey.title == "Votre avis : Rencontre régionale 2023"
    assert survey.public_link is False  # not listed on the studies page, answered by invitation only
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.email for r in present[:2])
    assert sorted(Invitation.objects.values_list("email", flat=True)) == sorted(r.email for r in present[:2])
    assert all(i.sent_at is not None for i in Invitation.objects.all())


def test_feedback_link_of_the_email_opens_the_persons_own_invitation(client, past_event, present, team_member,
                                                                     django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        domain.request_feedback(event=past_event, by=team_member)
    message = next(m for m in mail.outbox if m.to == [present[0].email])
    path = feedback_link(message).split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path)
    present[0].refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == reverse("studies:invitation", args=[present[0].feedback_invitation.token])
    assert client.get(response["Location"]).status_code == 200


def test_request_feedback_twice_mails_each_person_once(past_event, present, team_member,
                                                        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        domain.request_feedback(event=past_event, by=team_member)
        again = domain.request_feedback(event=past_event, by=team_member)
    assert again == 0
    assert len(mail.outbox) == 2
    assert Survey.objects.count() == 1
    assert Invitation.objects.count() == 2


def test_staff_page_counts_the_survey_answers(client, past_event, present, team_member,
                                              django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        domain.request_feedback(event=past_event, by=team_member)
    present[0].refresh_from_db()
    present[1].refresh_from_db()
    answer(present[0].feedback_invitation, 5)
    answer(present[1].feedback_invitation, 4)
    summary = queries.feedback_summary(past_event)
    client.force_login(team_member)
    html = client.get(reverse("events:manage", args=[past_event.pk])).content.decode()
    assert (summary["invited"], summary["answered"], summary["satisfaction"]) == (2, 2, 4.5)
    assert '<span class="figure-value">2</span> réponses reçues' in html
    assert '<span class="figure-value">4,5/5</span> satisfaction moyenne' in html


def test_staff_create_the_survey_before_sending(client, past_event, team_member):
    client.force_login(team_member)
    response = client.post(reverse("events:manage_feedback_survey", args=[past_event.pk]), follow=True)
    client.post(reverse("events:manage_feedback_survey", args=[past_event.pk]))
    assert EventFeedbackSurvey.objects.filter(event=past_event).count() == 1
    assert "Le questionnaire « Votre avis : Rencontre régionale 2023 » est prêt" in response.content.decode()


def test_person_checked_in_after_the_sending_gets_an_invitation_on_the_link(client, past_event, present,
                                                                            register_person, team_member):
    domain.request_feedback(event=past_event, by=team_member)
    late = present[2]
    domain.check_in(registration=late, by=team_member)
    response = client.get(reverse("events:feedback", args=[late.token]))
    late.refresh_from_db()
    assert response["Location"] == reverse("studies:invitation", args=[late.feedback_invitation.token])


def test_absent_person_is_told_the_questionnaire_is_for_people_present(client, past_event, present, team_member):
    domain.request_feedback(event=past_event, by=team_member)
    response = client.get(reverse("events:feedback", args=[present[2].token]))
    assert "Le questionnaire est réservé aux personnes présentes à l&#x27;événement." in response.content.decode()
    assert present[2].feedback_invitation_id is None


def test_simple_rating_form_without_the_studies_part(past_event, present, team_member, monkeypatch,
                                                     django_capture_on_commit_callbacks, client):
    monkeypatch.setattr(feedback_domain, "studies_available", lambda: False)
    with django_capture_on_commit_callbacks(execute=True):
        sent = domain.request_feedback(event=past_event, by=team_member)
    url = reverse("events:feedback", args=[present[0].token])
    form = client.get(url)
    client.post(url, {"rating": "4", "comment": "Très utile"})
    assert (sent, Survey.objects.count()) == (2, 0)
    assert any(url in m.body for m in mail.outbox)
    assert "Envoyer mon avis" in form.content.decode()
    assert Feedback.objects.get().rating == 4


def test_survey_is_sent_automatically_after_the_event(past_event, present, make_event, register_person, team_member,
                                                     django_capture_on_commit_callbacks):
    upcoming = make_event()
    domain.check_in(registration=register_person(upcoming, "Futur"), by=team_member)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_event_feedback", "--apres-heures", "2")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.email for r in present[:2])
    assert Survey.objects.get().event_feedback.event == past_event


def test_feedback_before_the_event_is_refused(make_event, team_member):
    event = make_event()
    with pytest.raises(domain.EventError, match="Le questionnaire de satisfaction s'envoie après l'événement."):
        domain.request_feedback(event=event, by=team_member)


def test_erasing_a_participant_blanks_their_survey_invitation(past_event, present, team_member):
    from rallynov.events.models import Registration
    from rallynov.events.privacy import anonymise_registrations

    domain.request_feedback(event=past_event, by=team_member)
    anonymise_registrations(Registration.objects.filter(pk=present[0].pk))
    present[0].refresh_from_db()
    invitation = present[0].feedback_invitation
    assert (invitation.name, invitation.email) == ("", "")
    assert Invitation.objects.exclude(email="").count() == 1
