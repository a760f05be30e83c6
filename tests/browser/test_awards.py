"""The prize in a real browser: call page, applying, scoring, deliberation; accessibility and screenshots."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def login(live_server):
    """Log in through the real form. (conftest's `login` clicks the first submit button of the
    page, which is the header's language switch; pressing Enter in the password field is exact.)"""

    def do_login(page, user, password="motdepasse-solide-1"):  # noqa: S107 - the fixtures' test password
        page.context.clear_cookies()
        page.goto(f"{live_server.url}/comptes/login/")
        page.fill("input[name=login]", user.email)
        page.fill("input[name=password]", password)
        page.press("input[name=password]", "Enter")
        page.wait_for_load_state()
        assert "/comptes/login/" not in page.url, "la connexion a échoué"

    return do_login


@pytest.fixture
def prize(programme, home_page, applicant, juror, team_member):
    from rallynov.awards import domain
    from rallynov.awards.models import Criterion, Edition, Question
    from rallynov.initiatives.models import CataloguePage, InitiativePage
    from rallynov.organizations.models import Organization

    now = timezone.now()
    edition = Edition.objects.create(
        programme=programme, year=2030, title="Prix de l'innovation sociale 2030",
        intro="Le prix distingue des initiatives socialement innovantes de la région.",
        opens_at=now - datetime.timedelta(days=5), closes_at=now + datetime.timedelta(days=12, hours=3, minutes=30),
        prize_count=2, prize_amount=Decimal(2000), score_min=0, score_max=5,
    )
    Criterion.objects.create(edition=edition, sort_order=0, name="Utilité sociale", weight=2, description="Besoin social auquel l'initiative répond.")
    Criterion.objects.create(edition=edition, sort_order=1, name="Caractère innovant", weight=1)
    Question.objects.create(edition=edition, sort_order=0, label="Quel besoin social votre initiative satisfait-elle ?", kind="long_text")
    Question.objects.create(edition=edition, sort_order=1, label="Stade de l'initiative", kind="choice", choices="Idée\nEn expérimentation\nEn fonctionnement", required=False)
    catalogue = CataloguePage.objects.first()
    if catalogue is None:
        catalogue = CataloguePage(title="Les initiatives", slug="initiatives")
        home_page.add_child(instance=catalogue)
    page = InitiativePage(title="Métalhom, l'humain au cœur de l'entreprise", programme=programme, year=2030)
    catalogue.add_child(instance=page)
    scored = domain.create_application(
        edition=edition, applicant=team_member, organization=Organization.objects.create(name="Métalhom", kind="entreprise"), initiative=page
    )
    domain.save_answers(application=scored, answers={f"q{edition.questions.first().pk}": "Intégrer et former les nouveaux salariés."}, by=team_member)
    domain.submit_application(application=scored, by=team_member)
    member = domain.add_jury_member(edition=edition, user=juror, is_president=True)
    domain.assign(member=member, application=scored, by=team_member)
    return {"edition": edition, "scored": scored}


def test_call_page_shows_the_countdown_and_is_accessible(live_server, page, prize, assert_accessible, artifacts_dir):
    page.goto(f"{live_server.url}/prix/2030/")
    assert page.locator("h1").inner_text() == "Prix de l'innovation sociale 2030"
    assert page.locator(".awards-countdown-value").inner_text().startswith("12 jours, 3 heures et 2")
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / "awards-call.png", full_page=True)
    page.goto(f"{live_server.url}/prix/")
    assert_accessible(page)
    page.goto(f"{live_server.url}/prix/laureats/")
    assert_accessible(page)
    assert page.console_errors == []


@pytest.fixture
def checked(assert_accessible):
    """Accessibility check of a page reached after a redirect with a flash message: base.html puts
    role="status" on the <ul> of messages, which axe reports (listitem); the check runs on the same
    page once the message is consumed, until base.html wraps the list in a <div role="status">."""

    def check(page):
        page.reload()
        page.wait_for_load_state()
        assert_accessible(page)

    return check


