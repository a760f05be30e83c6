import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from rallynov.studies import domain
from rallynov.studies.models import ExportJob, Interview, Invitation, Publication, Quote, Response

pytestmark = pytest.mark.django_db


def _start(client, survey, category="salarie"):
    response = client.post(reverse("studies:survey_start", args=[survey.slug]), {"category": category})
    assert response.status_code == 302
    return Response.objects.get(survey=survey)


def test_it_answers_page_by_page_and_sends(client, survey):
    resp = _start(client, survey)
    page1 = reverse("studies:answer", args=[resp.token, 1])
    assert client.post(page1, {"formule": "longue", "heures": "35", "action": "next"})["Location"] == reverse(
        "studies:answer", args=[resp.token, 2])
    page2 = reverse("studies:answer", args=[resp.token, 2])
    result = client.post(page2, {"satisfaction": "4", "retour": "oui", "pourquoi": "Trop long",
                                 "effets__qualite": "5", "benefices__temps": "1", "benefices__sante": "2",
                                 "motivations": ["equilibre"], "depuis": "2022-01-10", "action": "next"})
    assert result["Location"] == reverse("studies:thanks", args=[resp.token])
    resp.refresh_from_db()
    assert resp.category == "salarie" and resp.completed_at is not None
    assert domain.response_values(resp) == {
        "formule": "longue", "heures": 35.0, "motivations": ["equilibre"], "satisfaction": 4, "retour": "oui",
        "pourquoi": "Trop long", "effets": {"qualite": 5}, "benefices": ["temps", "sante"],
        "depuis": datetime.date(2022, 1, 10)}


def test_it_requires_a_category_on_the_public_link(client, survey):
    page = client.post(reverse("studies:survey_start", args=[survey.slug]), {})
    assert page.status_code == 200
    assert "Indiquez en tant que quoi vous répondez." in page.content.decode()
    assert Response.objects.count() == 0


def test_it_requires_consent_when_there_is_a_consent_text(client, make_survey):
    survey = make_survey(slug="avec-consentement", consent_text="Vos réponses sont anonymes.")
    page = client.post(reverse("studies:survey_start", args=[survey.slug]), {"category": "salarie"})
    assert "Vous devez accepter pour commencer l&#x27;enquête." in page.content.decode()
    client.post(reverse("studies:survey_start", args=[survey.slug]), {"category": "salarie", "consent": "on"})
    assert Response.objects.get().consent_at is not None


