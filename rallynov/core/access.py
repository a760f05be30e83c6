"""Expected answers per role, for the permission matrix (see docs/DEVELOPING.md, `access.py`).

Each app's `access.py` has `cases(ctx) -> list[Case]`. `ctx` is a dict with the users by role
("anonymous" is None, "applicant", "other_applicant", "juror", "conflicted_juror",
"partner_editor", "team_member", "superuser"), plus "programme" and "home_page"; `cases` creates
the objects its URLs need (an application owned by ctx["applicant"], assigned to ctx["juror"],
in conflict with ctx["conflicted_juror"], …) and returns one Case per URL name.
"""

from dataclasses import dataclass, field

ROLES = (
    "anonymous",
    "applicant",
    "other_applicant",
    "juror",
    "conflicted_juror",
    "partner_editor",
    "team_member",
    "superuser",
)

OK = 200
LOGIN = "login"  # a redirect to the login page
FORBIDDEN = 403
NOT_FOUND = 404
REDIRECT = 302  # any other redirect


@dataclass
class Case:
    url_name: str  # "awards:application_detail"
    kwargs: dict = field(default_factory=dict)
    expected: dict = field(
        default_factory=dict
    )  # role -> OK / LOGIN / FORBIDDEN / NOT_FOUND / REDIRECT / int
    method: str = "GET"
    data: dict | None = None
    query: str = ""

    # `query` is the query string ("q=bes"), never a URL keyword argument.
    @classmethod
    def public(cls, url_name, *, query="", **kwargs):
        return cls(url_name, kwargs, dict.fromkeys(ROLES, OK), query=query)

    @classmethod
    def staff_only(cls, url_name, *, denied=FORBIDDEN, query="", **kwargs):
        expected = dict.fromkeys(ROLES, denied)
        expected["anonymous"] = LOGIN
        expected["team_member"] = OK
        expected["superuser"] = OK
        return cls(url_name, kwargs, expected, query=query)

    @classmethod
    def logged_in(cls, url_name, *, query="", **kwargs):
        expected = dict.fromkeys(ROLES, OK)
        expected["anonymous"] = LOGIN
        return cls(url_name, kwargs, expected, query=query)


def admin_team(url_name, **kwargs):
    """A Wagtail admin page for the programme team: people without admin access are sent to
    the login page; partner editors (admin access, not this right) back to the dashboard."""
    expected = dict.fromkeys(ROLES, LOGIN)
    expected["partner_editor"] = REDIRECT
    expected["team_member"] = OK
    expected["superuser"] = OK
    return Case(url_name, kwargs, expected)


def admin_editors(url_name, **kwargs):
    """A Wagtail admin page for the team and the partner editors."""
    expected = dict.fromkeys(ROLES, LOGIN)
    for role in ("partner_editor", "team_member", "superuser"):
        expected[role] = OK
    return Case(url_name, kwargs, expected)


def by_role(url_name, default, *, kwargs=None, query="", method="GET", data=None, **overrides):
    """A Case where every role gets `default` except the ones named: by_role("x", OK, anonymous=LOGIN)."""
    expected = dict.fromkeys(ROLES, default)
    expected.update(overrides)
    return Case(url_name, kwargs or {}, expected, method=method, data=data, query=query)


def cases(ctx):
    """The platform's own URLs: health, language, the trust admin pages, the API schema, and a
    representative set of Wagtail's and Django's admin pages."""
    return [
        Case.public("health"),
        admin_team("core_journal"),
        admin_team("core_privacy_register"),
        admin_team("core_data_subject"),
        # Creating programmes is for superusers (rallynov create-programme in the admin).
        by_role("core_programmes", LOGIN, partner_editor=REDIRECT, team_member=REDIRECT, superuser=OK),
        Case.public("api-v1:openapi-json"),
        Case.public("api-v1:openapi-view"),
        # The open-data API: read-only and public (the root itself lists nothing).
        by_role("api-v1:api-root", NOT_FOUND),
        Case.public("api-v1:list_initiatives"),
        Case.public("api-v1:initiatives_geojson"),
        Case.public("api-v1:figures_of_year", year=2023),
        # An id that is no published initiative: 404 for everyone, never another answer.
        by_role("api-v1:get_initiative", NOT_FOUND, kwargs={"initiative_id": 999999}),
        # The parts' snippet lists in the admin: the programme team's.
        # Partner editors may read the themes and goals they tag their initiatives with.
        admin_editors("wagtailsnippets_initiatives_sustainabledevelopmentgoal:list"),
        admin_editors("wagtailsnippets_initiatives_theme:list"),
        *[
            admin_team(f"wagtailsnippets_{name}:list")
            for name in (
                "awards_edition",
                "events_video",
                "partners_funding",
                "partners_partnership",
                "reporting_reportedition",
                "studies_interview",
                "studies_invitation",
                "studies_publication",
                "studies_study",
                "studies_survey",
            )
        ],
        admin_editors("wagtailadmin_home"),
        # The explorer opens on the part of the page tree each person may edit.
        by_role(
            "wagtailadmin_explore_root", LOGIN, partner_editor=REDIRECT, team_member=REDIRECT, superuser=OK
        ),
        # Accounts are managed by superusers only.
        by_role(
            "wagtailusers_users:index", LOGIN, partner_editor=REDIRECT, team_member=REDIRECT, superuser=OK
        ),
        # Django's admin is for superusers and is_staff accounts; others go to its login.
        by_role("admin:index", LOGIN, team_member=OK, superuser=OK),
    ]
