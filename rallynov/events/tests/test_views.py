import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from rallynov.core.access import LOGIN, ROLES
from rallynov.events import domain
from rallynov.events.enums import RegistrationStatus as S
from rallynov.events.models import Registration, RegistrationQuestion, Session
from rallynov.organizations.models import Person

pytestmark = pytest.mark.django_db

FORM = {
    "first_name": "Camille",
    "last_name": "Martin",
    "email": "camille.martin@exemple.fr",
    "organization_name": "Cogitec",
    "organization_kind": "entreprise",
    "postal_code": "25000",
    "role": "salarie",
    "consent": "on",
}


def test_index_lists_upcoming_and_past_events(client, make_event):
    now = timezone.now()
    make_event(title="À venir")
    make_event(title="Passé", starts_at=now - datetime.timedelta(days=400), ends_at=now - datetime.timedelta(days=399))
    response = client.get(reverse("events:index"))
    assert [e.title for e in response.context["upcoming"]] == ["À venir"]
    assert [[e.title for e in events] for events in response.context["past_by_year"].values()] == [["Passé"]]


@pytest.mark.parametrize("count", [1, 3])
def test_index_queries_do_not_grow_with_events(client, make_event, django_assert_max_num_queries, count):
    for _ in range(count):
        make_event()
    with django_assert_max_num_queries(12):
        client.get(reverse("events:index"))


@pytest.mark.parametrize("count", [1, 5])
def test_event_page_queries_do_not_grow_with_what_it_shows(client, make_event, programme, django_assert_max_num_queries, count):
    from rallynov.events.models import Video
    from rallynov.organizations.models import Organization

    now = timezone.now()
    event = make_event(starts_at=now - datetime.timedelta(days=30), ends_at=now - datetime.timedelta(days=29))
    for n in range(count):
        structure = Organization.objects.create(name=f"Structure {n}")
        session = Session.objects.create(event=event, title=f"Séance {n}", starts_at=event.starts_at)
        session.speakers.add(Person.objects.create(first_name="Olivier", last_name=f"Orateur {n}", organization=structure))
        session.save()
        event.partners.add(Organization.objects.create(name=f"Partenaire {n}"))
        Video.objects.create(programme=programme, event=event, title=f"Vidéo {n}", url=f"https://video.example.org/{n}")
    event.save_revision().publish()
    client.get(event.url)

    # The chrome included (site, programme, footer); 26 before the event was read in one query,
    # its speakers with their structure, its participants and structures counted together, and its
    # breadcrumb taken from the pages routing had read.
    with django_assert_max_num_queries(22):
        response = client.get(event.url)

    html = response.content.decode()
    assert all(f"Orateur {n}</strong> — Structure {n}" in html and f"Vidéo {n}" in html for n in range(count))


def test_event_page_shows_programme_with_speakers(client, event):
    speaker = Person.objects.create(first_name="Olivier", last_name="Pastor", job_title="Prospectiviste")
    session = Session.objects.create(event=event, title="Les enjeux du travail", starts_at=event.starts_at, room="Salle 1")
    session.speakers.add(speaker)
    session.save()  # a ParentalManyToManyField is written on save
    response = client.get(event.url)
    html = response.content.decode()
    assert "Les enjeux du travail" in html
    assert "<strong>Olivier Pastor</strong>, Prospectiviste" in html
    assert "Salle 1" in html


def test_register_creates_a_confirmed_registration_and_shows_the_ticket(client, event):
    response = client.post(reverse("events:register", args=[event.pk]), FORM)
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("events:registration", args=[registration.token])
    assert (registration.status, registration.organization.name, registration.department.code) == (
        S.CONFIRMED, "Cogitec", "25")
    page = client.get(response["Location"])
    assert reverse("events:registration_qr", args=[registration.token]) in page.content.decode()


def test_register_with_bad_email_keeps_what_was_typed(client, event):
    response = client.post(reverse("events:register", args=[event.pk]), {**FORM, "email": "camille@"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Saisissez une adresse e-mail valide, par exemple prenom.nom@exemple.fr." in html
    assert 'value="Cogitec"' in html
    assert 'aria-describedby="id_email-error"' in html
    assert Registration.objects.count() == 0


def test_register_with_a_mistyped_domain_asks_before_saving(client, event):
    url = reverse("events:register", args=[event.pk])
    response = client.post(url, {**FORM, "email": "camille@gmial.com"})
    assert "vouliez-vous écrire camille@gmail.com ?" in response.content.decode()
    assert Registration.objects.count() == 0
    client.post(url, {**FORM, "email": "camille@gmial.com", "email_is_right": "on"})
    assert list(Registration.objects.values_list("email", flat=True)) == ["camille@gmial.com"]


def test_register_without_consent_is_refused(client, event):
    data = {k: v for k, v in FORM.items() if k != "consent"}
    response = client.post(reverse("events:register", args=[event.pk]), data)
    assert "Votre accord est nécessaire pour traiter votre inscription." in response.content.decode()


def test_double_submission_resends_the_link_without_duplicating(client, event, django_capture_on_commit_callbacks):
    url = reverse("events:register", args=[event.pk])
    client.post(url, FORM)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**FORM, "email": "CAMILLE.MARTIN@exemple.fr"}, follow=True)
    assert Registration.objects.count() == 1
    assert "Cette adresse e-mail est déjà inscrite à cet événement." in response.content.decode()
    assert [m.to for m in mail.outbox] == [["camille.martin@exemple.fr"]]
    # The page never shows the existing personal link to whoever typed the address.
    assert Registration.objects.get().token not in response.content.decode()


