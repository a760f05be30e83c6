"""The places of an event and its waiting list: one rule, held at every path.

The rule. A place is held by a confirmed registration or by an offer not yet answered
(HOLDING_STATUSES); an event (and each session that has a capacity) holds at most its capacity.
Whenever places appear, the people waiting get them first, in the order they joined the list
(`waiting_since`, then id): each in turn is offered a place for `offer_hours` (status "offered",
which holds the place) if the sessions they chose have room too; the offer is confirmed through
their personal link, or expires and the place goes on. A new registration takes a place only
when nobody waits ahead of it; else it joins the end of the list.

`settle_locked()` applies the rule with the event locked. Every path by which places appear
calls it in the transaction that makes them appear:
- a cancellation (`registration.cancel_registration`),
- a move to another event (`registration.move_registration`, on both events),
- an offer expiring (`expire_due_offers` from the cron, and any other locked path at `now`),
- the capacity of the event or of a session raised, or a session removed: the saves of the
  page and its sessions, in the admin or anywhere else (`capacity_changed`, connected in
  events.apps), and the staff button `offer_free_places`,
- a registration itself (a person registering never passes over the people waiting).

The fast path. The registration of a person who chooses no session is decided by one SQL
statement (`_place_statement`, the same for PostgreSQL and SQLite) so that the event is locked
for one round trip: it gives the place when nobody waits and a place is free, else leaves the
person waiting; when a place is free but people wait (sessions full for them, or a path that
forgot the rule), `settle_locked` decides in Python. The statement is checked against the rule
by a property-based test (events/tests/test_places_rule.py) on both databases.
"""

import datetime
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from rallynov.core import mailqueue
from rallynov.core.audit import record
from rallynov.core.models import AuditEntry
from rallynov.events import notifications
from rallynov.events.enums import HOLDING_STATUSES, RegistrationStatus
from rallynov.events.models import EventPage, Registration

S = RegistrationStatus


def has_room(capacity, held):
    """The rule for one more place: no capacity (None) means no limit."""
    return capacity is None or held < capacity


def holding_count(event, *, session=None):
    qs = Registration.objects.filter(event=event, status__in=HOLDING_STATUSES)
    if session is not None:
        qs = qs.filter(sessions=session)
    return qs.count()


# --- Locking ----------------------------------------------------------------------------------


def _offers_due_sql(event, now):
    """(sql, params) of a boolean expression: places offered from the event's waiting list are
    past their time limit at `now` (None: not asked, FALSE)."""
    if now is None:
        return "FALSE", []
    return (
        f"EXISTS (SELECT 1 FROM {Registration._meta.db_table} WHERE event_id = %s AND status = %s "  # noqa: S608 - table name from the model
        f"AND offer_expires_at <= %s)",
        [event.pk, S.OFFERED, connection.ops.adapt_datetimefield_value(now)],
    )


def _lock_statement(event, now):
    """(sql, params) locking the event row and reading its capacity and _offers_due_sql (PostgreSQL)."""
    due, params = _offers_due_sql(event, now)
    return (
        f"SELECT capacity, {due} FROM {EventPage._meta.db_table} "  # noqa: S608 - names from the models
        f"WHERE {EventPage._meta.pk.column} = %s FOR UPDATE",
        [*params, event.pk],
    )


def lock_event_for_registration(event, now):
    """Lock the event row for the rest of the transaction (the capacity counter). Returns its
    capacity as it is now (staff may have changed it since `event` was loaded) and whether
    places offered from the waiting list are past their time limit at `now` (None: not asked).

    On PostgreSQL, one plain statement on the event's own table (the ORM would join the page
    table and build the query each time: this runs for every registration). SQLite has no row
    locks: its transactions start IMMEDIATE (settings), which takes the database's write lock."""
    if connection.features.has_select_for_update:
        with connection.cursor() as cursor:
            cursor.execute(*_lock_statement(event, now))
            row = cursor.fetchone()
        if row is None:
            raise EventPage.DoesNotExist
        return row[0], bool(row[1])
    capacity = EventPage.objects.values_list("capacity", flat=True).get(pk=event.pk)
    due, params = _offers_due_sql(event, now)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {due}", params)
        return capacity, bool(cursor.fetchone()[0])


def lock_event(event):
    """Lock the event row for the rest of the transaction; returns its capacity as it is now."""
    return lock_event_for_registration(event, None)[0]


# --- The rule, applied ------------------------------------------------------------------------


@dataclass
class Settled:
    expired: list = field(default_factory=list)
    offered: list = field(default_factory=list)
    present_placed: bool = False


