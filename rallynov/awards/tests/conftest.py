"""Fixtures of the prize's tests: an open edition with its grid, dossiers, a jury."""

import datetime
from decimal import Decimal

import pytest
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
