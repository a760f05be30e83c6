"""Writes about events: registrations, the waiting list, check-in, feedback, video views.

Every function that can take or free a place locks the event row (`select_for_update`) inside a
transaction, so the last place is given once whatever the concurrency; on SQLite the writers
queue on the database lock (`transaction_mode=IMMEDIATE`). E-mails are queued in the same
transaction and built and sent after the commit (core.mailqueue), never while the event is locked.
"""

import datetime
import re

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from rallynov.core import mailqueue
from rallynov.core.audit import entry as audit_entry
from rallynov.core.audit import record
from rallynov.core.text import fold
from rallynov.events import notifications
from rallynov.events.enums import HOLDING_STATUSES, RegistrationSource, RegistrationStatus
from rallynov.events.models import EventPage, Feedback, Registration, VideoViewCount
from rallynov.organizations.enums import OrganizationKind

S = RegistrationStatus


class EventError(Exception):
    """A rule of events refused the action; the message is French and says what to do."""


class RegistrationClosed(EventError):
    pass


class AlreadyRegistered(EventError):
    def __init__(self, message, registration):
        super().__init__(message)
        self.registration = registration


class OfferExpired(EventError):
    pass


class CheckInError(EventError):
    pass


# --- Helpers ----------------------------------------------------------------------------------


def normalise_email(email):
    return (email or "").strip().lower()


def search_key(first_name, last_name, email="", organization_name=""):
    return fold(" ".join(p for p in (first_name, last_name, email, organization_name) if p))[:250]


def _lock_event(event):
    """Lock the event row for the rest of the transaction (the capacity counter). Returns the
    capacity as it is now (staff may have changed it since `event` was loaded).

    On PostgreSQL, one plain statement on the event's own table (the ORM would join the page
    table and build the query each time: this runs for every registration). SQLite has no row
    locks: its transactions start IMMEDIATE (settings), which takes the database's write lock."""
    return _lock_event_for_registration(event, None)[0]


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


def _lock_event_for_registration(event, now):
    """_lock_event, and whether places offered from the waiting list are past their time limit
    at `now` (None: not asked), in the same statement on PostgreSQL."""
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


def holding_count(event, *, session=None):
    qs = Registration.objects.filter(event=event, status__in=HOLDING_STATUSES)
    if session is not None:
        qs = qs.filter(sessions=session)
    return qs.count()


def _has_room(event, sessions, *, extra=0):
    """True when the event and each chosen session can take one more person."""
    if event.capacity is not None and holding_count(event) + extra >= event.capacity:
        return False
    for session in sessions:
        if session.capacity is not None and holding_count(event, session=session) >= session.capacity:
            return False
    return True


def _confirm_locked(registration, now, journal):
    """Give the registration (inserted as waiting) its place; the event is locked."""
    Registration.objects.filter(pk=registration.pk).update(status=S.CONFIRMED, confirmed_at=now, waiting_since=None)
    registration.status = S.CONFIRMED
    registration.confirmed_at = now
    registration.waiting_since = None
    journal.changes["status"][1] = S.CONFIRMED
    journal.save(force_insert=True)


