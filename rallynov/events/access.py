"""Expected answers per role for every URL of events (permission matrix, see core.access)."""

import datetime

from django.utils import timezone

from rallynov.core.access import FORBIDDEN, LOGIN, OK, REDIRECT, ROLES, Case


def _staff(ok=OK):
    expected = dict.fromkeys(ROLES, FORBIDDEN)
    expected.update({"anonymous": LOGIN, "team_member": ok, "superuser": ok})
    return expected


def _everyone(status):
    return dict.fromkeys(ROLES, status)


def build(ctx):
    """An upcoming event with registration open, one confirmed registration with a personal link."""
    from rallynov.events import domain
    from rallynov.events.enums import EventKind
    from rallynov.events.models import EventIndexPage, EventPage

    index = EventIndexPage.objects.first()
    if index is None:
        index = EventIndexPage(title="Événements", slug="evenements")
        ctx["home_page"].add_child(instance=index)
    now = timezone.now()
    event = EventPage(
        title="Rencontre régionale 2030", slug="rencontre-regionale-2030", programme=ctx["programme"],
        kind=EventKind.REGIONAL_MEETING, starts_at=now + datetime.timedelta(days=30),
        ends_at=now + datetime.timedelta(days=30, hours=4), registration_enabled=True, capacity=100,
    )
    index.add_child(instance=event)
    other = EventPage(
        title="Séminaire 2030", slug="seminaire-2030", programme=ctx["programme"], kind=EventKind.SEMINAR,
        starts_at=now + datetime.timedelta(days=40), ends_at=now + datetime.timedelta(days=40, hours=3),
    )
    index.add_child(instance=other)
    registration, _created = domain.register(
        event=event, first_name="Camille", last_name="Martin", email="camille.martin@exemple.fr", send_email=False
    )
    return event, other, registration


def cases(ctx):
    event, other, registration = build(ctx)
    pk = event.pk
    token = registration.token
    staff_post = _staff(REDIRECT)
    return [
        Case.public("events:index"),
        Case.public("events:calendar"),
        Case.public("events:feed"),
        Case.public("events:ics", pk=pk),
        Case.public("events:register", pk=pk),
        Case.public("events:registration", token=token),
        Case.public("events:registration_qr", token=token),
        Case.public("events:registration_ics", token=token),
        Case.public("events:feedback", token=token),
        Case("events:registration_confirm", {"token": token}, _everyone(REDIRECT), method="POST"),
        Case("events:registration_cancel", {"token": token}, _everyone(REDIRECT), method="POST"),
        Case("events:staff_list", {}, _staff()),
        Case("events:manage", {"pk": pk}, _staff()),
        Case("events:export", {"pk": pk, "fmt": "csv"}, _staff()),
        Case("events:export", {"pk": pk, "fmt": "xlsx"}, _staff()),
        Case("events:checkin", {"pk": pk}, _staff()),
        # The team registers Lou; the superuser, coming next with the same person, is told she is
        # already registered (400 with the message, nothing duplicated).
        Case("events:manage_add", {"pk": pk}, {**staff_post, "superuser": 400}, method="POST",
             data={"first_name": "Lou", "last_name": "Garnier", "email": "lou.garnier@exemple.fr"}),
        Case("events:manage_offer", {"pk": pk}, staff_post, method="POST"),
        Case("events:manage_feedback", {"pk": pk}, staff_post, method="POST"),
        Case("events:manage_feedback_survey", {"pk": pk}, staff_post, method="POST"),
        Case("events:manage_action", {"pk": pk, "registration_id": registration.pk, "action": "promouvoir"},
             staff_post, method="POST"),
        Case("events:checkin_mark", {"pk": pk, "registration_id": registration.pk}, staff_post, method="POST"),
        Case("events:checkin_scan", {"pk": pk}, staff_post, method="POST", data={"code": "inconnu"}),
        Case("events:checkin_walk_in", {"pk": pk}, staff_post, method="POST",
             data={"first_name": "Sam", "last_name": "Faivre"}),
    ]