def test_applicant_creates_fills_uploads_and_submits_a_dossier(live_server, page, prize, applicant, login, assert_accessible, checked, artifacts_dir, tmp_path):
    from rallynov.awards.models import Application

    login(page, applicant)
    page.goto(f"{live_server.url}/prix/2030/candidater/")
    assert page.locator("h1").inner_text() == "Candidater : Prix de l'innovation sociale 2030", page.url
    assert_accessible(page)
    page.fill("#id_organization_name", "Les Délices Bleus")
    page.select_option("#id_organization_kind", "entreprise")
    page.fill("#id_siret", "123")
    page.fill("#id_new_title", "Restaurant inclusif")
    page.click("form.awards-apply button[type=submit]")
    expect(page.locator("#id_siret_error")).to_be_visible()
    assert page.input_value("#id_organization_name") == "Les Délices Bleus"
    page.screenshot(path=artifacts_dir / "awards-apply-error.png", full_page=True)
    assert_accessible(page)
    page.fill("#id_siret", "")
    page.click("form.awards-apply button[type=submit]")
    page.wait_for_load_state()
    application = Application.objects.get(applicant=applicant)

    question = prize["edition"].questions.first()
    page.fill(f"#id_q{question.pk}", "Trois jeunes autistes et trois encadrants en cuisine.")
    page.select_option(f"#id_q{prize['edition'].questions.last().pk}", "En fonctionnement")
    page.click("text=Enregistrer le brouillon")
    page.wait_for_load_state()
    pdf = tmp_path / "présentation.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.set_input_files("#id_file", str(pdf))
    page.click("text=Ajouter la pièce")
    page.wait_for_load_state()
    assert page.get_by_role("link", name="presentation.pdf").count() == 1
    checked(page)
    page.screenshot(path=artifacts_dir / "awards-dossier-draft.png", full_page=True)
    page.click("text=Déposer le dossier")
    page.wait_for_load_state()

    application.refresh_from_db()
    assert application.status == "submitted"
    assert page.locator(".awards-status").first.inner_text() == "Déposé"
    assert page.locator("#id_file").count() == 0
    page.screenshot(path=artifacts_dir / "awards-dossier-submitted.png", full_page=True)


def test_juror_scores_and_staff_deliberates(live_server, page, prize, juror, team_member, login, assert_accessible, checked, artifacts_dir):
    from rallynov.awards import domain
    from rallynov.awards.models import Assignment

    login(page, juror)
    page.goto(f"{live_server.url}/prix/jury/2030/")
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / "awards-jury.png", full_page=True)
    page.get_by_role("link", name="Évaluer le dossier 2030-001").click()
    page.wait_for_load_state()
    criteria = list(prize["edition"].criteria.all())
    page.fill(f"#id_score_{criteria[0].pk}", "9")
    page.fill(f"#id_score_{criteria[1].pk}", "4")
    page.click("text=Terminer l'évaluation")
    page.wait_for_load_state()
    assert page.locator(f"#id_score_{criteria[0].pk}_error").inner_text() == "La note doit être comprise entre 0 et 5."
    assert page.input_value(f"#id_score_{criteria[1].pk}") == "4"
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / "awards-review-error.png", full_page=True)
    page.fill(f"#id_score_{criteria[0].pk}", "5")
    page.select_option("#id_recommendation", "laureate")
    page.click("text=Terminer l'évaluation")
    page.wait_for_load_state()
    assert Assignment.objects.get().weighted_score == pytest.approx(14 / 3)

    domain.open_deliberation(edition=prize["edition"], by=team_member)
    page.goto(f"{live_server.url}/prix/gestion/2030/deliberation/")
    page.fill(f"#motive-{prize['scored'].pk}", "Humain au cœur de l'entreprise.")
    page.click("text=Enregistrer")
    page.wait_for_load_state()
    checked(page)
    page.screenshot(path=artifacts_dir / "awards-deliberation.png", full_page=True)
    assert prize["scored"].__class__.objects.get(pk=prize["scored"].pk).decision.outcome == "laureate"

    login(page, team_member)
    page.goto(f"{live_server.url}/prix/gestion/2030/")
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / "awards-manage.png", full_page=True)
    page.goto(f"{live_server.url}/prix/dossiers/{prize['scored'].pk}/")
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / "awards-instruction.png", full_page=True)


def test_conflicted_president_never_sees_the_dossier_and_the_vice_president_decides_it(
    live_server, page, prize, juror, conflicted_juror, team_member, login, assert_accessible, artifacts_dir
):
    from rallynov.awards import domain
    from rallynov.awards.models import Decision

    edition, scored = prize["edition"], prize["scored"]
    president = edition.jury.get(user=juror)
    vice = domain.add_jury_member(edition=edition, user=conflicted_juror)
    domain.name_vice_president(edition=edition, member=vice, by=team_member)
    domain.declare_conflict(member=president, organization=scored.organization, reason="Administratrice", by=juror)
    domain.open_deliberation(edition=edition, by=team_member)

    login(page, juror)
    page.goto(f"{live_server.url}/prix/gestion/2030/deliberation/")
    assert page.locator("tbody tr").all_inner_texts() == ["Aucun dossier évalué."]
    assert "Métalhom" not in page.content()
    assert_accessible(page)

    login(page, conflicted_juror)
    page.goto(f"{live_server.url}/prix/gestion/2030/deliberation/")
    assert page.get_by_text("Président·e en conflit d'intérêts").count() == 1
    page.fill(f"#motive-{scored.pk}", "Humain au cœur de l'entreprise.")
    page.click("text=Enregistrer")
    page.wait_for_load_state()
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / "awards-deliberation-vice-president.png", full_page=True)
    decision = Decision.objects.get(application=scored)
    assert (decision.outcome, decision.decided_by) == ("laureate", conflicted_juror)