def settle_locked(event, now, *, present=None):
    """Apply the rule to the event, which the caller has locked: the offers past their time limit
    at `now` expire, then each free place goes to the next person waiting whose sessions have
    room. `present`: a registration being made (or moved here) in this transaction, waiting at
    the end of the list; when its turn comes with a place free it gets the place at once (the
    person is here, nothing to offer).

    Side effects: audit entries (expire_offer, offer); an offer e-mail to each person offered.
    Returns a Settled (expired and offered registrations, whether `present` got a place)."""
    settled = Settled()
    for registration in Registration.objects.filter(event=event, status=S.OFFERED, offer_expires_at__lte=now):
        registration.status = S.EXPIRED
        registration.save(update_fields=["status", "updated_at"])
        record(
            actor=None, action="expire_offer", obj=registration, changes={"status": [S.OFFERED, S.EXPIRED]}
        )
        settled.expired.append(registration)
    waiting = list(
        Registration.objects.filter(event=event, status=S.WAITING)
        .prefetch_related("sessions")
        .order_by("waiting_since", "pk")
    )
    if not waiting:
        return settled
    capacity, offer_hours = EventPage.objects.values_list("capacity", "offer_hours").get(pk=event.pk)
    held = holding_count(event)
    session_held = {}
    for registration in waiting:
        if not has_room(capacity, held):
            break
        sessions = list(registration.sessions.all())
        for session in sessions:
            if session.pk not in session_held:
                session_held[session.pk] = holding_count(event, session=session)
        if not all(has_room(s.capacity, session_held[s.pk]) for s in sessions):
            continue
        held += 1
        for session in sessions:
            session_held[session.pk] += 1
        if present is not None and registration.pk == present.pk:
            Registration.objects.filter(pk=present.pk).update(
                status=S.CONFIRMED, confirmed_at=now, waiting_since=None, updated_at=now
            )
            present.status, present.confirmed_at, present.waiting_since = S.CONFIRMED, now, None
            settled.present_placed = True
            continue
        registration.status = S.OFFERED
        registration.offer_expires_at = now + datetime.timedelta(hours=offer_hours)
        registration.save(update_fields=["status", "offer_expires_at", "updated_at"])
        record(actor=None, action="offer", obj=registration, changes={"status": [S.WAITING, S.OFFERED]})
        if registration.email:
            notifications.send_offer(registration)
        settled.offered.append(registration)
    return settled


def _place_statement(registration, event, at, *, counts=False):
    """(sql, params) of the UPDATE that decides the place of `registration` (inserted as waiting)
    with the event locked: the place when one is free and nobody else waits, else waiting from
    `at` (None: the database's clock, PostgreSQL). RETURNING the status, and with `counts` (a
    PostgreSQL CTE) the places held before it and the capacity."""
    table, events_table, event_pk = (
        Registration._meta.db_table,
        EventPage._meta.db_table,
        EventPage._meta.pk.column,
    )
    when, when_params = (
        ("%s", [connection.ops.adapt_datetimefield_value(at)]) if at else ("clock_timestamp()", [])
    )
    room = (
        f"(cap.c IS NULL OR held.n < cap.c) AND NOT EXISTS (SELECT 1 FROM {table} AS ahead "  # noqa: S608 - names from the models
        f"WHERE ahead.event_id = %s AND ahead.status = %s AND ahead.id <> %s)"
    )
    room_params = [event.pk, S.WAITING, registration.pk]
    sql = (
        f"UPDATE {table} SET "  # noqa: S608 - names from the models
        f"status = CASE WHEN {room} THEN %s ELSE %s END, "
        f"confirmed_at = CASE WHEN {room} THEN {when} END, "
        f"waiting_since = CASE WHEN {room} THEN NULL ELSE {when} END "
        f"FROM (SELECT COUNT(*) AS n FROM {table} WHERE event_id = %s AND status IN (%s, %s)) AS held, "
        f"(SELECT capacity AS c FROM {events_table} WHERE {event_pk} = %s) AS cap "
        f"WHERE {table}.id = %s RETURNING {table}.status"
    )
    params = [
        *room_params,
        S.CONFIRMED,
        S.WAITING,
        *room_params,
        *when_params,
        *room_params,
        *when_params,
        event.pk,
        *HOLDING_STATUSES,
        event.pk,
        registration.pk,
    ]
    if counts:
        sql += f", {table}.confirmed_at, {table}.waiting_since, held.n AS held, cap.c AS capacity"
    return sql, params


