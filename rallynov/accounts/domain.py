from django.contrib.auth.models import Group, Permission
from django.db import transaction

from rallynov.accounts import roles

# Permissions given to each group, as "app_label.codename"; missing ones (a part not installed
# yet) are skipped. Parts add theirs through GROUP_PERMISSIONS in their own `permissions.py`.
BASE_PERMISSIONS = {
    roles.PROGRAMME_TEAM: [
        "wagtailadmin.access_admin",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
        "organizations.add_organization",
        "organizations.change_organization",
        "organizations.view_organization",
        "organizations.add_person",
        "organizations.change_person",
        "organizations.view_person",
        "organizations.delete_person",
        "territories.view_commune",
        "accounts.add_partnerterritory",
        "accounts.change_partnerterritory",
        "accounts.delete_partnerterritory",
        "accounts.view_partnerterritory",
    ],
    roles.PARTNER_EDITOR: [
        "wagtailadmin.access_admin",
        "wagtailimages.add_image",
        "wagtailimages.choose_image",
        "wagtaildocs.choose_document",
        "organizations.add_organization",
        "organizations.view_organization",
    ],
    roles.JUROR: [],
    roles.APPLICANT: [],
}


def group_permissions():
    from rallynov.core.parts import part_modules

    merged = {name: list(perms) for name, perms in BASE_PERMISSIONS.items()}
    for _config, module in part_modules("permissions"):
        for name, perms in getattr(module, "GROUP_PERMISSIONS", {}).items():
            merged.setdefault(name, []).extend(perms)
    return merged


@transaction.atomic
def ensure_groups():
    """Create the groups and give them their permissions (idempotent; run after every migrate)."""
    for name, perms in group_permissions().items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".", 1)
            found = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if found:
                wanted.append(found)
        group.permissions.add(*wanted)


def add_to_group(user, group_name):
    group, _ = Group.objects.get_or_create(name=group_name)
    user.groups.add(group)
    for cache in ("_rallynov_groups", "_rallynov_team_programmes"):
        if hasattr(user, cache):
            delattr(user, cache)