def test_it_refuses_out_of_bounds_numbers_and_keeps_what_was_typed(client, survey):
    resp = _start(client, survey)
    page = client.post(reverse("studies:answer", args=[resp.token, 1]),
                       {"formule": "reduite", "heures": "75", "action": "next"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "La valeur doit être au plus 60 heures." in html
    assert 'value="75"' in html and 'value="reduite" id="id_formule_1" checked' in html
    assert 'aria-invalid="true"' in html


def test_it_refuses_too_many_choices(client, survey):
    resp = _start(client, survey)
    page = client.post(reverse("studies:answer", args=[resp.token, 2]),
                       {"motivations": ["equilibre", "recrutement", "fatigue"], "action": "save"})
    assert "Choisissez au plus 2 réponses (vous en avez coché 3)." in page.content.decode()


def test_it_requires_required_questions_only_when_going_forward(client, survey):
    resp = _start(client, survey)
    url = reverse("studies:answer", args=[resp.token, 1])
    page = client.post(url, {"heures": "35", "action": "next"})
    assert "Cette question est obligatoire." in page.content.decode()
    saved = client.post(url, {"heures": "35", "action": "save"})
    assert saved.status_code == 302
    assert domain.response_values(resp) == {"heures": 35.0}


def test_it_resumes_where_the_respondent_stopped(client, survey):
    resp = _start(client, survey)
    client.post(reverse("studies:answer", args=[resp.token, 1]), {"formule": "longue", "action": "next"})
    assert client.get(reverse("studies:resume", args=[resp.token]))["Location"] == reverse(
        "studies:answer", args=[resp.token, 2])
    page = client.get(reverse("studies:answer", args=[resp.token, 1]))
    assert 'value="longue" id="id_formule_0" checked' in page.content.decode()


def test_it_shows_a_french_message_for_a_closed_survey(client, make_survey):
    survey = make_survey(slug="close", closes_at=timezone.now() - datetime.timedelta(days=2))
    page = client.get(reverse("studies:survey_start", args=[survey.slug]))
    assert "Cette enquête est close depuis le" in page.content.decode()


def test_it_keeps_typed_answers_when_the_survey_closes_meanwhile(client, survey):
    resp = _start(client, survey)
    survey.closes_at = timezone.now() - datetime.timedelta(seconds=1)
    survey.save()
    page = client.post(reverse("studies:answer", args=[resp.token, 1]), {"formule": "longue", "heures": "41",
                                                                        "action": "next"})
    html = page.content.decode()
    assert "Cette enquête est close depuis le" in html and 'value="41"' in html


def test_it_refuses_a_reused_invitation(client, survey):
    invitation = Invitation.objects.create(survey=survey, category="dirigeant")
    client.post(reverse("studies:invitation", args=[invitation.token]), {})
    resp = Response.objects.get(invitation=invitation)
    assert resp.category == "dirigeant"
    client.post(reverse("studies:answer", args=[resp.token, 1]), {"formule": "longue", "action": "next"})
    client.post(reverse("studies:answer", args=[resp.token, 2]), {"action": "next"})
    page = client.get(reverse("studies:invitation", args=[invitation.token]))
    assert "Cette invitation a déjà servi" in page.content.decode()
    assert Response.objects.filter(invitation=invitation).count() == 1


def test_it_sends_missing_required_answers_back_to_their_page(client, survey):
    resp = _start(client, survey)
    page = client.post(reverse("studies:answer", args=[resp.token, 2]), {"action": "next"})
    assert page["Location"] == reverse("studies:answer", args=[resp.token, 1])
    assert Response.objects.get(pk=resp.pk).completed_at is None


@pytest.mark.parametrize("url_name", ["studies:analysis", "studies:crosstab"])
def test_analysis_is_for_the_team_only(client, survey, team_member, applicant, url_name):
    url = reverse(url_name, args=[survey.slug])
    assert client.get(url)["Location"].startswith("/comptes/login/")
    client.force_login(applicant)
    assert client.get(url).status_code == 403
    client.force_login(team_member)
    assert client.get(url).status_code == 200


def test_analysis_page_shows_counts_chart_and_table(client, survey, answer, team_member):
    answer(first={"formule": "longue", "heures": 35})
    answer(first={"formule": "reduite", "heures": 30}, category="dirigeant")
    client.force_login(team_member)
    html = client.get(reverse("studies:analysis", args=[survey.slug])).content.decode()
    assert "2 réponses envoyées" in html
    assert 'role="img"' in html and "50 % (1)" in html
    assert '<th scope="row">Journées longues</th><td class="num">1</td><td class="num">50,0</td>' in html


def test_published_results_are_public_without_free_text(client, make_survey, answer):
    survey = make_survey(slug="publique", results_public=True)
    answer(target=survey, second={"retour": "oui", "pourquoi": "Un avis personnel"})
    html = client.get(reverse("studies:results", args=[survey.slug])).content.decode()
    assert "Réponses libres : non publiées." in html
    assert "Un avis personnel" not in html


def test_crosstab_page_shows_test_and_percentages(client, survey, answer, team_member):
    answer(first={"formule": "longue"})
    answer(first={"formule": "reduite"}, category="dirigeant")
    key = survey.versions.get().questionnaire.by_code["formule"].key
    client.force_login(team_member)
    html = client.get(reverse("studies:crosstab", args=[survey.slug]), {"lignes": "categorie", "colonnes": key}).content.decode()
    assert "Test exact de Fisher" in html
    assert "100,0 % ligne" in html


def test_crosstab_page_refuses_the_same_variable_twice(client, survey, team_member):
    client.force_login(team_member)
    html = client.get(reverse("studies:crosstab", args=[survey.slug]), {"lignes": "categorie",
                                                                         "colonnes": "categorie"}).content.decode()
    assert "Choisissez deux variables différentes." in html


def test_free_text_is_escaped_and_searchable(client, survey, answer, team_member):
    answer(second={"retour": "oui", "pourquoi": "<script>alert(1)</script> fatigue"})
    answer(second={"retour": "oui", "pourquoi": "Autre raison"})
    client.force_login(team_member)
    html = client.get(reverse("studies:text_answers", args=[survey.slug, "pourquoi"]), {"q": "fatigue"}).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; fatigue" in html
    assert "<script>alert(1)" not in html and "Autre raison" not in html


def test_csv_export_one_row_per_response_with_formulas_neutralised(client, survey, answer, team_member):
    answer(first={"formule": "longue", "heures": 35},
           second={"motivations": ["fatigue"], "retour": "oui", "pourquoi": "=HYPERLINK(\"http://x\")"})
    client.force_login(team_member)
    job_url = client.post(reverse("studies:export", args=[survey.slug]), {"format": "csv"})["Location"]
    job = ExportJob.objects.get()
    assert job_url == reverse("studies:export_status", args=[job.pk]) and job.status == "done"
    download = client.get(reverse("studies:export_download", args=[job.pk]))
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig")), delimiter=";"))
    header = rows[0]
    assert header[:6] == ["réponse", "version", "catégorie", "envoyée le", "Q1. Quelle formule ?",
                          "Q2. Heures par semaine"]
    assert "Q3. Motivations ? [Fatigue]" in header
    line = dict(zip(header, rows[1], strict=True))
    assert line["catégorie"] == "Salarié·e"
    assert line["Q1. Quelle formule ?"] == "Journées longues"
    assert line["Q2. Heures par semaine"] == "35"
    assert line["Q3. Motivations ? [Fatigue]"] == "1" and line["Q3. Motivations ? [Équilibre]"] == "0"
    assert line["Q6. Pourquoi ?"] == "'=HYPERLINK(\"http://x\")"
    assert len(rows) == 2


def test_xlsx_export_with_codes(client, survey, answer, team_member):
    answer(first={"formule": "reduite", "heures": 32}, second={"satisfaction": 5, "benefices": ["sante", "temps"]})
    client.force_login(team_member)
    client.post(reverse("studies:export", args=[survey.slug]), {"format": "xlsx", "codes": "1"})
    download = client.get(reverse("studies:export_download", args=[ExportJob.objects.get().pk]))
    sheet = load_workbook(io.BytesIO(download.content)).active
    header, values = [c.value for c in sheet[1]], [c.value for c in sheet[2]]
    line = dict(zip(header, values, strict=True))
    assert line["catégorie"] == "salarie" and line["formule"] == "reduite" and line["satisfaction"] == 5
    assert line["benefices [rang : sante]"] == 1 and line["benefices [rang : temps]"] == 2


def test_unknown_export_format_is_refused_in_french(client, survey, team_member):
    client.force_login(team_member)
    page = client.post(reverse("studies:export", args=[survey.slug]), {"format": "pdf"}, follow=True)
    assert "Format d&#x27;export inconnu : choisissez CSV ou XLSX." in page.content.decode()
    assert ExportJob.objects.count() == 0


def test_questionnaire_pdf(client, survey, team_member):
    client.force_login(team_member)
    response = client.get(reverse("studies:questionnaire_pdf", args=[survey.slug]))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")


def test_carnet_pdf_is_generated_from_the_study(client, programme, study, survey, answer):
    answer()
    publication = Publication.objects.create(programme=programme, title="Carnet", slug="carnet", summary="Résumé",
                                             generate_from_study=True, published_on=datetime.date(2024, 3, 1))
    publication.studies.set([study])
    response = client.get(reverse("studies:publication_pdf", args=["carnet"]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_draft_publication_is_hidden_from_the_public(client, programme, team_member):
    Publication.objects.create(programme=programme, title="Brouillon", slug="brouillon", summary="…")
    assert client.get(reverse("studies:publication", args=["brouillon"])).status_code == 404
    client.force_login(team_member)
    assert client.get(reverse("studies:publication", args=["brouillon"])).status_code == 200


def test_index_lists_published_publications_only(client, programme, study):
    Publication.objects.create(programme=programme, title="Carnet publié", slug="a", summary="…",
                               published_on=datetime.date(2024, 5, 1))
    Publication.objects.create(programme=programme, title="Carnet en préparation", slug="b", summary="…")
    html = client.get(reverse("studies:index")).content.decode()
    assert "Carnet publié" in html and "Carnet en préparation" not in html and "Semaine de 4 jours" in html


def _interview(study, name, notes="", quote=None):
    from rallynov.organizations.enums import OrganizationKind
    from rallynov.organizations.models import Organization

    interview = Interview(study=study, organization=Organization.objects.create(name=name, kind=OrganizationKind.COMPANY),
                          held_on=datetime.date(2023, 10, 3), notes=notes)
    if quote:
        interview.quotes = [Quote(text=quote, consent_to_quote=True)]
    interview.save()
    return interview


def test_interviews_are_searchable_without_accents(client, study, team_member):
    _interview(study, "Cogitec", notes="Organisation des équipes")
    _interview(study, "Blond Vénitien", quote="Nos clients n'ont vu aucune différence")
    client.force_login(team_member)
    html = client.get(reverse("studies:interviews"), {"q": "venitien differ"}).content.decode()
    assert "Blond Vénitien" in html and "Cogitec" not in html
    assert "1 entretien" in html


def test_interview_page_without_interviewer_account_names_who_led_it(client, study, team_member):
    interview = _interview(study, "Cogitec")
    interview.interviewer_name = "Chargée de mission, Aract"
    interview.save()
    client.force_login(team_member)

    response = client.get(reverse("studies:interview", args=[interview.pk]))

    assert response.status_code == 200
    assert "Mené par</dt><dd>Chargée de mission, Aract</dd>" in response.content.decode()


def test_interview_page_without_anyone_named_has_no_led_by_line(client, study, team_member):
    interview = _interview(study, "Cogitec")
    client.force_login(team_member)

    response = client.get(reverse("studies:interview", args=[interview.pk]))

    assert response.status_code == 200
    assert "Mené par" not in response.content.decode()


def test_interview_page_names_the_interviewer_account_when_no_name_is_typed(client, study, team_member):
    interview = _interview(study, "Cogitec")
    interview.interviewer = team_member
    interview.save()
    client.force_login(team_member)

    response = client.get(reverse("studies:interview", args=[interview.pk]))

    assert f"Mené par</dt><dd>{team_member.email}</dd>" in response.content.decode()


def test_interview_list_queries_do_not_grow(client, study, team_member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(team_member)
    client.get(reverse("studies:interviews"))  # the first request of a session writes its profile and caches
    counts = []
    for i in range(3):
        _interview(study, f"Structure {i}")
        if i in (0, 2):  # with 1 and with 3 interviews
            with CaptureQueriesContext(connection) as queries:
                assert client.get(reverse("studies:interviews")).status_code == 200
            counts.append(len(queries))
    assert counts[0] == counts[1]


def test_only_consented_quotes_reach_the_study_page(client, study):
    interview = _interview(study, "Cogitec", quote="Citée avec accord")
    Quote.objects.create(interview=interview, text="Sans accord", consent_to_quote=False)
    html = client.get(reverse("studies:study", args=[study.slug])).content.decode()
    assert "Citée avec accord" in html and "Sans accord" not in html


def test_figures_count_interviewed_structures_respondents_and_publications(programme, study, survey, answer):
    from rallynov.studies.figures import figures
    from rallynov.studies.models import Answer

    sent = [answer(), answer()]
    moment = timezone.make_aware(datetime.datetime(2023, 10, 5, 10))
    Response.objects.filter(pk__in=[r.pk for r in sent]).update(completed_at=moment)
    Answer.objects.filter(response__in=sent).update(completed_at=moment)
    first = _interview(study, "Cogitec")
    Interview.objects.create(study=study, organization=first.organization, held_on=datetime.date(2023, 11, 1))
    _interview(study, "Blond Vénitien")
    Publication.objects.create(programme=programme, title="C", slug="c", summary="…", published_on=datetime.date(2023, 6, 1))

    values = {f.key: f.value for f in figures(programme=programme, year=2023)}

    assert values == {"studies.structures_interviewed": 2, "studies.survey_respondents": 2, "studies.publications": 1}


def test_home_section_shows_the_latest_publication(rf, programme):
    from rallynov.studies.home import home_section

    Publication.objects.create(programme=programme, title="Ancien", slug="x", summary="…",
                               published_on=datetime.date(2022, 1, 1))
    Publication.objects.create(programme=programme, title="Récent", slug="y", summary="…",
                               published_on=datetime.date(2024, 1, 1))
    section = home_section(rf.get("/"))
    assert section["context"]["publication"].title == "Récent"


def test_access_matrix(client, programme, home_page, applicant, other_applicant, juror, conflicted_juror,
                       partner_editor, team_member, superuser):
    from rallynov.core.access import LOGIN, REDIRECT
    from rallynov.studies.access import cases

    users = {"anonymous": None, "applicant": applicant, "other_applicant": other_applicant, "juror": juror,
             "conflicted_juror": conflicted_juror, "partner_editor": partner_editor, "team_member": team_member,
             "superuser": superuser}
    failures = []
    for case in cases({**users, "programme": programme, "home_page": home_page}):
        url = reverse(case.url_name, kwargs=case.kwargs)
        for role, expected in case.expected.items():
            client.logout()
            if users[role]:
                client.force_login(users[role])
            response = client.post(url, case.data or {}) if case.method == "POST" else client.get(url)
            got = response.status_code
            if expected == LOGIN:
                ok = got == 302 and "/comptes/login/" in response["Location"]
            elif expected == REDIRECT:
                ok = got == 302
            else:
                ok = got == expected
            if not ok:
                failures.append(f"{case.url_name} {role}: {got} != {expected}")
    assert failures == []


def test_it_refuses_a_date_outside_bounds_in_french(client, survey):
    resp = _start(client, survey)
    page = client.post(reverse("studies:answer", args=[resp.token, 2]), {"depuis": "1999-05-01", "action": "save"})
    html = page.content.decode()
    assert "La date doit être au plus tôt le 01/01/2010." in html
    assert domain.response_values(resp) == {}


def test_it_refuses_a_scale_value_that_is_not_offered(client, survey):
    resp = _start(client, survey)
    page = client.post(reverse("studies:answer", args=[resp.token, 2]),
                       {"satisfaction": "9", "motivations": ["equilibre"], "action": "save"})
    assert "Sélectionnez un choix valide" in page.content.decode()
    assert domain.response_values(resp) == {}


def test_it_refuses_a_rank_given_twice(client, survey):
    resp = _start(client, survey)
    page = client.post(reverse("studies:answer", args=[resp.token, 2]),
                       {"benefices__temps": "1", "benefices__sante": "1", "action": "save"})
    assert "Chaque rang ne peut être donné qu&#x27;une fois." in page.content.decode()


def test_a_survey_edited_while_answering_keeps_the_respondents_version(client, survey):
    resp = _start(client, survey)
    client.post(reverse("studies:answer", args=[resp.token, 1]), {"formule": "longue", "heures": "35", "action": "next"})
    survey.questions = list(survey.questions.get_prep_value())[:3]  # the team removes the second page
    survey.save()
    assert domain.ensure_current_version(survey=survey).number == 2
    page = client.get(reverse("studies:answer", args=[resp.token, 2]))
    html = page.content.decode()
    assert "Le questionnaire a été modifié depuis que vous avez commencé" in html
    done = client.post(reverse("studies:answer", args=[resp.token, 2]), {"satisfaction": "4", "action": "next"})
    assert done["Location"] == reverse("studies:thanks", args=[resp.token])
    resp.refresh_from_db()
    assert resp.version.number == 1 and domain.response_values(resp)["satisfaction"] == 4
    assert domain.response_values(resp)["heures"] == 35.0


def test_xlsx_export_neutralises_formulas_and_keeps_html_as_plain_text(client, survey, answer, team_member):
    answer(second={"retour": "oui", "pourquoi": "=1+1"})
    answer(second={"retour": "oui", "pourquoi": "<b>gras</b> & <script>alert(1)</script>"})
    client.force_login(team_member)
    client.post(reverse("studies:export", args=[survey.slug]), {"format": "xlsx"})
    download = client.get(reverse("studies:export_download", args=[ExportJob.objects.get().pk]))
    sheet = load_workbook(io.BytesIO(download.content)).active
    header = [c.value for c in sheet[1]]
    column = header.index("Q6. Pourquoi ?")
    texts = sorted(row[column].value for row in sheet.iter_rows(min_row=2))
    assert texts == ["'=1+1", "<b>gras</b> & <script>alert(1)</script>"]
    assert all(row[column].data_type == "s" for row in sheet.iter_rows(min_row=2))
