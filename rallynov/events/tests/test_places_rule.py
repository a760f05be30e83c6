"""The rule of places (events.domain.places) against a small reference model, on the database of
the run: SQLite by default, PostgreSQL with DATABASE_URL (CI runs both), so that the fast SQL
statement of each database is checked.

Random sequences of register / cancel / change capacity / time passing / expire (cron) / confirm
an offer / move to the other event, on two events, each step compared with the model: the same
status for everyone and the waiting lists in the same order; never over capacity; nobody waits
while a place is free (first come, first served); nobody lost; one e-mail per change.
"""

import contextlib
import datetime
from dataclasses import dataclass

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rallynov.events import domain
from rallynov.events.enums import RegistrationStatus as S
from rallynov.events.models import EventPage, Registration

pytestmark = pytest.mark.django_db

OFFER_HOURS = 48
HELD = (S.CONFIRMED, S.OFFERED)


# --- The reference model ----------------------------------------------------------------------


@dataclass
class Person:
    name: str
    event: int
    status: str
    since: datetime.datetime | None = None
    expires: datetime.datetime | None = None


class Model:
    """The rule, as plainly as it can be said. `mails` collects (name, kind) of each e-mail."""

    def __init__(self, capacities):
        self.capacities = list(capacities)
        self.people = []
        self.mails = []

    def at(self, event):
        return [p for p in self.people if p.event == event]

    def held(self, event):
        return sum(p.status in HELD for p in self.at(event))

    def room(self, event, held):
        capacity = self.capacities[event]
        return capacity is None or held < capacity

    def settle(self, event, now, present=None):
        for p in self.at(event):
            if p.status == S.OFFERED and p.expires <= now:
                p.status = S.EXPIRED
        held = self.held(event)
        for p in sorted((p for p in self.at(event) if p.status == S.WAITING), key=lambda p: p.since):
            if not self.room(event, held):
                break
            held += 1
            if p is present:
                p.status, p.since = S.CONFIRMED, None
            else:
                p.status, p.expires = S.OFFERED, now + datetime.timedelta(hours=OFFER_HOURS)
                self.mails.append((p.name, "offer"))

    def registration_mail(self, p):
        self.mails.append((p.name, "confirmed" if p.status == S.CONFIRMED else "waiting"))

    def register(self, event, name, now):
        p = Person(name, event, S.WAITING, since=now)
        self.people.append(p)
        if self.capacities[event] is None:
            p.status, p.since = S.CONFIRMED, None  # no limit: nothing counted
        else:
            self.settle(event, now, present=p)
        self.registration_mail(p)

    def cancel(self, p, now):
        p.status, p.expires = S.CANCELLED, None
        self.mails.append((p.name, "cancelled"))
        self.settle(p.event, now)

    def change_capacity(self, event, capacity, now):
        self.capacities[event] = capacity
        if any(p.status == S.WAITING for p in self.at(event)):
            self.settle(event, now)

    def expire(self, now):
        for event in range(len(self.capacities)):
            if any(p.status == S.OFFERED and p.expires <= now for p in self.at(event)):
                self.settle(event, now)

    def confirm(self, p, now):
        self.settle(p.event, now)
        if p.status == S.OFFERED:
            p.status, p.expires = S.CONFIRMED, None
            self.registration_mail(p)

    def move(self, p, now):
        source, p.event = p.event, 1 - p.event
        p.status, p.since, p.expires = S.WAITING, now, None
        self.settle(p.event, now, present=p)
        self.registration_mail(p)
        self.settle(source, now)


# --- The steps --------------------------------------------------------------------------------

capacities = st.one_of(st.none(), st.integers(min_value=0, max_value=4))
steps = st.lists(
    st.one_of(
        st.tuples(st.just("register"), st.integers(0, 1)),
        st.tuples(st.just("register"), st.integers(0, 1)),
        st.tuples(st.just("cancel"), st.integers(0, 50)),
        st.tuples(st.just("capacity"), st.integers(0, 1), capacities),
        st.tuples(st.just("time"), st.sampled_from([1, 47, 49])),
        st.tuples(st.just("expire"), st.sampled_from([1, 47, 49])),
        st.tuples(st.just("confirm"), st.integers(0, 50)),
        st.tuples(st.just("move"), st.integers(0, 50)),
    ),
    max_size=25,
)


def pick(people, statuses, index):
    candidates = [p for p in people if p.status in statuses]
    return candidates[index % len(candidates)] if candidates else None


def mail_kind(message):
    for prefix, kind in (
        ("Inscription confirmée", "confirmed"),
        ("Liste d'attente", "waiting"),
        ("Une place se libère", "offer"),
        ("Inscription annulée", "cancelled"),
    ):
        if prefix in message.subject:
            return kind
    return message.subject


