"""Who may do what with the prize: the one place for its permission predicates.

Applicants see only their own dossiers; jurors only the dossiers assigned to them and never those
they are in conflict with; the programme team sees everything.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from rallynov.accounts import rules as account_rules
from rallynov.awards.enums import EDITABLE_STATUSES


def is_prize_staff(user):
    return account_rules.is_programme_team(user)


def member_of(user, edition):
    """The user's jury membership for this edition, or None (cached on the user)."""
    if not user.is_authenticated:
        return None
    cache = user.__dict__.setdefault("_awards_memberships", {})
    if edition.pk not in cache:
        from rallynov.awards.models import JuryMember

        cache[edition.pk] = JuryMember.objects.filter(edition=edition, user=user).first()
    return cache[edition.pk]


def is_owner(user, application):
    return user.is_authenticated and application.applicant_id == user.pk


def is_in_conflict(member, application):
    from django.db.models import Q

    from rallynov.awards.models import Conflict

    return Conflict.objects.filter(member=member).filter(
        Q(application=application) | Q(organization_id=application.organization_id)
    ).exists()


def assignment_for(user, application):
    """The user's assignment on this dossier, unless they are in conflict with it."""
    member = member_of(user, application.edition)
    if member is None or is_in_conflict(member, application):
        return None
    return member.assignments.filter(application=application).first()


def can_view_application(user, application):
    if is_prize_staff(user) or is_owner(user, application):
        return True
    return assignment_for(user, application) is not None


def can_edit_application(user, application, now=None):
    return (
        is_owner(user, application)
        and application.status in EDITABLE_STATUSES
        and not application.edition.is_closed(now)
    )


def can_score(user, application):
    assignment = assignment_for(user, application)
    return assignment is not None and not application.edition.deliberation_open and not application.edition.is_published


def can_deliberate(user, edition):
    if is_prize_staff(user):
        return True
    member = member_of(user, edition)
    return bool(member and member.is_president)


def can_see_all_scores(user, edition):
    """Staff always; jurors only once deliberation is open, or at once if staff chose so."""
    if is_prize_staff(user):
        return True
    member = member_of(user, edition)
    return bool(member) and (edition.deliberation_open or not edition.hide_scores_until_deliberation)


def sees_identity(user, application):
    """Blind review hides the applicant's identity from jurors (not from staff or the applicant)."""
    if is_prize_staff(user) or is_owner(user, application):
        return True
    return not application.edition.blind_review


def application_for(user, pk, *, action="view"):
    """The dossier `pk` if `user` may `action` it ("view", "edit", "score", "manage").

    Raises Http404 when the user may not even know it exists (someone else's dossier, a dossier not
    assigned or in conflict), PermissionDenied when they may see it but not do `action`."""
    from rallynov.awards.models import Application

    try:
        application = Application.objects.select_related(
            "edition", "organization", "initiative", "applicant"
        ).get(pk=pk)
    except (Application.DoesNotExist, ValueError):
        raise Http404("Dossier introuvable.") from None
    if not can_view_application(user, application):
        raise Http404("Dossier introuvable.")
    allowed = {
        "view": lambda: True,
        "edit": lambda: is_owner(user, application),
        "score": lambda: assignment_for(user, application) is not None,
        "manage": lambda: is_prize_staff(user),
    }[action]()
    if not allowed:
        raise PermissionDenied("Vous ne pouvez pas faire cette action sur ce dossier.")
    return application
