"""The groups of a new programme (core.programmes): its team and its partner editors, with the
same model permissions as the default programme's groups; their page permissions are given by the
parts that own the pages (site, initiatives)."""

from django.contrib.auth.models import Group

from rallynov.accounts import roles
from rallynov.accounts.domain import ensure_groups, group_permissions


def setup_programme(*, programme, host, log):
    ensure_groups()
    permissions = group_permissions()
    for base in (roles.PROGRAMME_TEAM, roles.PARTNER_EDITOR):
        name = roles.programme_group_name(base, programme)
        group, created = Group.objects.get_or_create(name=name)
        if name != base:
            group.permissions.add(*Group.objects.get(name=base).permissions.all())
        if created:
            log(f"  groupe : {name} ({len(permissions.get(base, []))} permissions)")
