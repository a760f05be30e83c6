"""The conflict-of-interest rule of the prize, written once (HotCRP's model).

A jury member is in conflict with a dossier when
- they declared a conflict with that dossier, or
- they declared a conflict with the dossier's structure (all its dossiers), or
- they belong to the dossier's structure: the person named on the membership, or the person of
  the member's account, works for it (no declaration needed).

`_rule` is the only place that says so. It is a `Q` whose sides (member, dossier, structure) are
plain values or `OuterRef`s, so the same definition filters the dossiers of one member
(`conflicted_applications`, used by every list) and answers the question for one pair
(`is_in_conflict`, used by every page). The two forms are tested against each other and against a
plain statement of the policy in tests/test_conflicts.py.

Every door of the prize asks here: jury lists and booklet, dossier page, attachments and PDF,
scoring, reminders, "Mon espace", the deliberation screen and its ranking, decisions.
"""

from django.db.models import Exists, OuterRef, Q

from rallynov.awards.models import Application, Conflict
from rallynov.organizations.models import Person


def _rule(*, member, application, organization):
    declared = Conflict.objects.filter(member=member)
    works_there = Person.objects.filter(organization=organization).filter(
        Q(jury_memberships=member) | Q(user__jury_memberships=member)
    )
    return (
        Q(Exists(declared.filter(application=application)))
        | Q(Exists(declared.filter(organization=organization)))
        | Q(Exists(works_there))
    )


def conflicted_applications(member):
    """The dossiers of the member's edition the member is in conflict with (a queryset)."""
    if member is None:
        return Application.objects.none()
    return Application.objects.filter(edition_id=member.edition_id).filter(
        _rule(member=member.pk, application=OuterRef("pk"), organization=OuterRef("organization_id"))
    )


def is_in_conflict(member, application):
    """Whether `member` is in conflict with `application` (one query)."""
    if member is None or member.edition_id != application.edition_id:
        return False
    return conflicted_applications(member).filter(pk=application.pk).exists()


def visible_to(member, applications):
    """`applications` without those `member` is in conflict with (no member: unchanged)."""
    if member is None:
        return applications
    return applications.exclude(pk__in=conflicted_applications(member).values("pk"))
