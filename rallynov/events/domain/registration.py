"""Registrations: register, cancel, confirm an offered place, promote, move, workshop groups.

Every function that can take or free a place locks the event row inside a transaction and
leaves the places as the rule of `places` says (free places go to the waiting list first);
on SQLite the writers queue on the database lock (`transaction_mode=IMMEDIATE`). E-mails are
queued in the same transaction and built and sent after the commit (core.mailqueue), never
while the event is locked.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rallynov.core.audit import entry as audit_entry
from rallynov.core.audit import record
from rallynov.core.text import fold
from rallynov.events import notifications
from rallynov.events.domain.errors import AlreadyRegistered, EventError, OfferExpired, RegistrationClosed
from rallynov.events.domain.places import (
    lock_and_take_place,
    lock_event,
    lock_event_for_registration,
    settle_locked,
)
from rallynov.events.enums import HOLDING_STATUSES, RegistrationSource, RegistrationStatus
from rallynov.events.fse.domain import record_fse_answers
from rallynov.events.models import EventPage, Registration
from rallynov.organizations.domain import get_or_create_organization
from rallynov.organizations.enums import OrganizationKind
from rallynov.organizations.queries import find_organization_light
from rallynov.territories.lookups import department_id_for

S = RegistrationStatus


def normalise_email(email):
    return (email or "").strip().lower()


def search_key(first_name, last_name, email="", organization_name=""):
    return fold(" ".join(p for p in (first_name, last_name, email, organization_name) if p))[:250]


def _resolve_organization(name, kind):
    name = (name or "").strip()
    if not name:
        return None
    # Most people name a structure already known: one small query, no transaction of its own.
    organization = find_organization_light(name=name)
    if organization is not None:
        return organization
    organization, _created = get_or_create_organization(name=name, kind=kind or OrganizationKind.OTHER)
    return organization


def _department_id(organization, postal_code):
    """The department of the person's structure: its commune's, else the postal code's."""
    return department_id_for(
        commune_id=organization.commune_id if organization else None, postal_code=postal_code
    )


def _refuse_outside_opening_times(event, now):
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
    fse=None,
):
    """Register one person. Returns (registration, created).

    The person gets a place when the event and each chosen session have room and nobody waits
    ahead (places.settle_locked), else joins the end of the waiting list. Online registrations
    must fall within the opening times; staff may register anyone at any time. A second
    submission with the same e-mail raises AlreadyRegistered with the existing registration
    (nothing is duplicated).
    Side effects: audit entry; confirmation or waiting-list e-mail after the commit; offers
    past their time limit expire and their places go on.
    """
    clock_given = now is not None
    now = now or timezone.now()
    email = normalise_email(email)
    if source == RegistrationSource.ONLINE:
        _refuse_outside_opening_times(event, now)
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
            if fse:
                # FSE+ answers (co-financed events), each part only with its own consent.
                record_fse_answers(registration, fse, now=now, is_generated=is_generated)
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
                lock_and_take_place(
                    registration,
                    event,
                    now if clock_given else None,
                    journal,
                    send_email=bool(send_email and email),
                )
            elif limited:
                # Places per session: the rule in Python, this registration last in the line.
                lock_event_for_registration(event, None)
                if not clock_given:
                    # The waiting list's order is the order in which the lock was obtained.
                    now = timezone.now()
                registration.waiting_since = now
                registration.save(update_fields=["waiting_since"])
                settle_locked(event, now, present=registration)
                journal.changes["status"][1] = registration.status
                journal.save(force_insert=True)
            else:
                journal.save(force_insert=True)
    except IntegrityError as exc:
        # The e-mail already has a live registration for this event (double submission, or two
        # at once): the unique index kept one; report the one that exists.
        existing = (
            Registration.objects.filter(event=event, email=email)
            .exclude(status__in=(S.CANCELLED, S.EXPIRED))
            .first()
        )
        if existing is None:
            raise
        raise AlreadyRegistered(_already_message(existing), existing) from exc
    return registration, True


def _already_message(registration):
    if registration.status == S.WAITING:
        return _("Cette adresse e-mail est déjà sur la liste d'attente de cet événement.")
    if registration.status == S.OFFERED:
        return _(
            "Une place a déjà été proposée à cette adresse e-mail : confirmez-la depuis le lien reçu par e-mail."
        )
    return _("Cette adresse e-mail est déjà inscrite à cet événement.")


