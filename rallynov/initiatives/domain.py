"""Writes on initiatives: laureate marks, follow-ups, public submissions, moderation."""

from django.db import transaction

from rallynov.core.audit import record
from rallynov.initiatives.indexing import index_initiative


@transaction.atomic
def set_laureate(*, initiative, year, actor=None):
    """Mark `initiative` as the laureate of the prize of `year` (None removes the mark).

    Called by the prize (awards) when its laureates are published. Updates the live page and its
    latest revision so that a later publication does not undo the mark; refreshes the catalogue
    entry and writes the audit trail.
    """
    from rallynov.initiatives.models import InitiativePage

    page = InitiativePage.objects.select_for_update().get(pk=initiative.pk)
    if page.laureate_year == year:
        return page
    before = page.laureate_year
    InitiativePage.objects.filter(pk=page.pk).update(laureate_year=year)
    page.laureate_year = year
    initiative.laureate_year = year
    revision = page.latest_revision
    if revision is not None and isinstance(revision.content, dict):
        revision.content["laureate_year"] = year
        revision.save(update_fields=["content"])
    index_initiative(page)
    record(actor=actor, action="laureate", obj=page, changes={"laureate_year": [before, year]})
    return page
