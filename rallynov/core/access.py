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
    expected: dict = field(default_factory=dict)  # role -> OK / LOGIN / FORBIDDEN / NOT_FOUND / REDIRECT / int
    method: str = "GET"
    data: dict | None = None
    query: str = ""

    @classmethod
    def public(cls, url_name, **kwargs):
        return cls(url_name, kwargs, dict.fromkeys(ROLES, OK))

    @classmethod
    def staff_only(cls, url_name, *, denied=FORBIDDEN, **kwargs):
        expected = dict.fromkeys(ROLES, denied)
        expected["anonymous"] = LOGIN
        expected["team_member"] = OK
        expected["superuser"] = OK
        return cls(url_name, kwargs, expected)

    @classmethod
    def logged_in(cls, url_name, **kwargs):
        expected = dict.fromkeys(ROLES, OK)
        expected["anonymous"] = LOGIN
        return cls(url_name, kwargs, expected)
