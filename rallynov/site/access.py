from rallynov.core.access import LOGIN, OK, REDIRECT, ROLES, Case


def cases(ctx):
    """The site's URLs; the news index comes with the home page (site.demo.load_pages)."""
    # Wagtail sends people without admin access to its login page, and admin users without this
    # right back to the admin dashboard with a message.
    audience = dict.fromkeys(ROLES, LOGIN)
    audience["partner_editor"] = REDIRECT
    audience["team_member"] = OK
    audience["superuser"] = OK
    return [
        Case.public("site:sitemap"),
        Case.public("site:news"),
        Case.public("site:news_rss"),
        Case.public("site:news_atom"),
        Case("site:search", {}, dict.fromkeys(ROLES, OK), query="q=innovation"),
        Case.staff_only("site:newsletter_export", fmt="csv"),
        Case.staff_only("site:newsletter_export", fmt="xlsx"),
        Case("site_audience", {}, audience),
        # The programme's colours: the same stylesheet for everyone (site.branding).
        Case.public("theme_css", version="0123456789ab"),
    ]

