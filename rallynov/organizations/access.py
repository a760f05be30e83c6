"""Expected answers per role for the directory's admin pages (permission matrix)."""

from rallynov.core.access import admin_editors, admin_team


def cases(ctx):
    return [
        # Partner editors may look structures up (and propose new ones); people are for the team.
        admin_editors("wagtailsnippets_organizations_organization:list"),
        admin_team("wagtailsnippets_organizations_person:list"),
    ]