@pytest.fixture
def two_events(make_event):
    far = timezone.now() + datetime.timedelta(days=400)
    return [
        make_event(
            capacity=2, starts_at=far, ends_at=far + datetime.timedelta(hours=4), offer_hours=OFFER_HOURS
        )
        for _ in range(2)
    ]


@settings(
    max_examples=100,  # 15 to 30 s on this 2-core machine, on either database
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(initial=st.tuples(capacities, capacities), sequence=steps)
def test_places_follow_the_rule(
    two_events, monkeypatch, django_capture_on_commit_callbacks, initial, sequence
):
    clock = {"now": timezone.now().replace(microsecond=0)}
    monkeypatch.setattr(timezone, "now", lambda: clock["now"])
    with transaction.atomic():
        for event, capacity in zip(two_events, initial, strict=True):
            EventPage.objects.filter(pk=event.pk).update(capacity=capacity)
            event.capacity = capacity
        model = Model(initial)
        records = {}  # name -> registration id
        for number, step in enumerate(sequence):
            # Each step a second later: the waiting lists are ordered by time, as in real life.
            clock["now"] += datetime.timedelta(seconds=1)
            if step[0] in ("time", "expire"):
                clock["now"] += datetime.timedelta(hours=step[1])
            now = clock["now"]
            model.mails.clear()
            mail.outbox.clear()
            held_before = [model.held(e) for e in (0, 1)]
            with django_capture_on_commit_callbacks(execute=True):
                run(step, number, now, model, records, two_events)
            check(model, records, two_events, held_before)
        transaction.set_rollback(True)


def run(step, number, now, model, records, events):
    kind = step[0]
    if kind == "register":
        event = events[step[1]]
        event.refresh_from_db(fields=["capacity"])
        name = f"P{number}"
        registration, _created = domain.register(
            event=event, first_name="Camille", last_name=name, email=f"{name.lower()}@exemple.fr", now=now
        )
        records[name] = registration.pk
        model.register(step[1], name, now)
    elif kind == "cancel":
        p = pick(model.people, (S.CONFIRMED, S.OFFERED, S.WAITING), step[1])
        if p is not None:
            domain.cancel_registration(registration=Registration.objects.get(pk=records[p.name]), now=now)
            model.cancel(p, now)
    elif kind == "capacity":
        event = EventPage.objects.get(pk=events[step[1]].pk)
        event.capacity = step[2]
        event.save()  # the page's save, as the admin's publication does
        model.change_capacity(step[1], step[2], now)
    elif kind == "expire":  # the cron (after "time": hours pass and nobody runs it)
        domain.expire_due_offers(now=now)
        model.expire(now)
    elif kind == "confirm":
        p = pick(model.people, (S.OFFERED,), step[1])
        if p is not None:
            registration = Registration.objects.get(pk=records[p.name])
            with contextlib.suppress(domain.OfferExpired):  # the model says so too
                domain.confirm_offer(registration=registration, now=now)
            model.confirm(p, now)
    elif kind == "move":
        p = pick(model.people, (S.CONFIRMED, S.OFFERED, S.WAITING), step[1])
        if p is not None:
            to_event = events[1 - p.event]
            domain.move_registration(
                registration=Registration.objects.get(pk=records[p.name]), to_event=to_event, by=None, now=now
            )
            model.move(p, now)


def check(model, records, events, held_before):
    people = {r.last_name: r for r in Registration.objects.filter(event__in=events)}
    # Nobody lost: every registration made is there, on the event the model says, in its state.
    assert sorted(people) == sorted(p.name for p in model.people)
    assert {p.name: (events[p.event].pk, p.status) for p in model.people} == {
        name: (r.event_id, r.status) for name, r in people.items()
    }
    for index, event in enumerate(events):
        capacity = EventPage.objects.values_list("capacity", flat=True).get(pk=event.pk)
        assert capacity == model.capacities[index]
        mine = [r for r in people.values() if r.event_id == event.pk]
        held = sum(r.status in HELD for r in mine)
        waiting = sorted((r for r in mine if r.status == S.WAITING), key=lambda r: (r.waiting_since, r.pk))
        # Never over capacity (a lowered capacity leaves the places already held).
        assert capacity is None or held <= capacity or held <= held_before[index]
        # First come, first served: nobody waits while a place is free, and in the order they came.
        assert not waiting or (capacity is not None and held >= capacity)
        expected = sorted((p for p in model.at(index) if p.status == S.WAITING), key=lambda p: p.since)
        assert [r.last_name for r in waiting] == [p.name for p in expected]
    # One e-mail per change.
    sent = sorted((m.to[0].split("@")[0].upper(), mail_kind(m)) for m in mail.outbox)
    assert sent == sorted((name.upper(), kind) for name, kind in model.mails)
