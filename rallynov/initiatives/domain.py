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


CATALOGUE_INTRO = (
    "<p>Les innovations sociales repérées en région : des entreprises, des associations et des "
    "collectivités qui font autrement pour l'emploi, les conditions de travail et la vie des territoires.</p>"
)


@transaction.atomic
def ensure_catalogue(*, programme):
    """The programme's catalogue page (slug `initiatives`, child of its home page), with the page
    permissions of the groups and the moderation workflow assigned. Idempotent.

    Partner editors may add and edit initiatives; what they publish goes through the workflow,
    whose one task is approved by the programme team.
    """
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import (
        GroupApprovalTask,
        GroupPagePermission,
        Page,
        Workflow,
        WorkflowPage,
        WorkflowTask,
    )

    from rallynov.accounts import roles
    from rallynov.initiatives.models import CataloguePage

    home = programme.site.root_page if programme.site_id else Page.get_first_root_node()
    catalogue = CataloguePage.objects.child_of(home).first()
    if catalogue is None:
        catalogue = CataloguePage(
            title="Initiatives", slug="initiatives", intro=CATALOGUE_INTRO, show_in_menus=False
        )
        home.add_child(instance=catalogue)
        catalogue.save_revision().publish()

    page_type = ContentType.objects.get_for_model(Page)
    perms = {p.codename: p for p in Permission.objects.filter(content_type=page_type)}
    wanted = {
        roles.programme_group_name(roles.PROGRAMME_TEAM, programme): [
            "add_page",
            "change_page",
            "publish_page",
            "delete_page",
            "lock_page",
            "unlock_page",
        ],
        roles.programme_group_name(roles.PARTNER_EDITOR, programme): ["add_page", "change_page"],
    }
    for group_name, codenames in wanted.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(group=group, page=catalogue, permission=perms[codename])

    team, _created = Group.objects.get_or_create(name=roles.programme_group_name(roles.PROGRAMME_TEAM, programme))
    task_name = roles.programme_group_name("Validation par l'équipe du programme", programme)
    task = GroupApprovalTask.objects.filter(name=task_name).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=task_name)
        task.groups.set([team])
    workflow, created = Workflow.objects.get_or_create(
        name=roles.programme_group_name("Modération des initiatives", programme)
    )
    if created or not WorkflowTask.objects.filter(workflow=workflow, task=task).exists():
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=catalogue, defaults={"workflow": workflow})
    return catalogue


@transaction.atomic
def submit_initiative(*, programme, data, request=None):
    """Turn a public report into a draft initiative in the moderation workflow.

    `data` is SubmissionForm.cleaned_data. Side effects: a draft page (not live) under the
    catalogue with its first revision, the catalogue's workflow started on it, a Submission
    holding the submitter's data, an acknowledgement e-mail to the submitter, a notification
    e-mail to the programme team, an audit entry.
    """
    from django.utils import timezone

    from rallynov.initiatives.enums import Source, Status
    from rallynov.initiatives.interchange.validation import rich_text
    from rallynov.initiatives.models import InitiativePage, Submission
    from rallynov.initiatives.notifications import notify_submission
    from rallynov.organizations.queries import find_organization

    catalogue = ensure_catalogue(programme=programme)
    now = timezone.now()
    commune = data["commune_obj"]
    carrier = data["relation"] == Submission.Relation.CARRIER
    page = InitiativePage(
        title=data["title"],
        programme=programme,
        summary=data["summary"],
        description=rich_text(data.get("description", "")),
        main_commune=commune,
        year=timezone.localdate().year,
        source=Source.PUBLIC,
        status=Status.UNKNOWN,
        website=data.get("website", ""),
        live=False,
    )
    if carrier and data.get("publish_contact"):
        page.contact_name = data["submitter_name"]
        page.contact_email = data["submitter_email"]
        page.contact_consent_at = now
    catalogue.add_child(instance=page)
    page.communes.set([commune])
    page.themes.set(data.get("themes") or [])
    organization = find_organization(name=data["organization_name"], siret=data.get("siret", ""))
    if organization is not None:
        page.organizations.set([organization])
    revision = page.save_revision(log_action=True)
    workflow = page.get_workflow()
    if workflow is not None:
        workflow.start(page, None)
    submission = Submission.objects.create(
        programme=programme,
        initiative=page,
        relation=data["relation"],
        submitter_name=data["submitter_name"],
        submitter_email=data["submitter_email"],
        organization_name=data["organization_name"],
        siret=data.get("siret", ""),
        commune=commune,
        consent_at=now,
    )
    record(
        actor=None,
        action="submit",
        obj=page,
        note="Signalement public",
        changes={"revision": [None, str(revision.pk)]},
    )
    notify_submission(submission=submission, request=request)
    return submission


@transaction.atomic
def complete_published_submission(*, page):
    """When a reported initiative is published: create its structure from the report if the
    moderator linked none, and close the report. Called on `page_published`."""
    from rallynov.initiatives.models import InitiativePage, Submission
    from rallynov.organizations.domain import get_or_create_organization
    from rallynov.organizations.enums import OrganizationKind

    submission = Submission.objects.filter(initiative=page, state=Submission.State.PENDING).first()
    if submission is None:
        return None
    links = InitiativePage.organizations.through
    if not links.objects.filter(initiativepage_id=page.pk).exists():
        organization, _created = get_or_create_organization(
            name=submission.organization_name,
            kind=OrganizationKind.OTHER,
            siret=submission.siret,
            commune=submission.commune,
        )
        # Written through the link table (a ParentalManyToMany would wait for a page save) and
        # into the latest revision, so that the next publication keeps the structure.
        links.objects.create(initiativepage_id=page.pk, organization_id=organization.pk)
        revision = InitiativePage.objects.get(pk=page.pk).latest_revision
        if revision is not None and isinstance(revision.content, dict):
            revision.content["organizations"] = [organization.pk]
            revision.save(update_fields=["content"])
    submission.state = Submission.State.PUBLISHED
    submission.save(update_fields=["state", "updated_at"])
    record(actor=None, action="publish", obj=page, note="Signalement publié après modération")
    return submission


@transaction.atomic
def reject_submission(*, submission, actor):
    """Close a report without publishing it; the draft page is deleted, the report kept (its
    personal data is purged with the retention period)."""
    page = submission.initiative
    submission.state = submission.State.REJECTED
    submission.initiative = None
    submission.save(update_fields=["state", "initiative", "updated_at"])
    if page is not None and not page.live:
        record(actor=actor, action="reject", obj=page, note="Signalement refusé")
        page.delete()
    return submission