def _lock_and_take_place(registration, event, at, journal, *, send_email=False):
    """Lock the event, count the places held, and give the registration (inserted as waiting) a
    place if one is free, else keep it waiting from the moment the lock was obtained (the
    waiting list's order); then write `journal` (an unsaved journal entry whose changes name
    the status, filled in here), and queue the registration's e-mail when `send_email`. `at`:
    the clock, when the caller sets it (else the database's clock after the lock, on
    PostgreSQL). Returns whether places offered from the waiting list were past their time
    limit (the caller expires them and offers them on).

    The event row stays locked until the commit, so what follows the lock is kept short. On
    PostgreSQL the lock and one statement that counts, decides and writes the journal entry are
    sent together (psycopg's pipeline): the database goes from one to the other without waiting
    for Python, and the lock is held for that statement and the commit. The statement's snapshot
    is taken after the lock was obtained, so it sees every place taken before (READ COMMITTED)
    and the capacity as it is now. On SQLite the transaction holds the database's write lock
    and the steps run one after the other."""
    from rallynov.core.models import AuditEntry

    table, events_table, event_pk = Registration._meta.db_table, EventPage._meta.db_table, EventPage._meta.pk.column
    postgresql = connection.vendor == "postgresql"
    if at is None and not postgresql:
        at = timezone.now()  # SQLite: the IMMEDIATE transaction already holds the write lock
    when, when_params = ("%s", [connection.ops.adapt_datetimefield_value(at)]) if at else ("clock_timestamp()", [])
    room = "cap.c IS NULL OR held.n < cap.c"
    place = (
        f"UPDATE {table} SET "  # noqa: S608 - names from the models
        f"status = CASE WHEN {room} THEN %s ELSE %s END, "
        f"confirmed_at = CASE WHEN {room} THEN {when} END, "
        f"waiting_since = CASE WHEN {room} THEN NULL ELSE {when} END "
        f"FROM (SELECT COUNT(*) AS n FROM {table} WHERE event_id = %s AND status IN (%s, %s)) AS held, "
        f"(SELECT capacity AS c FROM {events_table} WHERE {event_pk} = %s) AS cap "
        f"WHERE {table}.id = %s RETURNING {table}.status"
    )
    params = [S.CONFIRMED, S.WAITING, *when_params, *when_params, event.pk, *HOLDING_STATUSES, event.pk,
              registration.pk]
    if not postgresql:
        if send_email:
            notifications.send_registration(registration)
        _capacity, offers_due = _lock_event_for_registration(event, at)
        with connection.cursor() as cursor:
            cursor.execute(place, params)
            confirmed = cursor.fetchone()[0] == S.CONFIRMED
        registration.status = S.CONFIRMED if confirmed else S.WAITING
        registration.confirmed_at = at if confirmed else None
        registration.waiting_since = None if confirmed else at
        journal.changes["status"][1] = registration.status
        journal.save(force_insert=True)
        return offers_due

    place += f", {table}.confirmed_at, {table}.waiting_since"
    columns, values = [], []
    for field in AuditEntry._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(connection.ops.quote_name(field.column))
        params.append(field.get_db_prep_save(field.pre_save(journal, add=True), connection))
        values.append("jsonb_set(%s::jsonb, '{status,1}', to_jsonb(placed.status))" if field.name == "changes" else "%s")
    statement = (
        f"WITH placed AS ({place}), journal AS (INSERT INTO {AuditEntry._meta.db_table} ({', '.join(columns)}) "  # noqa: S608 - names from the models
        f"SELECT {', '.join(values)} FROM placed) SELECT status, confirmed_at, waiting_since FROM placed"
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
    registration.status, registration.confirmed_at, registration.waiting_since = placed
    return bool(locked[1])


def _resolve_organization(name, kind):
    from rallynov.organizations.domain import get_or_create_organization
    from rallynov.organizations.queries import find_organization_light

    name = (name or "").strip()
    if not name:
        return None
    # Most people name a structure already known: one small query, no transaction of its own.
    organization = find_organization_light(name=name)
    if organization is not None:
        return organization
    organization, _created = get_or_create_organization(name=name, kind=kind or OrganizationKind.OTHER)
    return organization


def department_for_postal_code(postal_code):
    """The department of a French postal code ("21000" -> 21, "20090" -> 2A), else None."""
    from rallynov.territories.models import Department

    department_id = department_id_for_postal_code(postal_code)
    return Department.objects.filter(pk=department_id).first() if department_id else None


# Reference data asked for by every registration, kept in memory once found (a miss is asked
# again). Emptied when a commune or a department is saved or deleted (events.apps) and by
# clear_reference_caches().
_POSTAL_CODE_DEPARTMENTS = {}
_COMMUNE_DEPARTMENTS = {}


def clear_reference_caches(**_kwargs):
    _POSTAL_CODE_DEPARTMENTS.clear()
    _COMMUNE_DEPARTMENTS.clear()


def department_id_for_postal_code(postal_code):
    """The id of the department of a French postal code, else None. Most communes list their
    main code first, which the index on `postal_codes` finds; "|code" covers the others."""
    from rallynov.territories.models import Commune, Department

    postal_code = (postal_code or "").strip()
    if not re.fullmatch(r"\d{5}", postal_code):
        return None
    department_id = _POSTAL_CODE_DEPARTMENTS.get(postal_code)
    if department_id is not None:
        return department_id
    communes = Commune.objects.order_by("pk").values_list("department_id", flat=True)
    department_id = communes.filter(postal_codes__startswith=postal_code).first()
    if department_id is None:
        department_id = communes.filter(postal_codes__contains=f"|{postal_code}").first()
    if department_id is None:
        prefix = postal_code[:3] if postal_code.startswith("97") else postal_code[:2]
        department_id = Department.objects.filter(code=prefix).values_list("pk", flat=True).first()
    if department_id is not None and len(_POSTAL_CODE_DEPARTMENTS) < 10_000:
        _POSTAL_CODE_DEPARTMENTS[postal_code] = department_id
    return department_id


def _commune_department_id(commune_id):
    department_id = _COMMUNE_DEPARTMENTS.get(commune_id)
    if department_id is None:
        from rallynov.territories.models import Commune

        department_id = Commune.objects.filter(pk=commune_id).values_list("department_id", flat=True).first()
        if department_id is not None and len(_COMMUNE_DEPARTMENTS) < 50_000:
            _COMMUNE_DEPARTMENTS[commune_id] = department_id
    return department_id


def _department_id(organization, postal_code):
    """The department of the person's structure: its commune's, else the postal code's."""
    if organization is not None and organization.commune_id:
        department_id = _commune_department_id(organization.commune_id)
        if department_id:
            return department_id
    return department_id_for_postal_code(postal_code)


# --- Registration -----------------------------------------------------------------------------


def register(
    *,
    event,
    first_name,
    last_name,
    email,
    organization_name="",
    organization_kind="",
    postal_code="",
    role="",
    job_title="",
    needs="",
    answers=None,
    sessions=(),
    consent=True,
    user=None,
    by=None,
    source=RegistrationSource.ONLINE,
    now=None,
    is_generated=False,
    send_email=True,
):
    """Register one person. Returns (registration, created).

    The person gets a place when the event and each chosen session have room, else joins the
    waiting list in order. Online registrations must fall within the opening times; staff may
    register anyone at any time. A second submission with the same e-mail raises
    AlreadyRegistered with the existing registration (nothing is duplicated).
    Side effects: audit entry; confirmation or waiting-list e-mail after the commit.
    """
    clock_given = now is not None
    now = now or timezone.now()
    email = normalise_email(email)
    if source == RegistrationSource.ONLINE:
        state = event.registration_state(now)
        if state == "not_open_yet":
            opens = timezone.localtime(event.registration_opens_at)
            raise RegistrationClosed(
                _("Les inscriptions ouvriront le %(date)s.") % {"date": opens.strftime("%d/%m/%Y à %H:%M")}
            )
        if state == "closed":
            raise RegistrationClosed(_("Les inscriptions à cet événement sont closes."))
        if state == "disabled":
            raise RegistrationClosed(_("Cet événement ne prend pas d'inscriptions en ligne."))
    # Everything that does not depend on the places is done before the lock is taken.
    organization = _resolve_organization(organization_name, organization_kind)
    department_id = _department_id(organization, postal_code)
    sessions = list(sessions)
    registration = Registration(
        event=event,
        source=source,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email,
        organization_name=(organization_name or "").strip(),
        organization=organization,
        department_id=department_id,
        role=role,
        job_title=job_title.strip(),
        needs=needs.strip(),
        answers=answers or {},
        user=user if getattr(user, "is_authenticated", False) else None,
        search_key=search_key(first_name, last_name, email, organization_name),
        is_generated=is_generated,
    )
    limited = event.capacity is not None or any(s.capacity is not None for s in sessions)
    try:
        with transaction.atomic():
            if not clock_given:
                now = timezone.now()
            # The registration is inserted (waiting, when places are counted) before the event is
            # locked: the unique index stops a second registration with the same e-mail here
            # (IntegrityError below), and only the decision waits for the lock.
            registration.consent_at = now if consent else None
            registration.status = S.WAITING if limited else S.CONFIRMED
            registration.waiting_since = now if limited else None
            registration.confirmed_at = None if limited else now
            registration.save(force_insert=True)
            if sessions:
                registration.sessions.set(sessions)
            fast = limited and not sessions
            if send_email and email and not fast:
                notifications.send_registration(registration)
            journal = audit_entry(
                actor=by or user,
                action="register",
                obj=registration,
                changes={"status": [None, registration.status], "source": [None, source]},
            )
            if fast:
                # The lock is held for one statement (place and journal entry) and the commit.
                offers_due = _lock_and_take_place(registration, event, now if clock_given else None, journal,
                                                  send_email=bool(send_email and email))
                if offers_due:
                    # Places offered to the waiting list and not taken in time go on to the
                    # people waiting, in order (this one included, last; rare: the cron expires
                    # them too).
                    _expire_offers_locked(event, now if clock_given else timezone.now())
                    registration.refresh_from_db(fields=["status", "confirmed_at", "waiting_since", "offer_expires_at"])
            elif limited:
                # Places per session: counted one session at a time (this registration, still
                # waiting, is not counted).
                capacity, offers_due = _lock_event_for_registration(event, now)
                if not clock_given:
                    # The waiting list's order is the order in which the lock was obtained.
                    now = timezone.now()
                if offers_due:
                    _expire_offers_locked(event, now, exclude=registration.pk)
                event.capacity = capacity
                if _has_room(event, sessions):
                    _confirm_locked(registration, now, journal)
                else:
                    registration.waiting_since = now
                    registration.save(update_fields=["waiting_since"])
                    journal.save(force_insert=True)
            else:
                journal.save(force_insert=True)
    except IntegrityError as exc:
        # The e-mail already has a live registration for this event (double submission, or two
        # at once): the unique index kept one; report the one that exists.
        existing = Registration.objects.filter(event=event, email=email).exclude(status__in=(S.CANCELLED, S.EXPIRED)).first()
        if existing is None:
            raise
        raise AlreadyRegistered(_already_message(existing), existing) from exc
    return registration, True


def _already_message(registration):
    if registration.status == S.WAITING:
        return _("Cette adresse e-mail est déjà sur la liste d'attente de cet événement.")
    if registration.status == S.OFFERED:
        return _("Une place a déjà été proposée à cette adresse e-mail : confirmez-la depuis le lien reçu par e-mail.")
    return _("Cette adresse e-mail est déjà inscrite à cet événement.")


def cancel_registration(*, registration, by=None, now=None):
    """Cancel through the personal link (or by staff). Frees the place for the waiting list.

    Side effects: audit entry; cancellation e-mail; offers to the next people waiting."""
    now = now or timezone.now()
    with transaction.atomic():
        _lock_event(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status in (S.CANCELLED, S.EXPIRED):
            raise EventError(_("Cette inscription est déjà annulée."))
        if registration.checked_in_at:
            raise EventError(_("Cette personne a déjà été accueillie : l'inscription ne peut plus être annulée."))
        previous = registration.status
        registration.status = S.CANCELLED
        registration.cancelled_at = now
        registration.offer_expires_at = None
        registration.save(update_fields=["status", "cancelled_at", "offer_expires_at", "updated_at"])
        record(actor=by, action="cancel", obj=registration, changes={"status": [previous, S.CANCELLED]})
        if registration.email:
            notifications.send_cancelled(registration)
        _offer_freed_places_locked(registration.event, now)
    return registration


def _offer_freed_places_locked(event, now, *, exclude=None):
    """Offer each free place to the next person waiting whose sessions have room (event locked).
    `exclude`: a registration being made in this transaction, not yet on the list."""
    event = EventPage.objects.get(pk=event.pk)
    offered = []
    waiting = (
        Registration.objects.filter(event=event, status=S.WAITING)
        .exclude(pk=exclude)
        .prefetch_related("sessions")
        .order_by("waiting_since", "pk")
    )
    for registration in waiting:
        if event.capacity is not None and holding_count(event) >= event.capacity:
            break
        if not _has_room(event, list(registration.sessions.all())):
            continue
        registration.status = S.OFFERED
        registration.offer_expires_at = now + datetime.timedelta(hours=event.offer_hours)
        registration.save(update_fields=["status", "offer_expires_at", "updated_at"])
        record(actor=None, action="offer", obj=registration, changes={"status": [S.WAITING, S.OFFERED]})
        if registration.email:
            notifications.send_offer(registration)
        offered.append(registration)
    return offered


def _expire_offers_locked(event, now, *, exclude=None):
    due = list(Registration.objects.filter(event=event, status=S.OFFERED, offer_expires_at__lte=now))
    for registration in due:
        registration.status = S.EXPIRED
        registration.save(update_fields=["status", "updated_at"])
        record(actor=None, action="expire_offer", obj=registration, changes={"status": [S.OFFERED, S.EXPIRED]})
    if due:
        _offer_freed_places_locked(event, now, exclude=exclude)
    return len(due)


def expire_due_offers(*, now=None):
    """Expire the unanswered offers past their time limit and offer the places on (cron)."""
    now = now or timezone.now()
    total = 0
    event_ids = (
        Registration.objects.filter(status=S.OFFERED, offer_expires_at__lte=now).values_list("event_id", flat=True).distinct()
    )
    for event in EventPage.objects.filter(pk__in=list(event_ids)):
        with transaction.atomic():
            _lock_event(event)
            total += _expire_offers_locked(event, now)
    return total


def offer_free_places(*, event, now=None):
    """After staff raise the capacity: offer the new places to the waiting list."""
    now = now or timezone.now()
    with transaction.atomic():
        _lock_event(event)
        _expire_offers_locked(event, now)
        return _offer_freed_places_locked(event, now)


def confirm_offer(*, registration, now=None):
    """The person accepts the place offered to them, within the time limit.

    Side effects: audit entry; confirmation e-mail with the ticket."""
    now = now or timezone.now()
    # The expiry is committed before the refusal is raised: the place goes on to the next person.
    with transaction.atomic():
        _lock_event(registration.event)
        _expire_offers_locked(registration.event, now)
    with transaction.atomic():
        _lock_event(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == S.CONFIRMED:
            raise EventError(_("Votre place est déjà confirmée."))
        if registration.status == S.EXPIRED:
            raise OfferExpired(
                _("Le délai pour confirmer cette place est dépassé : elle a été proposée à la personne suivante.")
            )
        if registration.status != S.OFFERED:
            raise EventError(_("Aucune place ne vous est proposée pour le moment."))
        registration.status = S.CONFIRMED
        registration.confirmed_at = now
        registration.offer_expires_at = None
        registration.save(update_fields=["status", "confirmed_at", "offer_expires_at", "updated_at"])
        record(actor=None, action="confirm_offer", obj=registration, changes={"status": [S.OFFERED, S.CONFIRMED]})
        if registration.email:
            notifications.send_registration(registration)
    return registration


def promote_registration(*, registration, by, now=None):
    """Staff give a place to someone waiting, even beyond the capacity."""
    now = now or timezone.now()
    with transaction.atomic():
        _lock_event(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status not in (S.WAITING, S.OFFERED, S.EXPIRED):
            raise EventError(_("Seule une personne en liste d'attente peut recevoir une place."))
        previous = registration.status
        registration.status = S.CONFIRMED
        registration.confirmed_at = now
        registration.offer_expires_at = None
        registration.save(update_fields=["status", "confirmed_at", "offer_expires_at", "updated_at"])
        record(actor=by, action="promote", obj=registration, changes={"status": [previous, S.CONFIRMED]})
        if registration.email:
            notifications.send_registration(registration)
    return registration


def move_registration(*, registration, to_event, by, now=None):
    """Move a registration to another event of the programme (same person, same answers).

    The person takes a place there if there is room, else joins that waiting list; the place
    freed here goes to this event's waiting list. Side effects: audit entries, e-mails."""
    now = now or timezone.now()
    if to_event.pk == registration.event_id:
        raise EventError(_("Choisissez un autre événement."))
    if registration.checked_in_at:
        raise EventError(_("Cette personne a déjà été accueillie : l'inscription ne peut plus être déplacée."))
    first, second = sorted([registration.event, to_event], key=lambda e: e.pk)
    with transaction.atomic():
        _lock_event(first)
        _lock_event(second)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status not in HOLDING_STATUSES + (S.WAITING,):
            raise EventError(_("Une inscription annulée ne peut pas être déplacée."))
        if registration.email and Registration.objects.filter(
            event=to_event, email=registration.email, status__in=HOLDING_STATUSES + (S.WAITING,)
        ).exists():
            raise EventError(_("Cette personne est déjà inscrite à l'événement choisi."))
        source_event = registration.event
        to_event = EventPage.objects.get(pk=to_event.pk)
        confirmed = _has_room(to_event, [])
        previous = (registration.event_id, registration.status)
        registration.event = to_event
        registration.status = S.CONFIRMED if confirmed else S.WAITING
        registration.confirmed_at = now if confirmed else None
        registration.waiting_since = None if confirmed else now
        registration.offer_expires_at = None
        registration.group = None
        registration.save()
        registration.sessions.clear()
        record(
            actor=by,
            action="move",
            obj=registration,
            changes={"event": [str(previous[0]), str(to_event.pk)], "status": [previous[1], registration.status]},
        )
        if registration.email:
            notifications.send_registration(registration)
        _offer_freed_places_locked(source_event, now)
    return registration


def assign_group(*, registration, group, by):
    if group is not None and group.event_id != registration.event_id:
        raise EventError(_("Ce groupe appartient à un autre événement."))
    previous = registration.group_id
    registration.group = group
    registration.save(update_fields=["group", "updated_at"])
    record(actor=by, action="assign_group", obj=registration, changes={"group": [previous, group and group.pk]})
    return registration


# --- Check-in ---------------------------------------------------------------------------------


def check_in(*, registration, by, now=None):
    """Mark a person present, once. Returns (registration, already_checked_in).

    One conditional UPDATE: two phones scanning the same code at the same time record one
    check-in, and the second is told when the first one happened."""
    now = now or timezone.now()
    updated = Registration.objects.filter(
        pk=registration.pk, checked_in_at__isnull=True, status=S.CONFIRMED
    ).update(checked_in_at=now, checked_in_by=by if getattr(by, "is_authenticated", False) else None, updated_at=now)
    registration.refresh_from_db()
    if updated:
        record(actor=by, action="check_in", obj=registration, changes={"checked_in_at": [None, now.isoformat()]})
        return registration, False
    if registration.checked_in_at:
        return registration, True
    raise CheckInError(
        _("%(name)s n'a pas de place confirmée (%(status)s) : ajoutez la personne sur place si elle est admise.")
        % {"name": registration.full_name, "status": registration.get_status_display().lower()}
    )


def check_in_by_code(*, event, code, by, now=None):
    """Check in the registration whose QR code was scanned. Forged or foreign codes are refused."""
    code = (code or "").strip()
    # The QR code holds "RALLYNOV:<personal check-in code>"; a typed code comes without the prefix.
    if code.upper().startswith("RALLYNOV:"):
        code = code[len("RALLYNOV:"):]
    if not re.fullmatch(r"[A-Za-z0-9_-]{10,40}", code):
        raise CheckInError(_("Ce QR code n'est pas un billet de ce site."))
    registration = Registration.objects.filter(checkin_code=code).select_related("event").first()
    if registration is None:
        raise CheckInError(_("QR code inconnu : ce billet n'existe pas ou a été remplacé."))
    if registration.event_id != event.pk:
        raise CheckInError(
            _("Ce billet est pour un autre événement : « %(title)s ».") % {"title": registration.event.title}
        )
    return check_in(registration=registration, by=by, now=now)


def add_walk_in(*, event, first_name, last_name, email="", organization_name="", organization_kind="",
                postal_code="", role="", by, now=None, is_generated=False):
    """A person who came without registering: registered and checked in at once.

    A walk-in whose e-mail already has a registration is checked in on it instead (no duplicate).
    Returns (registration, already_checked_in)."""
    now = now or timezone.now()
    email = normalise_email(email)
    if email:
        existing = Registration.objects.filter(event=event, email=email, status__in=HOLDING_STATUSES + (S.WAITING,)).first()
        if existing is not None:
            if existing.status != S.CONFIRMED:
                existing = promote_registration(registration=existing, by=by, now=now)
            return check_in(registration=existing, by=by, now=now)
    registration, _created = register(
        event=event,
        first_name=first_name,
        last_name=last_name,
        email=email,
        organization_name=organization_name,
        organization_kind=organization_kind,
        postal_code=postal_code,
        role=role,
        consent=False,
        by=by,
        source=RegistrationSource.WALK_IN,
        now=now,
        is_generated=is_generated,
        send_email=False,
    )
    # Walk-ins are admitted by staff at the door whatever the capacity says.
    Registration.objects.filter(pk=registration.pk).update(
        status=S.CONFIRMED, confirmed_at=now, waiting_since=None,
        checked_in_at=now, checked_in_by=by if getattr(by, "is_authenticated", False) else None,
    )
    registration.refresh_from_db()
    record(actor=by, action="walk_in", obj=registration, changes={"checked_in_at": [None, now.isoformat()]})
    return registration, False


def undo_check_in(*, registration, by):
    previous = registration.checked_in_at
    registration.checked_in_at = None
    registration.checked_in_by = None
    registration.save(update_fields=["checked_in_at", "checked_in_by", "updated_at"])
    record(actor=by, action="undo_check_in", obj=registration, changes={"checked_in_at": [str(previous), None]})
    return registration


# --- Feedback ---------------------------------------------------------------------------------


def studies_available():
    from django.apps import apps

    return apps.is_installed("rallynov.studies")


def ensure_feedback_survey(*, event, by=None):
    """The event's satisfaction survey in the studies part, created on first need (staff action, or
    the first sending). Returns None when the studies part is not installed (the simple rating
    form is used then). Side effects: a survey answerable only through personal invitations
    (it is not listed on the studies page), audit entry."""
    from rallynov.events.models import EventFeedbackSurvey

    link = EventFeedbackSurvey.objects.filter(event=event).select_related("survey").first()
    if link is not None:
        return link.survey
    if not studies_available():
        return None
    from rallynov.studies.domain import create_feedback_survey
    from rallynov.studies.models import Survey

    with transaction.atomic():
        _lock_event(event)  # two clicks at once create one survey
        link = EventFeedbackSurvey.objects.filter(event=event).select_related("survey").first()
        if link is not None:
            return link.survey
        title = _("Votre avis : %(title)s") % {"title": event.title}
        survey = create_feedback_survey(title=title[:200], programme=event.programme)
        # Only the people present answer, each through their own link.
        Survey.objects.filter(pk=survey.pk).update(public_link=False)
        survey.public_link = False
        EventFeedbackSurvey.objects.create(event=event, survey=survey,
                                           created_by=by if getattr(by, "is_authenticated", False) else None)
        record(actor=by, action="create_feedback_survey", obj=event, changes={"survey": [None, survey.slug]})
    return survey


def _invite(survey, registrations, by):
    """One studies invitation per registration, linked to it (caller holds a transaction)."""
    from rallynov.studies.domain import create_invitations

    people = [
        {"name": r.full_name[:150], "email": r.email, "organization": r.organization, "category": ""}
        for r in registrations
    ]
    invitations = create_invitations(survey=survey, people=people, by=by)
    for registration, invitation in zip(registrations, invitations, strict=True):
        registration.feedback_invitation = invitation
        Registration.objects.filter(pk=registration.pk).update(feedback_invitation=invitation)
    return invitations


def feedback_invitation_for(*, registration):
    """The personal invitation of a person present to the event's survey, created when the survey
    exists but the person has none yet (checked in after the sending). None without a survey."""
    from rallynov.events.models import EventFeedbackSurvey

    if registration.feedback_invitation_id:
        return registration.feedback_invitation
    if registration.checked_in_at is None:
        return None
    link = EventFeedbackSurvey.objects.filter(event_id=registration.event_id).select_related("survey").first()
    if link is None:
        return None
    with transaction.atomic():
        locked = Registration.objects.select_for_update().get(pk=registration.pk)
        if locked.feedback_invitation_id:
            return locked.feedback_invitation
        (invitation,) = _invite(link.survey, [registration], by=None)
    return invitation


def request_feedback(*, event, by, now=None):
    """E-mail the satisfaction questionnaire to the people present who have not had it yet.

    With the studies part, the questionnaire is the event's survey (created if needed) and each
    person gets a personal invitation link; without it, the link of the simple rating form.
    Returns the number of e-mails sent. Side effects: invitations, audit entry, e-mails after
    the commit."""
    now = now or timezone.now()
    if not event.is_past(now) and event.starts_at > now:
        raise EventError(_("Le questionnaire de satisfaction s'envoie après l'événement."))
    survey = ensure_feedback_survey(event=event, by=by)
    if survey is not None and not survey.is_open(now):
        raise EventError(_("Le questionnaire de cet événement est clos : rouvrez-le dans les enquêtes avant de l'envoyer."))
    with transaction.atomic():
        _lock_event(event)  # two sendings at once mail each person once
        recipients = list(
            Registration.objects.filter(event=event, checked_in_at__isnull=False, feedback_requested_at__isnull=True)
            .exclude(email="")
            .select_related("organization")
            .order_by("pk")
        )
        if survey is not None:
            from rallynov.studies.models import Invitation

            invitations = _invite(survey, recipients, by)
            Invitation.objects.filter(pk__in=[i.pk for i in invitations]).update(sent_at=now)
        Registration.objects.filter(pk__in=[r.pk for r in recipients]).update(feedback_requested_at=now)
        if recipients:
            record(actor=by, action="request_feedback", obj=event, changes={"sent": [0, len(recipients)]})
        notifications.send_feedback_requests(recipients)
    return len(recipients)


def send_due_feedback(*, now=None, after_hours=2, within_days=14):
    """After the event (cron): send the questionnaire of the events that ended at least
    `after_hours` ago, within the last `within_days` days, to the people present not asked yet.
    Returns {event: number sent}."""
    now = now or timezone.now()
    due = EventPage.objects.live().filter(
        ends_at__lte=now - datetime.timedelta(hours=after_hours),
        ends_at__gte=now - datetime.timedelta(days=within_days),
        registrations__checked_in_at__isnull=False,
        registrations__feedback_requested_at__isnull=True,
    ).distinct()
    sent = {}
    for event in due.select_related("programme"):
        try:
            sent[event] = request_feedback(event=event, by=None, now=now)
        except EventError:
            continue  # a closed survey: staff decide
    return sent


def submit_feedback(*, registration, rating, usefulness=None, comment=""):
    if registration.checked_in_at is None:
        raise EventError(_("Le questionnaire est réservé aux personnes présentes à l'événement."))
    try:
        with transaction.atomic():
            return Feedback.objects.create(
                registration=registration, rating=rating, usefulness=usefulness, comment=comment.strip()
            )
    except IntegrityError as exc:
        raise EventError(_("Vous avez déjà répondu à ce questionnaire : merci !")) from exc


# --- Videos -----------------------------------------------------------------------------------


def record_video_views(*, video, on, views, imported=False, is_generated=False):
    """Set the views counted for the period ending on `on` (re-importing changes nothing)."""
    count, _created = VideoViewCount.objects.update_or_create(
        video=video, on=on, defaults={"views": views, "imported": imported, "is_generated": is_generated}
    )
    return count


def import_video_views(*, programme, rows):
    """rows: dicts with url, date (JJ/MM/AAAA or AAAA-MM-JJ), views. Returns (imported, errors)
    where errors are (line number, French reason); a bad row never stops the good ones."""
    from rallynov.events.models import Video

    imported, errors = 0, []
    for line, row in enumerate(rows, start=2):
        url = (row.get("url") or "").strip()
        video = Video.objects.filter(programme=programme, url=url).first()
        if video is None:
            errors.append((line, _("aucune vidéo du programme n'a le lien « %(url)s »") % {"url": url}))
            continue
        raw_date = (row.get("date") or "").strip()
        on = None
        for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                on = datetime.datetime.strptime(raw_date, fmt).date()
                break
            except ValueError:
                continue
        if on is None:
            errors.append((line, _("date « %(date)s » illisible (JJ/MM/AAAA attendu)") % {"date": raw_date}))
            continue
        raw_views = (row.get("views") or row.get("vues") or "").strip().replace(" ", "").replace("\u202f", "")
        if not raw_views.isdigit():
            errors.append((line, _("nombre de vues « %(views)s » invalide") % {"views": raw_views}))
            continue
        record_video_views(video=video, on=on, views=int(raw_views), imported=True)
        imported += 1
    return imported, errors


def session_fill(event):
    """{session_id: places held} for the event's sessions, in one query."""
    rows = (
        Registration.objects.filter(event=event, status__in=HOLDING_STATUSES)
        .values("sessions")
        .annotate(n=Count("pk"))
        .filter(~Q(sessions=None))
    )
    return {row["sessions"]: row["n"] for row in rows}
