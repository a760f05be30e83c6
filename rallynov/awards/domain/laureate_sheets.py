"""A laureate's sheet goes public with the results: the one rule of the prize about it.

When an edition's results are published, each laureate's initiative sheet is published in the
catalogue if it can be (a title, a summary, a commune, a structure — the commune is taken from the
structure when the dossier created the sheet without one); otherwise it is put in the team's
moderation queue (the catalogue's workflow) and the team gets a reminder e-mail saying what is
missing. Nothing else publishes a laureate's sheet.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from rallynov.core.audit import record

PUBLISHED = "published"
ALREADY_LIVE = "already_live"
IN_MODERATION = "moderation"


def sheet_problems(page):
    """What stops the sheet from being published, in French ([] when it can be)."""
    problems = []
    if not (page.summary or "").strip():
        problems.append(_("le résumé de l'initiative manque"))
    if page.main_commune_id is None:
        problems.append(_("la commune de l'initiative manque"))
    if not page.organizations.exists():
        problems.append(_("aucune structure n'est liée à la fiche"))
    try:
        page.full_clean()
    except ValidationError as error:
        problems.extend(f"{field} : {' '.join(messages)}" for field, messages in error.message_dict.items())
    return problems


def _user(by):
    return by if getattr(by, "is_authenticated", False) else None


def _remind_team(page, edition, problems):
    from rallynov.initiatives.notifications import team_addresses

    recipients = team_addresses(edition.programme)
    if not recipients:
        return
    subject = _("[%(programme)s] Fiche de lauréat à compléter : %(title)s") % {
        "programme": edition.programme,
        "title": page.title,
    }
    body = _(
        "Les résultats de « %(edition)s » sont publiés, mais la fiche de l'initiative lauréate "
        "« %(title)s » ne peut pas encore être publiée : %(problems)s.\n\n"
        "Elle attend dans la file de modération : complétez-la puis publiez-la.\n%(url)s\n"
    ) % {
        "edition": edition.title,
        "title": page.title,
        "problems": " ; ".join(problems),
        "url": f"{settings.SITE_URL}/admin/pages/{page.pk}/edit/",
    }
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=True)
    )


@transaction.atomic
def publish_laureate_sheet(*, initiative, edition, organization=None, by=None):
    """Publish the laureate's sheet, or put it in moderation with a reminder to the team.
    `organization` (the dossier's structure) is linked to the sheet when it has none.

    Returns PUBLISHED, ALREADY_LIVE or IN_MODERATION."""
    from rallynov.initiatives.models import InitiativePage

    page = InitiativePage.objects.select_for_update().get(pk=initiative.pk)
    if page.live:
        return ALREADY_LIVE
    user = _user(by)
    changed = False
    if organization is not None and not page.organizations.exists():
        page.organizations.add(organization)
        changed = True
    if page.main_commune_id is None:
        commune = next((o.commune for o in page.organizations.all() if o.commune_id), None)
        if commune is not None:
            page.main_commune = commune
            page.communes.add(commune)
            changed = True
    if changed:
        page.save()  # writes the page's many-to-many links (ParentalManyToManyField) too
    problems = sheet_problems(page)
    if not problems:
        revision = page.save_revision(user=user, log_action=True)
        revision.publish(user=user)
        record(actor=user, action="publish", obj=page, note=_("Fiche de lauréat publiée avec les résultats"))
        return PUBLISHED
    workflow = page.get_workflow()
    if workflow is not None and page.current_workflow_state is None:
        page.save_revision(user=user, log_action=True)
        workflow.start(page, user)
    _remind_team(page, edition, problems)
    record(
        actor=user,
        action="moderation",
        obj=page,
        note=_("Fiche de lauréat en attente de modération : %(problems)s")
        % {"problems": " ; ".join(problems)},
    )
    return IN_MODERATION
