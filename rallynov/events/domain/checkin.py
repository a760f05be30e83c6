"""Check-in at the door: by QR code, by name, walk-ins."""

import re

from django.utils import timezone
from django.utils.translation import gettext as _

from rallynov.core.audit import record
from rallynov.events.domain.errors import CheckInError
from rallynov.events.domain.registration import normalise_email, promote_registration, register
from rallynov.events.enums import HOLDING_STATUSES, RegistrationSource, RegistrationStatus
from rallynov.events.fse.domain import record_fse_answers
from rallynov.events.models import Registration

S = RegistrationStatus


def check_in(*, registration, by, now=None):
    """Mark a person present, once. Returns (registration, already_checked_in).

    One conditional UPDATE: two phones scanning the same code at the same time record one
    check-in, and the second is told when the first one happened."""
    now = now or timezone.now()
    updated = Registration.objects.filter(
        pk=registration.pk, checked_in_at__isnull=True, status=S.CONFIRMED
    ).update(
        checked_in_at=now,
        checked_in_by=by if getattr(by, "is_authenticated", False) else None,
        updated_at=now,
    )
    registration.refresh_from_db()
    if updated:
        record(
            actor=by, action="check_in", obj=registration, changes={"checked_in_at": [None, now.isoformat()]}
        )
        return registration, False
    if registration.checked_in_at:
        return registration, True
    raise CheckInError(
        _(
            "%(name)s n'a pas de place confirmée (%(status)s) : ajoutez la personne sur place si elle est admise."
        )
        % {"name": registration.full_name, "status": registration.get_status_display().lower()}
    )


def check_in_by_code(*, event, code, by, now=None):
    """Check in the registration whose QR code was scanned. Forged or foreign codes are refused."""
    code = (code or "").strip()
    # The QR code holds "RALLYNOV:<personal check-in code>"; a typed code comes without the prefix.
    if code.upper().startswith("RALLYNOV:"):
        code = code[len("RALLYNOV:") :]
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


def add_walk_in(
    *,
    event,
    first_name,
    last_name,
    email="",
    organization_name="",
    organization_kind="",
    postal_code="",
    role="",
    by,
    now=None,
    is_generated=False,
    fse=None,
):
    """A person who came without registering: registered and checked in at once.

    A walk-in whose e-mail already has a registration is checked in on it instead (no duplicate).
    Returns (registration, already_checked_in)."""
    now = now or timezone.now()
    email = normalise_email(email)
    if email:
        existing = Registration.objects.filter(
            event=event, email=email, status__in=HOLDING_STATUSES + (S.WAITING,)
        ).first()
        if existing is not None:
            if existing.status != S.CONFIRMED:
                existing = promote_registration(registration=existing, by=by, now=now)
            if fse:
                record_fse_answers(existing, fse, now=now)
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
        fse=fse,
    )
    # Walk-ins are admitted by staff at the door whatever the capacity says.
    Registration.objects.filter(pk=registration.pk).update(
        status=S.CONFIRMED,
        confirmed_at=now,
        waiting_since=None,
        checked_in_at=now,
        checked_in_by=by if getattr(by, "is_authenticated", False) else None,
    )
    registration.refresh_from_db()
    record(actor=by, action="walk_in", obj=registration, changes={"checked_in_at": [None, now.isoformat()]})
    return registration, False
