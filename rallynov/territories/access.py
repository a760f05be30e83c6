"""Expected answers per role for the territories' URLs (permission matrix)."""

from rallynov.core.access import Case, admin_team


def cases(ctx):
    return [
        Case.public("territories:commune_search", query="q=besan"),
        Case.public("territories:commune_search"),
        admin_team("wagtailsnippets_territories_commune:list"),
        admin_team("wagtailsnippets_territories_venue:list"),
    ]
