"""Fixtures of the prize's tests: an open edition with its grid, dossiers, a jury."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def catalogue(home_page):
    from rallynov.initiatives.models import CataloguePage

    page = CataloguePage.objects.first()
    if page is None:
        page = CataloguePage(title="Les initiatives", slug="initiatives")
        home_page.add_child(instance=page)
    return page


@pytest.fixture
def make_initiative(catalogue, programme):
    from rallynov.initiatives.models import InitiativePage

    def make(title, *, live=True, year=2030):
        page = InitiativePage(title=title, programme=programme, year=year, live=live)
        catalogue.add_child(instance=page)
        return page

    return make


@pytest.fixture
def make_organization(db):
    from rallynov.organizations.models import Organization

    def make(name, kind="entreprise"):
        return Organization.objects.create(name=name, kind=kind)

    return make


@pytest.fixture
def edition(programme):
    from rallynov.awards.models import Criterion, Edition, Question

    now = timezone.now()
    edition = Edition.objects.create(
        programme=programme,
        year=2030,
        title="Prix de l'innovation sociale 2030",
        opens_at=now - datetime.timedelta(days=10),
        closes_at=now + datetime.timedelta(days=10),
        prize_count=2,
        prize_amount=Decimal(2000),
        mention_count=1,
        mention_amount=Decimal(500),
        score_min=0,
        score_max=5,
        reviews_per_application=2,
    )
    Criterion.objects.create(edition=edition, sort_order=0, name="Utilité sociale", weight=Decimal(2))
    Criterion.objects.create(edition=edition, sort_order=1, name="Caractère innovant", weight=Decimal(1))
    Question.objects.create(
        edition=edition, sort_order=0, label="Quel besoin ?", kind="long_text", required=True
    )
    Question.objects.create(edition=edition, sort_order=1, label="Salariés", kind="number", required=False)
    return edition


@pytest.fixture
def make_application(edition, make_initiative, make_organization):
    """make_application(applicant, "Title", submit=True) -> a dossier, answered."""
    from rallynov.awards import domain

    counter = {"n": 0}

    def make(applicant, title=None, *, organization=None, submit=True, target=None):
        counter["n"] += 1
        target = target or edition
        title = title or f"Initiative {counter['n']}"
        application = domain.create_application(
            edition=target,
            applicant=applicant,
            organization=organization or make_organization(f"Structure {counter['n']}"),
            initiative=make_initiative(title),
        )
        answers = {q.field_name: "Réponse" for q in target.questions.filter(kind="long_text")}
        domain.save_answers(application=application, answers=answers, by=applicant)
        if submit:
            domain.submit_application(application=application, by=applicant)
        application.refresh_from_db()
        return application

    return make


@pytest.fixture
def pdf_file():
    def make(name="dossier.pdf", data=PDF):
        return SimpleUploadedFile(name, data, "application/pdf")

    return make


# --- The hall of the conflict tests ---------------------------------------------------------------
# Two submitted dossiers, "Dossier Caché" (structure "Fromagerie du Conflit") and "Dossier Visible"
# (structure "Atelier Libre"). The jury president was assigned both, then turned out to work for the
# Fromagerie: in conflict with the hidden dossier without declaring anything. Two other members
# scored both; one of them is the edition's vice-president.

HIDDEN_TITLE = "Dossier Caché"
HIDDEN_ORG = "Fromagerie du Conflit"


def _finish(member, application, values, user):
    from rallynov.awards import domain
    from rallynov.awards.models import Assignment

    assignment = Assignment.objects.get(member=member, application=application)
    criteria = list(application.edition.criteria.all())
    domain.save_review(
        assignment=assignment,
        scores={c.pk: (v, "") for c, v in zip(criteria, values, strict=True)},
        recommendation="laureate",
        finish=True,
        by=user,
    )


@pytest.fixture
def hall(
    edition, make_user, applicant, other_applicant, make_application, make_organization, pdf_file, team_member
):
    from rallynov.accounts import roles
    from rallynov.awards import domain
    from rallynov.organizations.models import Person

    hidden_org = make_organization(HIDDEN_ORG)
    open_org = make_organization("Atelier Libre")
    hidden = make_application(applicant, HIDDEN_TITLE, organization=hidden_org, submit=False)
    attachment = domain.add_attachment(application=hidden, uploaded=pdf_file(), by=applicant)
    domain.submit_application(application=hidden, by=applicant)
    visible = make_application(other_applicant, "Dossier Visible", organization=open_org)
    president_user = make_user("presidente@example.org", roles.JUROR)
    president = domain.add_jury_member(edition=edition, user=president_user, is_president=True)
    second = domain.add_jury_member(edition=edition, user=make_user("second@example.org", roles.JUROR))
    vice = domain.add_jury_member(edition=edition, user=make_user("vice@example.org", roles.JUROR))
    domain.name_vice_president(edition=edition, member=vice, by=team_member)
    for member in (president, second, vice):
        for application in (hidden, visible):
            domain.assign(member=member, application=application, by=team_member)
    _finish(second, hidden, [5, 5], second.user)
    _finish(second, visible, [3, 3], second.user)
    _finish(vice, hidden, [4, 4], vice.user)
    _finish(vice, visible, [2, 2], vice.user)
    # Found out after the assignments: the president works for the hidden dossier's structure.
    Person.objects.create(last_name="Présidente", user=president_user, organization=hidden_org)
    edition.refresh_from_db()
    hidden.refresh_from_db()
    visible.refresh_from_db()
    mail.outbox.clear()
    return SimpleNamespace(
        edition=edition,
        hidden=hidden,
        visible=visible,
        hidden_org=hidden_org,
        open_org=open_org,
        attachment=attachment,
        president=president,
        second=second,
        vice=vice,
        team_member=team_member,
    )


@pytest.fixture
def deliberating(hall):
    from rallynov.awards import domain

    domain.open_deliberation(edition=hall.edition, by=hall.team_member)
    hall.edition.refresh_from_db()
    return hall
