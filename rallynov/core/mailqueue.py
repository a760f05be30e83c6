"""The e-mail queue: e-mails are queued in the transaction that makes them necessary, then sent.

    queue("events.registration", registration.pk)   # inside the transaction

Each part declares the e-mails it sends in its module `notifications.py`:

    EMAILS = {"registration": build_registration}   # kind "events.registration"

where a builder takes the object id and returns a Django `EmailMessage`, or None when the e-mail has
become pointless (the person was erased, the offer was taken back…). The message is built when it
is sent, from the records as they are then, so nothing personal is kept in the queue.

Who sends:
- by default (EMAIL_QUEUE_WORKER false: development, small sites), the request that queued an
  e-mail sends it itself right after its commit, as before the queue existed;
- with EMAIL_QUEUE_WORKER=true, requests only queue, and `rallynov send_emails --loop` (a process
  of its own, see the README) builds and sends: a burst of registrations costs the web workers
  only an INSERT per e-mail.
In both cases a sending that fails (SMTP down…) stays in the queue and is tried again by
`rallynov send_emails` after a delay that grows with each failure; after MAX_ATTEMPTS it is
marked failed. A registration is never lost because its e-mail could not be sent.

Two senders never send the same e-mail: each first claims the rows it will send (a conditional
UPDATE, on SQLite as on PostgreSQL) until CLAIM_SECONDS later.
"""

import datetime
import logging
import secrets

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

logger = logging.getLogger(__name__)

CLAIM_SECONDS = 120
MAX_ATTEMPTS = 8
# Delay before the n-th new attempt (minutes): 1, 5, 15, 30, 60, 120, 240.
RETRY_MINUTES = (1, 5, 15, 30, 60, 120, 240)
KEEP_SENT_DAYS = 30

_builders = None


def builders():
    """{kind: builder} from every part's notifications.EMAILS (read once)."""
    global _builders
    if _builders is None:
        from rallynov.core.parts import part_modules

        found = {}
        for config, module in part_modules("notifications"):
            for name, builder in getattr(module, "EMAILS", {}).items():
                found[f"{config.label}.{name}"] = builder
        _builders = found
    return _builders


def worker_sends():
    return getattr(settings, "EMAIL_QUEUE_WORKER", False)


def queue(kind, object_id):
    """Queue one e-mail in the current transaction. Without a worker, it is sent after the commit
    by this process (nothing is sent when the transaction rolls back)."""
    from rallynov.core.models import QueuedEmail

    if kind not in builders():
        raise ValueError(f"Unknown e-mail kind {kind!r}")
    item = QueuedEmail.objects.create(kind=kind, object_id=str(object_id))
    if not worker_sends():
        transaction.on_commit(lambda: send_now(item.pk))
    return item


def insert_statement(kind, object_id):
    """(sql, params) of the INSERT that queues one e-mail, RETURNING its id: for a caller that
    sends it along with other statements (events.domain on PostgreSQL). The caller then calls
    `queued(id)`."""
    from django.db import connection

    from rallynov.core.models import QueuedEmail

    if kind not in builders():
        raise ValueError(f"Unknown e-mail kind {kind!r}")
    item = QueuedEmail(kind=kind, object_id=str(object_id))
    fields = [f for f in QueuedEmail._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    params = [f.get_db_prep_save(f.pre_save(item, add=True), connection) for f in fields]
    sql = (
        f"INSERT INTO {QueuedEmail._meta.db_table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))}) "  # noqa: S608 - names from the model
        f"RETURNING {QueuedEmail._meta.pk.column}"
    )
    return sql, params


def queued(pk):
    """An e-mail queued by `insert_statement`: sent after the commit unless a worker sends."""
    if not worker_sends():
        transaction.on_commit(lambda: send_now(pk))


def queue_many(kind, object_ids):
    """Queue one e-mail of this kind per object id (one INSERT); sent as `queue` says."""
    from rallynov.core.models import QueuedEmail

    if kind not in builders():
        raise ValueError(f"Unknown e-mail kind {kind!r}")
    items = QueuedEmail.objects.bulk_create([QueuedEmail(kind=kind, object_id=str(pk)) for pk in object_ids])
    if items and not worker_sends():
        # PostgreSQL and SQLite both return the ids of a bulk insert.
        transaction.on_commit(lambda: [send_now(item.pk) for item in items])
    return items


def _claim(queryset, now):
    """Claim the rows of `queryset` that nobody is sending; returns the claim token."""
    token = secrets.token_hex(8)
    queryset.filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)).update(
        claim=token, claimed_until=now + datetime.timedelta(seconds=CLAIM_SECONDS)
    )
    return token


