"""The audit trail: call `record` from domain functions that change dossiers, scores,
decisions, registrations and initiatives."""

from django.contrib.contenttypes.models import ContentType


def diff(before, after, fields):
    """{field: [old, new]} for the fields whose value changed (values as strings)."""
    changes = {}
    for field in fields:
        old, new = getattr(before, field, None), getattr(after, field, None)
        if old != new:
            changes[field] = [None if old is None else str(old), None if new is None else str(new)]
    return changes


def entry(*, actor, action, obj, changes=None, note=""):
    """The journal entry `record` writes, not saved (for a caller that writes it in a statement
    of its own, e.g. events.domain on PostgreSQL)."""
    from rallynov.core.models import AuditEntry

    actor_user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry(
        actor=actor_user,
        actor_label=(actor_user.email if actor_user else str(actor or "système"))[:200],
        action=action,
        content_type=ContentType.objects.get_for_model(obj.__class__),
        object_id=str(obj.pk),
        object_repr=str(obj)[:250],
        changes=changes or {},
        note=note,
    )


def record(*, actor, action, obj, changes=None, note=""):
    """Append an entry to the journal. `actor` may be None (system, command line)."""
    item = entry(actor=actor, action=action, obj=obj, changes=changes, note=note)
    item.save(force_insert=True)
    return item


def history(obj):
    from rallynov.core.models import AuditEntry

    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj.__class__), object_id=str(obj.pk)
    ).select_related("actor")
