"""Expected answers per role for every URL of the prize (permission matrix, see core.access)."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from rallynov.core.access import FORBIDDEN, LOGIN, NOT_FOUND, OK, REDIRECT, ROLES, Case

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _expect(**overrides):
    expected = {role: overrides.get(role, overrides.get("default")) for role in ROLES}
    expected["anonymous"] = overrides.get("anonymous", LOGIN)
    return expected


def build(ctx):
    """The records the cases need: an open edition, a submitted dossier of `applicant` assigned to
    `juror`, `conflicted_juror` in conflict with its structure, a draft of `applicant`."""
    from rallynov.awards import domain
    from rallynov.awards.enums import ApplicationStatus
    from rallynov.awards.models import Application, Criterion, Edition, Question
    from rallynov.initiatives.models import CataloguePage, InitiativePage
    from rallynov.organizations.models import Organization

    programme = ctx["programme"]
    now = timezone.now()
    edition = Edition.objects.create(
        programme=programme,
        year=2030,
        title="Prix 2030",
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=30),
        prize_count=2,
        prize_amount=2000,
    )
    Criterion.objects.create(edition=edition, name="Utilité sociale", weight=2)
    Question.objects.create(edition=edition, label="Besoin", kind="long_text", required=False)
    catalogue = CataloguePage.objects.first()
    if catalogue is None:
        catalogue = CataloguePage(title="Les initiatives", slug="initiatives")
        ctx["home_page"].add_child(instance=catalogue)
    organization = Organization.objects.create(name="Atelier Panel", kind="entreprise")
    other_org = Organization.objects.create(name="Blond Vénitien", kind="entreprise")

    def initiative(title):
        page = InitiativePage(title=title, programme=programme, year=2030)
        catalogue.add_child(instance=page)
        return page

    submitted = domain.create_application(
        edition=edition,
        applicant=ctx["applicant"],
        organization=organization,
        initiative=initiative("Semaine de 4 jours"),
    )
    domain.submit_application(application=submitted, by=ctx["applicant"])
    draft = domain.create_application(
        edition=edition,
        applicant=ctx["applicant"],
        organization=other_org,
        initiative=initiative("Atelier partagé"),
    )
    attachment = domain.add_attachment(
        application=draft,
        uploaded=SimpleUploadedFile("note.pdf", PDF, "application/pdf"),
        by=ctx["applicant"],
    )
    member = domain.add_jury_member(edition=edition, user=ctx["juror"])
    conflicted = domain.add_jury_member(edition=edition, user=ctx["conflicted_juror"])
    domain.assign(member=member, application=submitted, by=None)
    domain.assign(member=conflicted, application=submitted, by=None)
    domain.declare_conflict(member=conflicted, organization=organization, reason="Administrateur", by=None)
    submitted = Application.objects.get(pk=submitted.pk)
    assert submitted.status == ApplicationStatus.SUBMITTED
    return {
        "edition": edition,
        "submitted": submitted,
        "draft": draft,
        "attachment": attachment,
        "member": member,
    }


def cases(ctx):
    objects = build(ctx)
    year = objects["edition"].year
    app = objects["submitted"].pk
    draft = objects["draft"].pk
    # Who may see the submitted dossier: its applicant, the assigned juror (not the conflicted one), staff.
    see = _expect(default=NOT_FOUND, applicant=OK, juror=OK, team_member=OK, superuser=OK)
    staff_post = _expect(default=FORBIDDEN, team_member=REDIRECT, superuser=REDIRECT)
    member_page = _expect(default=FORBIDDEN, juror=OK, conflicted_juror=OK)
    return [
        Case.public("awards:index"),
        Case.public("awards:laureates"),
        Case.public("awards:edition", year=year),
        Case.logged_in("awards:apply", year=year),
        Case("awards:application_detail", {"pk": app}, see),
        Case("awards:application_pdf", {"pk": app}, see),
        Case(
            "awards:attachment",
            {"pk": draft, "attachment_pk": objects["attachment"].pk},
            _expect(default=NOT_FOUND, applicant=OK, team_member=OK, superuser=OK),
        ),
        Case(
            "awards:review",
            {"pk": app},
            _expect(
                default=NOT_FOUND, applicant=FORBIDDEN, juror=OK, team_member=FORBIDDEN, superuser=FORBIDDEN
            ),
        ),
        Case("awards:jury", {"year": year}, member_page),
        Case("awards:conflicts", {"year": year}, member_page),
        Case(
            "awards:booklet",
            {"year": year, "member_pk": objects["member"].pk},
            _expect(default=FORBIDDEN, juror=OK, team_member=OK, superuser=OK),
        ),
        Case.staff_only("awards:manage_index"),
        Case.staff_only("awards:manage", year=year),
        Case.staff_only("awards:deliberation", year=year),
        Case.staff_only("awards:export", year=year, kind="dossiers", fmt="xlsx"),
        Case.staff_only("awards:export", year=year, kind="notes", fmt="csv"),
        Case(
            "awards:application_answers",
            {"pk": draft},
            _expect(default=NOT_FOUND, applicant=REDIRECT, team_member=FORBIDDEN, superuser=FORBIDDEN),
            method="POST",
            data={"contact_name": "Camille"},
        ),
        Case(
            "awards:instruct",
            {"pk": app},
            _expect(
                default=NOT_FOUND,
                applicant=FORBIDDEN,
                juror=FORBIDDEN,
                team_member=REDIRECT,
                superuser=REDIRECT,
            ),
            method="POST",
            data={"action": "comment", "kind": "comment", "text": "Vu."},
        ),
        Case("awards:remind", {"year": year}, staff_post, method="POST", data={}),
        Case("awards:vice_president", {"year": year}, staff_post, method="POST", data={}),
        # Actions that only accept POST: a GET is refused (405) once logged in.
        *[
            Case(name, kwargs, _expect(default=405, anonymous=LOGIN))
            for name, kwargs in (
                ("awards:attachment_add", {"pk": draft}),
                ("awards:attachment_delete", {"pk": draft, "attachment_pk": objects["attachment"].pk}),
                ("awards:application_submit", {"pk": draft}),
                ("awards:jury_add", {"year": year}),
                ("awards:assign", {"year": year}),
                ("awards:open_deliberation", {"year": year}),
                ("awards:publish", {"year": year}),
                ("awards:letters", {"year": year}),
            )
        ],
        Case("awards:auto_assign", {"year": year}, staff_post, method="POST", data={}),
    ]
