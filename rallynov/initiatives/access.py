"""Permission matrix cases of the observatory's URLs (see core.access)."""

from rallynov.core.access import LOGIN, OK, REDIRECT, ROLES, Case


def _team_admin(url_name, **kwargs):
    # Wagtail's admin: without admin access, the login page; with it but not in the team, the
    # admin home with a message (PermissionDenied turned into a redirect).
    expected = dict.fromkeys(ROLES, LOGIN)
    expected.update(partner_editor=REDIRECT, team_member=OK, superuser=OK)
    return Case(url_name, kwargs, expected)


def cases(ctx):
    from rallynov.initiatives.demo import seed_reference
    from rallynov.initiatives.domain import ensure_catalogue
    from rallynov.initiatives.tests.factories import make_initiative

    programme = ctx["programme"]
    seed_reference()
    catalogue = ensure_catalogue(programme=programme)
    published = make_initiative(catalogue, programme, "Initiative de la matrice", themes=["handicap"])
    draft = make_initiative(catalogue, programme, "Brouillon de la matrice", live=False)
    not_found = dict.fromkeys(ROLES, 404)
    return [
        Case.public("initiatives:catalogue"),
        Case("initiatives:catalogue", {}, dict.fromkeys(ROLES, OK), query="q=%00%27&year=abc&page=-1"),
        Case.public("initiatives:map_geojson"),
        Case.public("initiatives:map_departments"),
        Case.public("initiatives:map_card", pk=published.pk),
        Case("initiatives:map_card", {"pk": draft.pk}, not_found),
        Case.public("initiatives:export", fmt="csv"),
        Case.public("initiatives:export", fmt="xlsx"),
        Case.public("initiatives:export", fmt="geojson"),
        Case.public("initiatives:sheet_pdf", slug=published.slug),
        Case("initiatives:sheet_pdf", {"slug": draft.slug}, not_found),
        Case.public("initiatives:submit"),
        Case.public("initiatives:submitted"),
        _team_admin("initiatives_admin_import"),
        _team_admin("initiatives_admin_submissions"),
        # A background import's progress: an unknown job is a 404 for the team.
        Case(
            "initiatives_admin_import_status",
            {"job_id": "00000000-0000-4000-8000-000000000000"},
            {**dict.fromkeys(ROLES, LOGIN), "partner_editor": REDIRECT, "team_member": 404, "superuser": 404},
        ),
        # Refusing a report is a POST from the moderation screen; a GET is refused (405) to anyone
        # who reaches the admin, and people without admin access are sent to the login page.
        Case(
            "initiatives_admin_reject",
            {"pk": 999999},
            {**dict.fromkeys(ROLES, LOGIN), "partner_editor": 405, "team_member": 405, "superuser": 405},
        ),
    ]

