"""Permission matrix cases of the observatory's URLs (see core.access)."""

from rallynov.core.access import FORBIDDEN, LOGIN, OK, REDIRECT, ROLES, Case, admin_team

# Wagtail's screens on one page, by the name of the URL keyword that names the page. Each must
# have a case for an initiative outside the partner editor's territory (see `page_doors`).
PAGE_KWARGS = ("page_id", "page_to_move_id", "pk")


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
    proposal = _holder_of(ctx, published)
    holder_only = {**dict.fromkeys(ROLES, FORBIDDEN), "anonymous": LOGIN, "applicant": OK}
    # A proposal without picture: its author and the team get a 404, the others are refused.
    picture = {**dict.fromkeys(ROLES, FORBIDDEN), "anonymous": LOGIN}
    picture.update(applicant=404, team_member=404, superuser=404)
    return [
        # Follow-ups by holders: ctx["applicant"] holds the published sheet's structure.
        Case("initiatives:follow_up_add", {"pk": published.pk}, holder_only),
        Case.staff_only("initiatives:follow_up_moderation"),
        # Deciding is a POST from the moderation screen: a GET is refused (405) to everyone.
        Case("initiatives:follow_up_decide", {"pk": proposal.pk}, dict.fromkeys(ROLES, 405)),
        Case("initiatives:follow_up_picture", {"pk": proposal.pk}, picture),
        # Wagtail's screens on a sheet, for a partner editor of Côte-d'Or inside and outside their
        # territory, are checked on their own: see `page_doors`.
        Case.public("initiatives:catalogue"),
        Case("initiatives:catalogue", {}, dict.fromkeys(ROLES, OK), query="q=%00%27&year=abc&page=-1"),
        Case.public("initiatives:map_geojson"),
        Case.public("initiatives:map_departments"),
        Case.public("initiatives:map_card", pk=published.pk),
        Case("initiatives:map_card", {"pk": draft.pk}, not_found),
        Case.public("initiatives:export", fmt="csv"),
        Case.public("initiatives:export", fmt="xlsx"),
        Case.public("initiatives:export", fmt="geojson"),
        Case.public("initiatives:opendata_csv"),
        Case.public("initiatives:opendata_json"),
        Case.public("initiatives:opendata_dataset"),
        admin_team("wagtailsnippets_initiatives_harvestsource:list"),
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


def _holder_of(ctx, initiative):
    """ctx["applicant"] becomes the holder of `initiative` (their person works for its structure)
    and proposes a follow-up (pending, without picture)."""
    import datetime

    from rallynov.initiatives.followups.models import FollowUpProposal
    from rallynov.organizations.models import Person

    Person.objects.get_or_create(
        user=ctx["applicant"], defaults={"last_name": "Porteur", "organization": initiative.organizations.first()}
    )
    proposal, _created = FollowUpProposal.objects.get_or_create(
        initiative=initiative,
        author=ctx["applicant"],
        defaults={"date": datetime.date(2024, 1, 15), "title": "Suivi de la matrice"},
    )
    return proposal


def _page_admin(url_name, kwargs, *, partner, team=OK, method="GET"):
    """A Wagtail page screen: people without admin access go to the login page."""
    expected = dict.fromkeys(ROLES, LOGIN)
    expected.update(partner_editor=partner, team_member=team, superuser=team)
    return Case(url_name, kwargs, expected, method=method)


def territory_initiatives(ctx, catalogue):
    """Côte-d'Or as the territory of ctx["partner_editor"], and two sheets: one in Dijon, one in
    Besançon (Doubs). Made once per ctx."""
    from rallynov.accounts.models import PartnerTerritory
    from rallynov.initiatives.tests.factories import make_initiative
    from rallynov.territories.models import Department

    if "initiatives_of_territory" not in ctx:
        programme = ctx["programme"]
        territory, _created = PartnerTerritory.objects.get_or_create(
            user=ctx["partner_editor"], programme=programme
        )
        territory.departments.set(Department.objects.filter(code="21"))
        ctx["initiatives_of_territory"] = (
            make_initiative(catalogue, programme, "Initiative de Dijon (matrice)", commune="21231"),
            make_initiative(catalogue, programme, "Initiative de Besançon (matrice)", commune="25056"),
        )
    return ctx["initiatives_of_territory"]


def page_doors(ctx):
    """Wagtail's screens on one initiative, for a partner editor of Côte-d'Or: a sheet in Dijon
    opens, one in Besançon (Doubs) is refused at every door (a redirect to the admin's home with
    a message), while the team opens both. Screens that need a right partner editors never have
    (publish, lock, privacy, moderation decisions) are refused on both. Run on their own by
    tests/trust/test_permission_matrix.py: three dozen admin screens × every role."""
    from rallynov.initiatives.demo import seed_reference
    from rallynov.initiatives.domain import ensure_catalogue

    seed_reference()
    catalogue = ensure_catalogue(programme=ctx["programme"])
    inside, outside = territory_initiatives(ctx, catalogue)
    workflow_state = outside.get_workflow().start(outside, ctx["team_member"])
    task_state = workflow_state.current_task_state

    def door(url_name, page, *, partner=REDIRECT, team=OK, method="GET", **extra):
        name = {
            "move": "page_to_move_id",
            "move_confirm": "page_to_move_id",
            "set_page_position": "page_to_move_id",
        }
        kwargs = {
            name.get(url_name, "pk" if url_name == "revisions_compare" else "page_id"): page.pk,
            **extra,
        }
        return _page_admin(
            f"wagtailadmin_pages:{url_name}", kwargs, partner=partner, team=team, method=method
        )

    revision = outside.latest_revision_id
    return [
        # Inside the territory: the partner editor opens the sheet and its history.
        door("edit", inside, partner=OK),
        door("view_draft", inside, partner=OK),
        door("history", inside, partner=OK),
        # Outside: refused at every door.
        door("edit", outside),
        door("edit", outside, method="POST"),
        door("preview_on_edit", outside),
        door("view_draft", outside),
        door("usage", outside),
        door("delete", outside),
        door("unpublish", outside),
        # Not an alias: nothing to convert, for anyone.
        door("convert_alias", outside, partner=404, team=404),
        door("move", outside),
        door("move_confirm", outside, destination_id=catalogue.pk),
        door("set_page_position", outside, method="POST"),
        door("copy", outside),
        door("set_privacy", outside),
        door("lock", outside, method="POST", team=REDIRECT),
        door("unlock", outside, method="POST", team=REDIRECT),
        # The list of revisions is the history's now: a redirect there for everyone.
        door("revisions_index", outside, team=REDIRECT),
        door("revisions_view", outside, revision_id=revision),
        door("revisions_revert", outside, revision_id=revision),
        door("revisions_unschedule", outside, revision_id=revision),
        door("revisions_compare", outside, revision_id_a="earliest", revision_id_b="latest"),
        door("history", outside),
        door("history_results", outside),
        door("workflow_history", outside),
        door("workflow_history_detail", outside, workflow_state_id=workflow_state.pk),
        door("workflow_action", outside, action_name="approve", task_state_id=task_state.pk),
        door("collect_workflow_action_data", outside, action_name="approve", task_state_id=task_state.pk),
        # Wagtail asks no permission for this modal (any admin user, any page): it names the
        # workflow's tasks, nothing of the sheet.
        door("confirm_workflow_cancellation", outside, partner=OK),
        door("workflow_preview", outside, task_id=task_state.task_id),
    ]
