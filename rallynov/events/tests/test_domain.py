import datetime

import pytest
from django.core import mail
from django.utils import timezone

from rallynov.core.models import AuditEntry
from rallynov.events import domain
from rallynov.events.enums import RegistrationSource
from rallynov.events.enums import RegistrationStatus as S
from rallynov.events.models import Registration, Session

pytestmark = pytest.mark.django_db


def statuses(event):
    return list(Registration.objects.filter(event=event).order_by("pk").values_list("last_name", "status"))


def test_register_within_capacity_confirms_and_sends_ticket(event, register_person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        registration = register_person(event, "Dupont", organization_name="Métalhom", organization_kind="entreprise")
    assert registration.status == S.CONFIRMED
    assert registration.organization.name == "Métalhom"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == f"[rallynov] Inscription confirmée : {event.title}"
    assert [a[0] for a in mail.outbox[0].attachments] == ["evenement.ics", "billet-qr.png"]
    assert registration.token in mail.outbox[0].body
    assert AuditEntry.objects.filter(action="register", object_id=str(registration.pk)).count() == 1


def test_register_when_full_joins_waiting_list_in_order(event, register_person):
    register_person(event, "A")
    register_person(event, "B")
    register_person(event, "C")
    register_person(event, "D")
    assert statuses(event) == [("A", S.CONFIRMED), ("B", S.CONFIRMED), ("C", S.WAITING), ("D", S.WAITING)]


def test_double_submission_keeps_one_registration(event, register_person):
    first = register_person(event, "A", email="Camille.Martin@Exemple.fr")
    with pytest.raises(domain.AlreadyRegistered) as caught:
        register_person(event, "A", email=" camille.martin@exemple.fr ")
    assert caught.value.registration == first
    assert str(caught.value) == "Cette adresse e-mail est déjà inscrite à cet événement."
    assert Registration.objects.filter(event=event).count() == 1


def test_register_before_opening_is_refused_with_the_date(make_event, register_person):
    opens = timezone.now() + datetime.timedelta(days=2)
    event = make_event(registration_opens_at=opens)
    with pytest.raises(domain.RegistrationClosed) as caught:
        register_person(event)
    expected = timezone.localtime(opens).strftime("%d/%m/%Y à %H:%M")
    assert str(caught.value) == f"Les inscriptions ouvriront le {expected}."
    assert Registration.objects.count() == 0


def test_register_after_closing_is_refused(make_event, register_person):
    event = make_event(registration_closes_at=timezone.now() - datetime.timedelta(seconds=1))
    with pytest.raises(domain.RegistrationClosed, match="Les inscriptions à cet événement sont closes."):
        register_person(event)


def test_staff_can_register_after_closing(make_event, register_person, team_member):
    event = make_event(registration_closes_at=timezone.now() - datetime.timedelta(hours=1))
    registration = register_person(event, source=RegistrationSource.STAFF, by=team_member)
    assert registration.status == S.CONFIRMED


def test_cancel_offers_the_place_to_the_next_person_with_a_time_limit(
    event, register_person, django_capture_on_commit_callbacks
):
    a, _b, c, _d = (register_person(event, name) for name in "ABCD")
    mail.outbox.clear()
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        domain.cancel_registration(registration=a, now=now)
    c.refresh_from_db()
    assert statuses(event) == [("A", S.CANCELLED), ("B", S.CONFIRMED), ("C", S.OFFERED), ("D", S.WAITING)]
    assert c.offer_expires_at == now + datetime.timedelta(hours=48)
    assert sorted(m.subject for m in mail.outbox) == [
        f"[rallynov] Inscription annulée : {event.title}",
        f"[rallynov] Une place se libère : {event.title}",
    ]


def test_confirm_offer_in_time_gives_the_place(event, register_person):
    a, _b, c = (register_person(event, name) for name in "ABC")
    now = timezone.now()
    domain.cancel_registration(registration=a, now=now)
    domain.confirm_offer(registration=Registration.objects.get(pk=c.pk), now=now + datetime.timedelta(hours=47))
    c.refresh_from_db()
    assert c.status == S.CONFIRMED


def test_expired_offer_is_refused_and_goes_to_the_next_person(event, register_person):
    a, _b, c, d = (register_person(event, name) for name in "ABCD")
    now = timezone.now()
    domain.cancel_registration(registration=a, now=now)
    with pytest.raises(domain.OfferExpired) as caught:
        domain.confirm_offer(registration=c, now=now + datetime.timedelta(hours=48, seconds=1))
    assert str(caught.value) == (
        "Le délai pour confirmer cette place est dépassé : elle a été proposée à la personne suivante."
    )
    assert statuses(event) == [("A", S.CANCELLED), ("B", S.CONFIRMED), ("C", S.EXPIRED), ("D", S.OFFERED)]


def test_expire_due_offers_command_moves_the_list(event, register_person):
    a, _b, _c, _d = (register_person(event, name) for name in "ABCD")
    now = timezone.now()
    domain.cancel_registration(registration=a, now=now)
    assert domain.expire_due_offers(now=now + datetime.timedelta(hours=49)) == 1
    assert statuses(event)[2:] == [("C", S.EXPIRED), ("D", S.OFFERED)]


def test_cancelling_twice_says_it_is_already_cancelled(event, register_person):
    registration = register_person(event)
    domain.cancel_registration(registration=registration)
    with pytest.raises(domain.EventError, match="Cette inscription est déjà annulée."):
        domain.cancel_registration(registration=registration)


def test_register_again_after_cancelling_creates_a_new_registration(event, register_person):
    first = register_person(event, "A", email="a@exemple.fr")
    domain.cancel_registration(registration=first)
    second = register_person(event, "A", email="a@exemple.fr")
    assert second.pk != first.pk
    assert second.status == S.CONFIRMED


def test_session_capacity_sends_the_person_to_the_waiting_list(make_event, register_person):
    event = make_event(capacity=None)
    session = Session.objects.create(event=event, title="Atelier", starts_at=event.starts_at, capacity=1,
                                     open_for_choice=True)
    first = register_person(event, "A", sessions=[session])
    second = register_person(event, "B", sessions=[session])
    third = register_person(event, "C")
    assert (first.status, second.status, third.status) == (S.CONFIRMED, S.WAITING, S.CONFIRMED)
    domain.cancel_registration(registration=first)
    second.refresh_from_db()
    assert second.status == S.OFFERED


def test_raising_capacity_offers_new_places(event, register_person):
    for name in "ABCD":
        register_person(event, name)
    event.capacity = 3
    event.save()
    assert statuses(event) == [("A", S.CONFIRMED), ("B", S.CONFIRMED), ("C", S.OFFERED), ("D", S.WAITING)]
    # The staff button finds nothing left to offer.
    assert domain.offer_free_places(event=event) == []


def test_capacity_raised_in_the_editor_goes_to_the_waiting_list_before_a_new_person(event, register_person):
    for name in "ABCD":
        register_person(event, name)
    page = event.specific_class.objects.get(pk=event.pk)
    page.capacity = 3
    page.save_revision().publish()  # what the admin's "Publish" does
    e = register_person(event, "E")
    assert statuses(event) == [
        ("A", S.CONFIRMED), ("B", S.CONFIRMED), ("C", S.OFFERED), ("D", S.WAITING), ("E", S.WAITING)
    ]
    assert e.status == S.WAITING


def test_session_capacity_raised_offers_its_places(make_event, register_person):
    event = make_event(capacity=None)
    session = Session.objects.create(event=event, title="Atelier", starts_at=event.starts_at, capacity=1,
                                     open_for_choice=True)
    register_person(event, "A", sessions=[session])
    register_person(event, "B", sessions=[session])
    session.capacity = 2
    session.save()
    assert statuses(event) == [("A", S.CONFIRMED), ("B", S.OFFERED)]


def test_a_free_place_goes_to_a_new_person_when_those_waiting_want_a_full_session(make_event, register_person):
    event = make_event(capacity=3)
    session = Session.objects.create(event=event, title="Atelier", starts_at=event.starts_at, capacity=1,
                                     open_for_choice=True)
    register_person(event, "A", sessions=[session])
    register_person(event, "B", sessions=[session])
    c = register_person(event, "C")
    assert c.status == S.CONFIRMED
    assert statuses(event) == [("A", S.CONFIRMED), ("B", S.WAITING), ("C", S.CONFIRMED)]


def test_a_new_person_does_not_pass_over_people_waiting_when_a_place_was_left_free(event, register_person):
    for name in "ABC":
        register_person(event, name)
    # A path that forgot the rule (a raw update) left a place free while C waits.
    type(event).objects.filter(pk=event.pk).update(capacity=4)
    d = register_person(event, "D")
    assert statuses(event) == [("A", S.CONFIRMED), ("B", S.CONFIRMED), ("C", S.OFFERED), ("D", S.CONFIRMED)]
    assert d.status == S.CONFIRMED


def test_staff_promote_confirms_beyond_capacity(event, register_person, team_member):
    for name in "AB":
        register_person(event, name)
    waiting = register_person(event, "C")
    domain.promote_registration(registration=waiting, by=team_member)
    assert statuses(event)[2] == ("C", S.CONFIRMED)


def test_move_registration_to_another_event_frees_the_place(event, make_event, register_person, team_member):
    other = make_event(capacity=10)
    a = register_person(event, "A")
    register_person(event, "B")
    register_person(event, "C")
    domain.move_registration(registration=a, to_event=other, by=team_member)
    a.refresh_from_db()
    assert (a.event_id, a.status) == (other.pk, S.CONFIRMED)
    assert statuses(event) == [("B", S.CONFIRMED), ("C", S.OFFERED)]


def test_check_in_marks_presence_once_and_says_when(event, register_person, team_member):
    registration = register_person(event)
    now = timezone.now()
    _r, already = domain.check_in(registration=registration, by=team_member, now=now)
    assert already is False
    _r, already = domain.check_in(registration=registration, by=team_member, now=now + datetime.timedelta(minutes=5))
    registration.refresh_from_db()
    assert already is True
    assert registration.checked_in_at == now
    assert AuditEntry.objects.filter(action="check_in", object_id=str(registration.pk)).count() == 1


def test_check_in_by_code_refuses_forged_and_foreign_codes(event, make_event, register_person, team_member):
    other = make_event()
    foreign = register_person(other)
    with pytest.raises(domain.CheckInError, match="QR code inconnu"):
        domain.check_in_by_code(event=event, code="RALLYNOV:AAAAAAAAAAAAAAAAAAAAAA", by=team_member)
    with pytest.raises(domain.CheckInError, match="n'est pas un billet de ce site"):
        domain.check_in_by_code(event=event, code="<script>", by=team_member)
    with pytest.raises(domain.CheckInError, match="Ce billet est pour un autre événement"):
        domain.check_in_by_code(event=event, code=f"RALLYNOV:{foreign.checkin_code}", by=team_member)


def test_check_in_by_code_accepts_the_ticket_payload(event, register_person, team_member):
    from rallynov.events.qr import ticket_payload

    registration = register_person(event)
    result, already = domain.check_in_by_code(event=event, code=ticket_payload(registration), by=team_member)
    assert (result.pk, already, result.checked_in_at is not None) == (registration.pk, False, True)


def test_waiting_person_cannot_be_checked_in(event, register_person, team_member):
    for name in "AB":
        register_person(event, name)
    waiting = register_person(event, "C")
    with pytest.raises(domain.CheckInError, match="n'a pas de place confirmée"):
        domain.check_in(registration=waiting, by=team_member)


def test_walk_in_is_registered_and_present_even_when_full(event, register_person, team_member):
    for name in "AB":
        register_person(event, name)
    walk_in, already = domain.add_walk_in(event=event, first_name="Lou", last_name="Garnier",
                                          organization_name="Cogitec", by=team_member)
    assert (walk_in.status, walk_in.source, already) == (S.CONFIRMED, RegistrationSource.WALK_IN, False)
    assert walk_in.checked_in_at is not None


def test_walk_in_with_a_known_email_checks_in_the_existing_registration(event, register_person, team_member):
    registration = register_person(event, email="lou@exemple.fr")
    walk_in, _already = domain.add_walk_in(event=event, first_name="Lou", last_name="G", email="LOU@exemple.fr",
                                           by=team_member)
    assert walk_in.pk == registration.pk
    assert Registration.objects.filter(event=event).count() == 1


def test_feedback_once_per_present_person(make_event, register_person, team_member):
    event = make_event()
    registration = register_person(event)
    with pytest.raises(domain.EventError, match="réservé aux personnes présentes"):
        domain.submit_feedback(registration=registration, rating=4)
    domain.check_in(registration=registration, by=team_member)
    domain.submit_feedback(registration=registration, rating=4, comment="Très bel investissement")
    with pytest.raises(domain.EventError, match="déjà répondu"):
        domain.submit_feedback(registration=registration, rating=5)


def test_request_feedback_mails_present_people_once(make_event, register_person, team_member,
                                                    django_capture_on_commit_callbacks):
    now = timezone.now()
    event = make_event(starts_at=now - datetime.timedelta(days=1), ends_at=now - datetime.timedelta(hours=20),
                       registration_enabled=False)
    present = register_person(event, "A", source=RegistrationSource.STAFF)
    register_person(event, "B", source=RegistrationSource.STAFF)
    domain.check_in(registration=present, by=team_member)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert domain.request_feedback(event=event, by=team_member) == 1
        assert domain.request_feedback(event=event, by=team_member) == 0
    assert [m.to for m in mail.outbox] == [[present.email]]
    assert f"/evenements/inscription/{present.token}/avis/" in mail.outbox[0].body


def test_import_video_views_reports_bad_rows_and_keeps_good_ones(programme):
    from rallynov.events.models import Video, VideoViewCount

    video = Video.objects.create(programme=programme, title="Replay", url="https://video.example/replay")
    rows = [
        {"url": "https://video.example/replay", "date": "31/01/2022", "views": "1 200"},
        {"url": "https://video.example/inconnue", "date": "2022-02-28", "views": "5"},
        {"url": "https://video.example/replay", "date": "30/02/2022", "views": "5"},
        {"url": "https://video.example/replay", "date": "2022-03-31", "views": "beaucoup"},
    ]
    imported, errors = domain.import_video_views(programme=programme, rows=rows)
    assert imported == 1
    assert [line for line, _reason in errors] == [3, 4, 5]
    domain.import_video_views(programme=programme, rows=rows[:1])
    assert list(VideoViewCount.objects.filter(video=video).values_list("views", flat=True)) == [1200]


def test_ticket_attachments_hold_the_code_and_the_event(event, register_person, django_capture_on_commit_callbacks):
    import io

    from icalendar import Calendar
    from PIL import Image

    from rallynov.events.qr import qr_matrix, ticket_payload

    with django_capture_on_commit_callbacks(execute=True):
        registration = register_person(event, "Dupont")
    attachments = {name: content for name, content, _mimetype in mail.outbox[0].attachments}
    image = Image.open(io.BytesIO(attachments["billet-qr.png"])).convert("L")
    matrix = qr_matrix(ticket_payload(registration))
    modules = [[image.getpixel((x * 8 + 4, y * 8 + 4)) < 128 for x in range(len(matrix))] for y in range(len(matrix))]
    calendar = Calendar.from_ical(attachments["evenement.ics"])
    assert image.size == (len(matrix) * 8, len(matrix) * 8)
    assert modules == matrix
    assert [str(c["summary"]) for c in calendar.walk("VEVENT")] == [event.title]
    assert [str(c["tzid"]) for c in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]


def test_a_session_removed_in_the_editor_gives_its_places_to_the_waiting_list(make_event, register_person):
    event = make_event(capacity=None)
    session = Session.objects.create(event=event, title="Atelier", starts_at=event.starts_at, capacity=1,
                                     open_for_choice=True)
    register_person(event, "A", sessions=[session])
    register_person(event, "B", sessions=[session])
    page = event.specific_class.objects.get(pk=event.pk)
    page.sessions.remove(page.sessions.get(pk=session.pk))
    page.save_revision().publish()
    assert statuses(event) == [("A", S.CONFIRMED), ("B", S.OFFERED)]


def test_move_to_an_event_with_people_waiting_goes_after_them(event, make_event, register_person, team_member):
    other = make_event(capacity=1)
    register_person(other, "X")
    register_person(other, "Y")
    a = register_person(event, "A")
    domain.move_registration(registration=a, to_event=other, by=team_member)
    assert statuses(other) == [("X", S.CONFIRMED), ("Y", S.WAITING), ("A", S.WAITING)]
    # Y and then A get the places raised in the editor, in their order.
    other.capacity = 2
    other.save()
    assert statuses(other) == [("X", S.CONFIRMED), ("Y", S.OFFERED), ("A", S.WAITING)]