def test_register_on_a_closed_event_says_so(client, make_event):
    event = make_event(registration_closes_at=timezone.now() - datetime.timedelta(minutes=1))
    response = client.post(reverse("events:register", args=[event.pk]), FORM)
    assert "Les inscriptions à cet événement sont closes." in response.content.decode()
    assert Registration.objects.count() == 0


def test_register_when_full_says_waiting_list(client, make_event, register_person):
    event = make_event(capacity=1)
    register_person(event)
    response = client.post(reverse("events:register", args=[event.pk]), FORM, follow=True)
    assert "L&#x27;événement est complet : vous êtes sur la liste d&#x27;attente." in response.content.decode()
    assert Registration.objects.get(email=FORM["email"]).status == S.WAITING


def test_custom_questions_are_asked_and_kept(client, event):
    RegistrationQuestion.objects.create(event=event, label="Viendrez-vous au déjeuner ?", kind="oui_non", required=True)
    url = reverse("events:register", args=[event.pk])
    response = client.post(url, FORM)
    assert "Répondez à cette question." in response.content.decode()
    question = event.questions.get()
    client.post(url, {**FORM, f"question_{question.pk}": "oui"})
    assert Registration.objects.get().answers == {"Viendrez-vous au déjeuner ?": "oui"}


@pytest.mark.parametrize("token", ["forged-token-forged-token-forged", "x", "jeton faux"])
def test_forged_personal_link_gets_a_french_404(client, token):
    response = client.get(f"/evenements/inscription/{token}/")
    assert response.status_code == 404
    assert "Lien invalide" in response.content.decode()


def test_cancel_through_the_personal_link_then_reuse_it(client, event, register_person):
    registration = register_person(event)
    url = reverse("events:registration_cancel", args=[registration.token])
    client.post(url)
    registration.refresh_from_db()
    assert registration.status == S.CANCELLED
    response = client.post(url, follow=True)
    assert "Cette inscription est déjà annulée." in response.content.decode()


def test_confirm_an_offer_through_the_personal_link(client, make_event, register_person):
    event = make_event(capacity=1)
    first = register_person(event, "A")
    second = register_person(event, "B")
    domain.cancel_registration(registration=first)
    client.post(reverse("events:registration_confirm", args=[second.token]))
    second.refresh_from_db()
    assert second.status == S.CONFIRMED


def test_ticket_qr_is_an_svg_only_for_confirmed_places(client, make_event, register_person):
    event = make_event(capacity=1)
    confirmed = register_person(event, "A")
    waiting = register_person(event, "B")
    response = client.get(reverse("events:registration_qr", args=[confirmed.token]))
    assert (response.status_code, response["Content-Type"]) == (200, "image/svg+xml")
    assert response.content.startswith(b"<?xml")
    assert client.get(reverse("events:registration_qr", args=[waiting.token])).status_code == 404


def test_ics_of_an_event_in_paris_time(client, event):
    response = client.get(reverse("events:ics", args=[event.pk]))
    calendar = Calendar.from_ical(response.content)
    (component,) = calendar.walk("VEVENT")
    assert str(component["summary"]) == event.title
    assert component.decoded("dtstart") == event.starts_at.replace(microsecond=0)
    assert component["dtstart"].params["TZID"] == "Europe/Paris"


def test_feed_lists_every_live_event(client, make_event):
    make_event(title="Un")
    make_event(title="Deux")
    calendar = Calendar.from_ical(client.get(reverse("events:feed")).content)
    assert sorted(str(c["summary"]) for c in calendar.walk("VEVENT")) == ["Deux", "Un"]


def test_calendar_shows_the_month_of_the_event(client, make_event):
    event = make_event(title="Rencontre de septembre")
    month = timezone.localtime(event.starts_at).strftime("%Y-%m")
    response = client.get(reverse("events:calendar") + f"?mois={month}")
    assert [e.title for e in response.context["events"]] == ["Rencontre de septembre"]


def test_calendar_with_a_bad_month_shows_the_current_one(client):
    response = client.get(reverse("events:calendar") + "?mois=2023-13")
    assert response.status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_staff_pages_by_role(client, event, role, request):
    user = None if role == "anonymous" else request.getfixturevalue(role)
    if user:
        client.force_login(user)
    response = client.get(reverse("events:manage", args=[event.pk]))
    expected = {"team_member": 200, "superuser": 200, "anonymous": LOGIN}.get(role, 403)
    if expected == LOGIN:
        assert response.status_code == 302 and "/comptes/login/" in response["Location"]
    else:
        assert response.status_code == expected


