"""Writes of the site part: page permissions and moderation of the news."""

from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import GroupApprovalTask, GroupPagePermission, Workflow, WorkflowPage, WorkflowTask

from rallynov.accounts import roles

NEWS_WORKFLOW = "Relecture des actualités"


@transaction.atomic
def grant_site_permissions(*, home, news_index, programme=None):
    """The programme team edits and publishes the whole site; partner editors may add and edit
    news, which the team reviews before publication (workflow "Relecture des actualités").
    The groups and the workflow are the programme's own (accounts.roles.programme_group_name).

    Side effects: creates the groups if needed, GroupPagePermission rows, the workflow and its task."""
    team, _ = Group.objects.get_or_create(name=roles.programme_group_name(roles.PROGRAMME_TEAM, programme))
    partners, _ = Group.objects.get_or_create(name=roles.programme_group_name(roles.PARTNER_EDITOR, programme))
    for permission_type in ("add", "change", "publish", "lock", "unlock"):
        if not GroupPagePermission.objects.filter(
            group=team, page=home, permission__codename=f"{permission_type}_page"
        ).exists():
            GroupPagePermission.objects.create(group=team, page=home, permission_type=permission_type)
    for permission_type in ("add", "change"):
        if not GroupPagePermission.objects.filter(
            group=partners, page=news_index, permission__codename=f"{permission_type}_page"
        ).exists():
            GroupPagePermission.objects.create(group=partners, page=news_index, permission_type=permission_type)
    workflow, created = Workflow.objects.get_or_create(
        name=roles.programme_group_name(NEWS_WORKFLOW, programme)
    )
    if created:
        task = GroupApprovalTask.objects.create(name="Validation par l'équipe du programme")
        task.groups.set([team])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=news_index, defaults={"workflow": workflow})
    return workflow