def cancel_registration(*, registration, by=None, now=None):
    """Cancel through the personal link (or by staff). Frees the place for the waiting list.

    Side effects: audit entry; cancellation e-mail; offers to the next people waiting."""
    now = now or timezone.now()
    with transaction.atomic():
        lock_event(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status in (S.CANCELLED, S.EXPIRED):
            raise EventError(_("Cette inscription est déjà annulée."))
        if registration.checked_in_at:
            raise EventError(
                _("Cette personne a déjà été accueillie : l'inscription ne peut plus être annulée.")
            )
        previous = registration.status
        registration.status = S.CANCELLED
        registration.cancelled_at = now
        registration.offer_expires_at = None
        registration.save(update_fields=["status", "cancelled_at", "offer_expires_at", "updated_at"])
        record(actor=by, action="cancel", obj=registration, changes={"status": [previous, S.CANCELLED]})
        if registration.email:
            notifications.send_cancelled(registration)
        settle_locked(registration.event, now)
    return registration


def confirm_offer(*, registration, now=None):
    """The person accepts the place offered to them, within the time limit.

    Side effects: audit entry; confirmation e-mail with the ticket."""
    now = now or timezone.now()
    # The expiry is committed before the refusal is raised: the place goes on to the next person.
    with transaction.atomic():
        lock_event(registration.event)
        settle_locked(registration.event, now)
    with transaction.atomic():
        lock_event(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == S.CONFIRMED:
            raise EventError(_("Votre place est déjà confirmée."))
        if registration.status == S.EXPIRED:
            raise OfferExpired(
                _(
                    "Le délai pour confirmer cette place est dépassé : elle a été proposée à la personne suivante."
                )
            )
        if registration.status != S.OFFERED:
            raise EventError(_("Aucune place ne vous est proposée pour le moment."))
        registration.status = S.CONFIRMED
        registration.confirmed_at = now
        registration.offer_expires_at = None
        registration.save(update_fields=["status", "confirmed_at", "offer_expires_at", "updated_at"])
        record(
            actor=None, action="confirm_offer", obj=registration, changes={"status": [S.OFFERED, S.CONFIRMED]}
        )
        if registration.email:
            notifications.send_registration(registration)
    return registration


def promote_registration(*, registration, by, now=None):
    """Staff give a place to someone waiting, even beyond the capacity (no place appears)."""
    now = now or timezone.now()
    with transaction.atomic():
        lock_event(registration.event)
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

    The person joins the end of that event's waiting list and takes a place at once if the rule
    gives one (a place free, nobody waiting ahead); the place freed here goes to this event's
    waiting list. Side effects: audit entries, e-mails."""
    now = now or timezone.now()
    if to_event.pk == registration.event_id:
        raise EventError(_("Choisissez un autre événement."))
    if registration.checked_in_at:
        raise EventError(
            _("Cette personne a déjà été accueillie : l'inscription ne peut plus être déplacée.")
        )
    first, second = sorted([registration.event, to_event], key=lambda e: e.pk)
    with transaction.atomic():
        lock_event(first)
        lock_event(second)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status not in HOLDING_STATUSES + (S.WAITING,):
            raise EventError(_("Une inscription annulée ne peut pas être déplacée."))
        if (
            registration.email
            and Registration.objects.filter(
                event=to_event, email=registration.email, status__in=HOLDING_STATUSES + (S.WAITING,)
            ).exists()
        ):
            raise EventError(_("Cette personne est déjà inscrite à l'événement choisi."))
        source_event = registration.event
        to_event = EventPage.objects.get(pk=to_event.pk)
        previous = (registration.event_id, registration.status)
        registration.event = to_event
        registration.status = S.WAITING
        registration.confirmed_at = None
        registration.waiting_since = now
        registration.offer_expires_at = None
        registration.group = None
        registration.save()
        registration.sessions.clear()
        settle_locked(to_event, now, present=registration)
        record(
            actor=by,
            action="move",
            obj=registration,
            changes={
                "event": [str(previous[0]), str(to_event.pk)],
                "status": [previous[1], registration.status],
            },
        )
        if registration.email:
            notifications.send_registration(registration)
        settle_locked(source_event, now)
    return registration


def assign_group(*, registration, group, by):
    if group is not None and group.event_id != registration.event_id:
        raise EventError(_("Ce groupe appartient à un autre événement."))
    previous = registration.group_id
    registration.group = group
    registration.save(update_fields=["group", "updated_at"])
    record(
        actor=by, action="assign_group", obj=registration, changes={"group": [previous, group and group.pk]}
    )
    return registration