def test_exports_give_the_list_and_badges(client, event, register_person, team_member):
    register_person(event, "=HYPERLINK(1)", organization_name="Métalhom", organization_kind="entreprise")
    client.force_login(team_member)
    csv = client.get(reverse("events:export", args=[event.pk, "csv"])).content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("Nom;Prénom;E-mail;Structure")
    assert csv.splitlines()[1].startswith("'=HYPERLINK(1);Camille;")
    xlsx = client.get(reverse("events:export", args=[event.pk, "xlsx"]))
    assert xlsx.content[:2] == b"PK"
    pdf = client.get(reverse("events:export", args=[event.pk, "pdf"]))
    assert pdf.content[:5] == b"%PDF-"


def test_checkin_search_finds_without_accents(client, event, register_person, team_member):
    register_person(event, "Lefèvre", first_name="Hélène")
    register_person(event, "Dupont")
    client.force_login(team_member)
    response = client.get(reverse("events:checkin", args=[event.pk]), {"q": "lefevre hel", "partial": "results"},
                          HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<strong>Hélène Lefèvre</strong>" in html
    assert "Dupont" not in html
    assert "<html" not in html


def test_checkin_mark_twice_says_when(client, event, register_person, team_member):
    registration = register_person(event, "Dupont")
    client.force_login(team_member)
    url = reverse("events:checkin_mark", args=[event.pk, registration.pk])
    first = client.post(url, HTTP_HX_REQUEST="true").content.decode()
    second = client.post(url, HTTP_HX_REQUEST="true").content.decode()
    registration.refresh_from_db()
    when = timezone.localtime(registration.checked_in_at)
    assert "Bienvenue Camille Dupont : présence enregistrée." in first
    assert f"Camille Dupont a déjà été accueilli·e à {when:%H:%M} le {when:%d/%m/%Y}." in second


def test_checkin_scan_of_a_forged_code(client, event, team_member):
    client.force_login(team_member)
    response = client.post(reverse("events:checkin_scan", args=[event.pk]), {"code": "RALLYNOV:AAAAAAAAAAAAAAAAAAAAAA"},
                           HTTP_X_CHECKIN_SCAN="1")
    assert "QR code inconnu : ce billet n&#x27;existe pas ou a été remplacé." in response.content.decode()


def test_walk_in_without_javascript(client, event, team_member):
    client.force_login(team_member)
    response = client.post(reverse("events:checkin_walk_in", args=[event.pk]),
                           {"first_name": "Sam", "last_name": "Faivre", "organization_name": "Cogitec"}, follow=True)
    assert "Bienvenue Sam Faivre : présence enregistrée." in response.content.decode()
    assert Registration.objects.get().is_walk_in


def test_walk_in_with_missing_name_keeps_the_form(client, event, team_member):
    client.force_login(team_member)
    response = client.post(reverse("events:checkin_walk_in", args=[event.pk]), {"first_name": "Sam"})
    assert response.status_code == 400
    assert 'value="Sam"' in response.content.decode()


def test_feedback_form_for_a_present_person(client, make_event, register_person, team_member):
    now = timezone.now()
    event = make_event(starts_at=now - datetime.timedelta(days=2), ends_at=now - datetime.timedelta(days=2) +
                       datetime.timedelta(hours=3), registration_enabled=False)
    registration = register_person(event, source="equipe")
    domain.check_in(registration=registration, by=team_member)
    url = reverse("events:feedback", args=[registration.token])
    response = client.post(url, {"comment": "Bien"})
    assert "Choisissez une note de 1 à 5." in response.content.decode()
    client.post(url, {"rating": "5", "usefulness": "4", "comment": "Très bel investissement des participants !"})
    assert (registration.feedback.rating, registration.feedback.usefulness) == (5, 4)


def test_admin_edit_and_add_pages_render_for_the_team(client, event, superuser):
    client.force_login(superuser)
    assert client.get(f"/admin/pages/{event.pk}/edit/").status_code == 200
    index = event.get_parent()
    assert client.get(f"/admin/pages/add/events/eventpage/{index.pk}/").status_code == 200
    assert client.get("/admin/snippets/events/video/").status_code == 200


def test_register_is_rate_limited_per_address(client, event, frozen_clock):
    url = reverse("events:register", args=[event.pk])
    for n in range(20):
        client.post(url, {**FORM, "email": f"personne{n}@exemple.fr"})
    response = client.post(url, {**FORM, "email": "encore@exemple.fr"})
    assert "Trop d&#x27;envois depuis cette connexion : réessayez dans une minute." in response.content.decode()
    assert 'value="encore@exemple.fr"' in response.content.decode()
    assert Registration.objects.count() == 20
