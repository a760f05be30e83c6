"""No overbooking: 50 people register at once for 10 places."""

import threading

import pytest
from django.db import connection, connections

from rallynov.events import domain
from rallynov.events.enums import RegistrationStatus as S
from rallynov.events.models import Registration


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_registrations_for_ten_places_confirm_exactly_ten(make_event):
    if connection.vendor != "postgresql":
        pytest.skip("Concurrence réelle : il faut PostgreSQL (la base SQLite des tests est en mémoire, un seul "
                    "fil peut y écrire) ; la CI lance ce test avec DATABASE_URL=postgres://…")
    event = make_event(capacity=10)
    barrier = threading.Barrier(50)
    errors = []

    def attempt(number):
        try:
            barrier.wait()
            domain.register(event=event, first_name="Camille", last_name=f"Personne {number}",
                            email=f"personne{number}@exemple.fr", send_email=False)
        except Exception as exc:  # noqa: BLE001 - every failure is reported by the assertion below
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    counts = {status: Registration.objects.filter(event=event, status=status).count() for status in (S.CONFIRMED, S.WAITING)}
    assert counts == {S.CONFIRMED: 10, S.WAITING: 40}
    # First come, first served: the places went to the first ten to obtain the event's lock, and
    # the waiting list is in the order the others obtained it after them.
    last_confirmed = max(Registration.objects.filter(event=event, status=S.CONFIRMED).values_list("confirmed_at", flat=True))
    waiting_since = list(
        Registration.objects.filter(event=event, status=S.WAITING).order_by("waiting_since", "pk")
        .values_list("waiting_since", flat=True)
    )
    assert None not in waiting_since
    assert last_confirmed <= waiting_since[0]


@pytest.mark.django_db(transaction=True)
def test_concurrent_double_submissions_create_one_registration(make_event):
    if connection.vendor != "postgresql":
        pytest.skip("Concurrence réelle : il faut PostgreSQL.")
    event = make_event(capacity=10)
    barrier = threading.Barrier(8)
    outcomes = []

    def attempt():
        try:
            barrier.wait()
            domain.register(event=event, first_name="Camille", last_name="Martin", email="camille@exemple.fr",
                            send_email=False)
            outcomes.append("created")
        except domain.AlreadyRegistered:
            outcomes.append("already")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["already"] * 7 + ["created"]
    assert Registration.objects.filter(event=event).count() == 1