def send_now(pk):
    """Send one queued e-mail now, if nobody else is sending it. Never raises: a failure is
    recorded on the row and tried again later."""
    from rallynov.core.models import QueuedEmail, QueuedEmailState

    now = timezone.now()
    token = _claim(QueuedEmail.objects.filter(pk=pk, state=QueuedEmailState.PENDING), now)
    item = QueuedEmail.objects.filter(pk=pk, claim=token).first()
    if item is not None:
        _deliver(item)


def send_due(*, limit=100, now=None):
    """Send up to `limit` queued e-mails that are due. Returns (sent, failed, dropped)."""
    from rallynov.core.models import QueuedEmail, QueuedEmailState

    now = now or timezone.now()
    due = QueuedEmail.objects.filter(state=QueuedEmailState.PENDING, due_at__lte=now)
    ids = list(due.filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)).order_by("due_at", "pk")
               .values_list("pk", flat=True)[:limit])
    if not ids:
        return 0, 0, 0
    token = _claim(due.filter(pk__in=ids), now)
    counts = {QueuedEmailState.SENT: 0, QueuedEmailState.PENDING: 0, QueuedEmailState.FAILED: 0,
              QueuedEmailState.DROPPED: 0}
    for item in QueuedEmail.objects.filter(claim=token, state=QueuedEmailState.PENDING).order_by("due_at", "pk"):
        counts[_deliver(item)] += 1
    return (counts[QueuedEmailState.SENT], counts[QueuedEmailState.PENDING] + counts[QueuedEmailState.FAILED],
            counts[QueuedEmailState.DROPPED])


def _deliver(item):
    """Build and send one claimed e-mail; record the outcome. Returns the new state."""
    from rallynov.core.models import QueuedEmail, QueuedEmailState

    update = {"claim": "", "claimed_until": None, "attempts": item.attempts + 1}
    try:
        builder = builders().get(item.kind)
        message = builder(item.object_id) if builder else None
        if message is None:
            update.update(state=QueuedEmailState.DROPPED, last_error="")
        else:
            message.send()
            update.update(state=QueuedEmailState.SENT, sent_at=timezone.now(), last_error="")
    except Exception as exc:  # noqa: BLE001 - SMTP or building errors: recorded, tried again later
        logger.warning("E-mail %s #%s not sent: %s", item.kind, item.object_id, exc)
        attempts = item.attempts + 1
        update["last_error"] = f"{type(exc).__name__}: {exc}"[:2000]
        if attempts >= MAX_ATTEMPTS:
            update["state"] = QueuedEmailState.FAILED
        else:
            delay = RETRY_MINUTES[min(attempts, len(RETRY_MINUTES)) - 1]
            update["due_at"] = timezone.now() + datetime.timedelta(minutes=delay)
    QueuedEmail.objects.filter(pk=item.pk, claim=item.claim).update(**update)
    return update.get("state", QueuedEmailState.PENDING)


def forget_sent(*, now=None, days=KEEP_SENT_DAYS):
    """Delete the rows of e-mails sent or dropped more than `days` ago (they only serve to answer
    « was it sent? » for a while). Returns the number deleted."""
    from rallynov.core.models import QueuedEmail, QueuedEmailState

    limit = (now or timezone.now()) - datetime.timedelta(days=days)
    deleted, _ = QueuedEmail.objects.filter(
        state__in=(QueuedEmailState.SENT, QueuedEmailState.DROPPED), created_at__lt=limit
    ).delete()
    return deleted