def lock_and_take_place(registration, event, at, journal, *, send_email=False):
    """Lock the event and give the registration (inserted as waiting) a place if one is free and
    nobody waits ahead, else keep it waiting from the moment the lock was obtained; then write
    `journal` (an unsaved journal entry whose changes name the status, filled in here), and
    queue the registration's e-mail when `send_email`. `at`: the clock, when the caller sets it
    (else the database's clock after the lock, on PostgreSQL). When places offered were past
    their time limit, or a place was free but others waited, `settle_locked` decides after.

    The event row stays locked until the commit, so what follows the lock is kept short. On
    PostgreSQL the lock and one statement that counts, decides and writes the journal entry are
    sent together (psycopg's pipeline): the database goes from one to the other without waiting
    for Python, and the lock is held for that statement and the commit. The statement's snapshot
    is taken after the lock was obtained, so it sees every place taken before (READ COMMITTED)
    and the capacity as it is now. On SQLite the transaction holds the database's write lock
    and the steps run one after the other."""
    postgresql = connection.vendor == "postgresql"
    if at is None and not postgresql:
        at = timezone.now()  # SQLite: the IMMEDIATE transaction already holds the write lock
    if not postgresql:
        if send_email:
            notifications.send_registration(registration)
        capacity, offers_due = lock_event_for_registration(event, at)
        with connection.cursor() as cursor:
            cursor.execute(*_place_statement(registration, event, at))
            confirmed = cursor.fetchone()[0] == S.CONFIRMED
        registration.status = S.CONFIRMED if confirmed else S.WAITING
        registration.confirmed_at = at if confirmed else None
        registration.waiting_since = None if confirmed else at
        journal.changes["status"][1] = registration.status
        journal.save(force_insert=True)
        free = not confirmed and has_room(capacity, holding_count(event))
    else:
        place, params = _place_statement(registration, event, at, counts=True)
        columns, values = [], []
        for model_field in AuditEntry._meta.concrete_fields:
            if model_field.primary_key:
                continue
            columns.append(connection.ops.quote_name(model_field.column))
            params.append(model_field.get_db_prep_save(model_field.pre_save(journal, add=True), connection))
            values.append(
                "jsonb_set(%s::jsonb, '{status,1}', to_jsonb(placed.status))"
                if model_field.name == "changes"
                else "%s"
            )
        statement = (
            f"WITH placed AS ({place}), journal AS (INSERT INTO {AuditEntry._meta.db_table} ({', '.join(columns)}) "  # noqa: S608 - names from the models
            f"SELECT {', '.join(values)} FROM placed) SELECT status, confirmed_at, waiting_since, held, capacity FROM placed"
        )
        database = connection.connection
        with database.pipeline():
            lock_cursor, place_cursor, email_cursor = database.cursor(), database.cursor(), database.cursor()
            lock_cursor.execute(*_lock_statement(event, at or timezone.now()))
            place_cursor.execute(statement, params)
            if send_email:
                # The e-mail is queued in the same round trip (one short INSERT more under the lock).
                email_cursor.execute(*notifications.registration_email_statement(registration))
        locked, placed = lock_cursor.fetchone(), place_cursor.fetchone()
        if locked is None or placed is None:
            raise EventPage.DoesNotExist
        if send_email:
            mailqueue.queued(email_cursor.fetchone()[0])
        registration.status, registration.confirmed_at, registration.waiting_since, held, capacity = placed
        offers_due = bool(locked[1])
        free = registration.status == S.WAITING and has_room(capacity, held)
    if offers_due or free:
        # Rare: offers to expire, or a place free while others wait (their sessions are full).
        settled = settle_locked(event, at or timezone.now(), present=registration)
        if settled.present_placed:
            record(
                actor=None, action="confirm", obj=registration, changes={"status": [S.WAITING, S.CONFIRMED]}
            )


def expire_due_offers(*, now=None):
    """Expire the unanswered offers past their time limit and offer the places on (cron).
    Returns the number of offers expired."""
    now = now or timezone.now()
    total = 0
    event_ids = (
        Registration.objects.filter(status=S.OFFERED, offer_expires_at__lte=now)
        .values_list("event_id", flat=True)
        .distinct()
    )
    for event in EventPage.objects.filter(pk__in=list(event_ids)):
        with transaction.atomic():
            lock_event(event)
            total += len(settle_locked(event, now).expired)
    return total


def offer_free_places(*, event, now=None):
    """Apply the rule now (staff button; the saves of the event already do): offers past their
    time limit expire and free places are offered to the waiting list. Returns those offered."""
    now = now or timezone.now()
    with transaction.atomic():
        lock_event(event)
        return settle_locked(event, now).offered


def capacity_changed(*, event_id, now=None):
    """The event or one of its sessions was saved (its capacity may have been raised, a session
    removed): places that appear go to the waiting list at once, in the same transaction.
    Nothing to do, and one query, when nobody waits."""
    if not Registration.objects.filter(event_id=event_id, status=S.WAITING).exists():
        return []
    now = now or timezone.now()
    event = EventPage(pk=event_id)
    with transaction.atomic():
        try:
            lock_event(event)
        except EventPage.DoesNotExist:
            return []  # being deleted
        return settle_locked(event, now).offered
