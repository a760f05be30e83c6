"""Studies in a real browser: answering a survey on a phone (page by page, resumed), the team's
analysis and cross-tab, the public pages and the generated Carnet PDF. Screenshots go to
test-artifacts/ to be looked at."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def survey_setup(home_page, programme):
    from rallynov.studies import domain
    from rallynov.studies.models import RespondentCategory, Study, Survey
    from rallynov.studies.tests.conftest import QUESTIONS

    study = Study.objects.create(programme=programme, title="La semaine de 4 jours", slug="s4j",
                                 question="Quels enseignements tirer de la semaine de 4 jours ?",
                                 starts_on=datetime.date(2023, 3, 1))
    survey = Survey(programme=programme, study=study, title="Enquête sur la semaine de 4 jours", slug="enquete",
                    opens_at=timezone.now() - datetime.timedelta(days=1),
                    consent_text="Vos réponses sont anonymes et servent uniquement à l'étude.")
    survey.questions = QUESTIONS
    survey.save()
    RespondentCategory.objects.create(survey=survey, label="Salarié·e", code="salarie", sort_order=0)
    RespondentCategory.objects.create(survey=survey, label="Dirigeant·e", code="dirigeant", sort_order=1)
    domain.ensure_current_version(survey=survey)
    return study, survey


def _send(survey, category, formule, retour):
    from rallynov.studies import domain

    response = domain.start_response(survey=survey, category=category)
    domain.save_page(response=response, page_index=0, values={"formule": formule, "heures": 35})
    domain.save_page(response=response, page_index=1, values={"retour": retour, "satisfaction": 4,
                                                              "motivations": ["equilibre"]})
    domain.submit_response(response=response)


def test_survey_answered_on_a_phone_page_by_page_and_resumed(live_server, browser, survey_setup, assert_accessible,
                                                             artifacts_dir):
    _, survey = survey_setup
    context = browser.new_context(locale="fr-FR", viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/enquetes/{survey.slug}/")
    assert_accessible(page)
    page.get_by_role("button", name="Commencer").click()  # nothing chosen: French errors, nothing lost
    assert page.locator("#id_category-error").inner_text().strip() == "Indiquez en tant que quoi vous répondez."
    # The error summary has the focus and links to the first choice of the question.
    # (waited for: the summary's script is deferred and may run after the click returns)
    page.locator("[data-error-summary]:focus a[href='#id_category_0']").wait_for(timeout=5000)
    expect(page.locator(".errorlist", has_text="Vous devez accepter pour commencer l'enquête.")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / "studies-start-errors-phone.png", full_page=True)
    page.check("text=Dirigeant·e")
    page.check("input[name=consent]")
    page.get_by_role("button", name="Commencer").click()

    expect(page.locator(".progress-text")).to_have_text("Page 1 sur 2")
    page.check("text=Journées longues")
    page.fill("input[name=heures]", "75")
    page.click("button[value=next]")
    # The form is sent to the address it came from: wait for the answer, not the page still shown.
    expect(page.locator(".errorlist", has_text="La valeur doit être au plus 60 heures.")).to_be_visible()
    assert page.input_value("input[name=heures]") == "75"
    assert page.is_checked("input[name=formule][value=longue]")
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / "studies-page-error-phone.png", full_page=True)
    page.fill("input[name=heures]", "36")
    page.click("button[value=next]")
    expect(page.locator(".progress-text")).to_have_text("Page 2 sur 2")

    # The conditional question appears only when "Oui" is chosen (JavaScript), and is written out otherwise.
    assert not page.locator("#q-pourquoi").is_visible()
    page.check("input[name=retour][value=oui]")
    expect(page.locator("#q-pourquoi")).to_be_visible()
    page.fill("textarea[name=pourquoi]", "Les journées sont longues")
    page.check("input[name=satisfaction][value='4']")
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / "studies-page2-phone.png", full_page=True)
    page.click("button[value=save]")
    expect(page.locator(".resume a")).to_be_visible()
    resume_url = page.locator(".resume a").get_attribute("href")
    context.close()

    # Another day, another browser: the link brings the answers back.
    context = browser.new_context(locale="fr-FR", viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(resume_url)
    assert page.locator(".progress-text").inner_text() == "Page 2 sur 2"
    assert page.input_value("textarea[name=pourquoi]") == "Les journées sont longues"
    assert page.is_checked("input[name=satisfaction][value='4']")
    page.click("button[value=next]")
    expect(page.locator("h1")).to_have_text("Merci pour votre participation")
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / "studies-thanks-phone.png", full_page=True)
    context.close()

    from rallynov.studies.domain import response_values
    from rallynov.studies.models import Response

    sent = Response.objects.get()
    assert sent.category == "dirigeant" and sent.completed_at is not None
    assert response_values(sent) == {"formule": "longue", "heures": 36.0, "satisfaction": 4, "retour": "oui",
                                     "pourquoi": "Les journées sont longues"}


def _login(live_server, page, user):
    # The shared `login` fixture clicks the first submit button of the page, which is the language
    # switcher; submitting the password field with Enter reaches the login form itself.
    page.goto(f"{live_server.url}/comptes/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", "motdepasse-solide-1")
    page.press("input[name=password]", "Enter")
    page.wait_for_load_state()


def test_team_sees_analysis_and_cross_tab(live_server, page, survey_setup, team_member, assert_accessible,
                                          artifacts_dir):
    _, survey = survey_setup
    for category, formule, retour, n in [("salarie", "longue", "non", 9), ("salarie", "reduite", "oui", 2),
                                         ("dirigeant", "longue", "non", 2), ("dirigeant", "reduite", "oui", 5)]:
        for _ in range(n):
            _send(survey, category, formule, retour)
    _login(live_server, page, team_member)
    page.goto(f"{live_server.url}/enquetes/{survey.slug}/analyse/")
    assert page.locator("h1").inner_text() == "Analyse : Enquête sur la semaine de 4 jours"
    assert page.locator("text=18 réponses envoyées").is_visible()
    assert page.locator("svg[role=img]").count() >= 4
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / "studies-analysis.png", full_page=True)

    page.get_by_role("link", name="Tableau croisé").click()
    page.select_option("#lignes", "categorie")
    page.select_option("#colonnes", label="Q1. Quelle formule ?")
    page.get_by_role("button", name="Croiser").click()
    page.wait_for_selector("table.crosstab")
    assert page.locator(".test-result").inner_text().startswith("Test exact de Fisher")
    cells = page.locator("table.crosstab tbody tr").first.locator("td").all_inner_texts()
    assert cells[0].startswith("9") and cells[-1] == "11"
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / "studies-crosstab.png", full_page=True)
    assert page.console_errors == []


def test_public_pages_and_carnet_pdf(live_server, page, survey_setup, programme, assert_accessible, artifacts_dir):
    from rallynov.studies.models import Finding, Publication
    from rallynov.studies.pdf import carnet_png_pages

    study, survey = survey_setup
    for category, formule in [("salarie", "longue"), ("dirigeant", "reduite"), ("salarie", "longue")]:
        _send(survey, category, formule, "non")
    Finding.objects.create(study=study, title="Une formule dominante", text="Les journées longues dominent.",
                           survey=survey, question_code="formule", sort_order=0)
    carnet = Publication.objects.create(programme=programme, kind="carnet", slug="carnet-s4j",
                                        title="Carnet de l'IS — La semaine de 4 jours", summary="Les enseignements.",
                                        generate_from_study=True, published_on=datetime.date(2024, 3, 1))
    carnet.studies.set([study])

    page.goto(f"{live_server.url}/etudes/")
    assert page.locator("h1").inner_text() == "Études et publications"
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / "studies-index.png", full_page=True)
    page.click("text=Carnet de l'IS — La semaine de 4 jours")
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.evaluate("() => { const a = document.querySelector('a[href$=\"carnet.pdf\"]'); a.setAttribute('download', ''); a.click(); }")
    path = artifacts_dir / "studies-carnet.pdf"
    download_info.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    pages = carnet_png_pages(carnet, ppi=50)
    for number, png in enumerate(pages, start=1):
        (artifacts_dir / f"studies-carnet-page{number}.png").write_bytes(png)
    assert len(pages) >= 2

    page.goto(f"{live_server.url}/etudes/{study.slug}/")
    assert page.locator("text=Une formule dominante").is_visible()
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / "studies-study.png", full_page=True)


def test_team_adds_and_sends_invitations(live_server, page, survey_setup, team_member, assert_accessible,
                                         artifacts_dir):
    from django.core import mail

    from rallynov.studies.models import Invitation

    _, survey = survey_setup
    _login(live_server, page, team_member)
    page.goto(f"{live_server.url}/enquetes/{survey.slug}/invitations/")
    assert page.locator("h1").inner_text() == "Invitations : Enquête sur la semaine de 4 jours"
    page.get_by_label("Personnes à inviter").fill("Claire Martin ; claire@exemple.fr ; dirigeant\nPaul ; paul@")
    page.get_by_role("button", name="Ajouter les invitations").click()
    assert page.locator(".errorlist").inner_text().startswith("Ligne 2 : « paul@ » n'est pas une adresse e-mail valide.")
    assert_accessible(page)
    page.get_by_label("Personnes à inviter").fill("Claire Martin ; claire@exemple.fr ; dirigeant")
    page.get_by_role("button", name="Ajouter les invitations").click()
    page.get_by_role("button", name="Envoyer l'invitation non envoyée (1)").click()
    expect(page.locator("text=1 invitation envoyée par e-mail.")).to_be_visible()
    invitation = Invitation.objects.get()
    assert invitation.sent_count == 1
    assert [m.to for m in mail.outbox] == [["claire@exemple.fr"]]
    assert invitation.token in mail.outbox[0].body
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / "studies-invitations.png", full_page=True)
    assert page.console_errors == []
