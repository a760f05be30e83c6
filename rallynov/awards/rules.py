"""Who may do what with the prize: the one place for its permission predicates.

Applicants see only their own dossiers; jurors only the dossiers assigned to them and never those
they are in conflict with (awards.conflicts); the programme team sees everything.

Decisions: the jury president decides every dossier they are not in conflict with. A dossier the
president is in conflict with is decided by the vice-president named on the edition (unless they
are in conflict too) or by the programme team, who may decide any dossier.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rallynov.accounts import rules as account_rules
from rallynov.awards.conflicts import conflicted_applications, is_in_conflict
from rallynov.awards.enums import EDITABLE_STATUSES
from rallynov.awards.models import Application, JuryMember


def is_prize_staff(user):
    return account_rules.is_programme_team(user)


def member_of(user, edition):
    """The user's jury membership for this edition, or None (cached on the user)."""
    if not user.is_authenticated:
        return None
    cache = user.__dict__.setdefault("_awards_memberships", {})
    if edition.pk not in cache:
        cache[edition.pk] = JuryMember.objects.filter(edition=edition, user=user).first()
    return cache[edition.pk]


def is_owner(user, application):
    return user.is_authenticated and application.applicant_id == user.pk


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
    return (
        assignment is not None
        and not application.edition.deliberation_open
        and not application.edition.is_published
    )


def can_deliberate(user, edition):
    """Staff, the jury president and the vice-president named on the edition."""
    if is_prize_staff(user):
        return True
    member = member_of(user, edition)
    return bool(member and (member.is_president or member.pk == edition.vice_president_id))


PRESIDENT_IN_CONFLICT = gettext_lazy("président en conflit")
_ROLES = {
    "staff": gettext_lazy("équipe du programme"),
    "president": gettext_lazy("président·e du jury"),
    "vice_president": gettext_lazy("vice-président·e du jury"),
}


@dataclass(frozen=True)
class DecisionRight:
    """Why a user may decide a dossier: as "staff", "president" or "vice_president", and whether
    the president is in conflict with it (the reason the journal gives)."""

    role: str
    president_in_conflict: bool

    @property
    def role_label(self):
        return str(_ROLES[self.role])

    @property
    def reason(self):
        return str(PRESIDENT_IN_CONFLICT) if self.president_in_conflict else ""


def decision_rights(user, edition, applications=None):
    """{dossier id: DecisionRight} for the dossiers of `edition` (or of `applications`) that `user`
    may decide. A dossier is "president in conflict" when every president of the jury is in
    conflict with it. Conflicts come from awards.conflicts, as everywhere."""
    if applications is None:
        applications = Application.objects.filter(edition=edition)
    ids = set(applications.values_list("pk", flat=True))
    presidents = list(JuryMember.objects.filter(edition=edition, is_president=True))
    president_conflicted = set(ids) if presidents else set()
    for president in presidents:
        president_conflicted &= set(
            conflicted_applications(president).filter(pk__in=ids).values_list("pk", flat=True)
        )
    if is_prize_staff(user):
        return {pk: DecisionRight("staff", pk in president_conflicted) for pk in ids}
    member = member_of(user, edition)
    if member is None:
        return {}
    own = set(conflicted_applications(member).filter(pk__in=ids).values_list("pk", flat=True))
    if member.is_president:
        return {pk: DecisionRight("president", False) for pk in ids - own}
    if member.pk == edition.vice_president_id:
        return {pk: DecisionRight("vice_president", True) for pk in president_conflicted - own}
    return {}


def sees_at_deliberation(user, edition):
    """The jury member whose conflicts hide dossiers from `user` at deliberation (None: staff, who
    see everything)."""
    if is_prize_staff(user):
        return None
    return member_of(user, edition)


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
    try:
        application = Application.objects.select_related(
            "edition", "organization", "initiative", "applicant"
        ).get(pk=pk)
    except (Application.DoesNotExist, ValueError):
        raise Http404(_("Dossier introuvable.")) from None
    if not can_view_application(user, application):
        raise Http404(_("Dossier introuvable."))
    allowed = {
        "view": lambda: True,
        "edit": lambda: is_owner(user, application),
        "score": lambda: assignment_for(user, application) is not None,
        "manage": lambda: is_prize_staff(user),
    }[action]()
    if not allowed:
        raise PermissionDenied(_("Vous ne pouvez pas faire cette action sur ce dossier."))
    return application
