import datetime

import pytest
from django.utils import timezone
from scipy import stats

from rallynov.studies import analysis, charts, tallies
from rallynov.studies.analysis import Filters

pytestmark = pytest.mark.django_db


def _results(survey, filters=None):
    questionnaire = survey.versions.get().questionnaire
    return {r.question.code: r for r in analysis.survey_results(survey, questionnaire, filters)}


def test_frequencies_and_percentages(survey, answer):
    answer(first={"formule": "longue", "heures": 35})
    answer(first={"formule": "longue", "heures": 39})
    answer(first={"formule": "reduite", "heures": 32})
    answer(first={"formule": "longue"}, category="dirigeant")

    result = _results(survey)["formule"]

    assert result.answered == 4
    assert [(r.code, r.count, r.percent) for r in result.rows] == [("longue", 3, 75.0), ("reduite", 1, 25.0)]


def test_in_progress_responses_do_not_count(survey, answer):
    from rallynov.studies import domain

    answer()
    draft = domain.start_response(survey=survey)
    domain.save_page(response=draft, page_index=0, values={"formule": "reduite"})
    assert [(r.code, r.count) for r in _results(survey)["formule"].rows] == [("longue", 1), ("reduite", 0)]


def test_number_statistics(survey, answer):
    for hours in (30, 35, 35, 40):
        answer(first={"formule": "longue", "heures": hours})
    result = _results(survey)["heures"]
    assert result.stats["n"] == 4
    assert result.stats["mean"] == 35
    assert result.stats["median"] == 35
    assert result.stats["sd"] == pytest.approx(4.0825, abs=1e-4)
    assert (result.stats["min"], result.stats["max"]) == (30, 40)


def test_likert_statistics_and_median_of_even_count(survey, answer):
    for value in (2, 4, 5, 5):
        answer(second={"satisfaction": value})
    result = _results(survey)["satisfaction"]
    assert [r.count for r in result.rows] == [0, 1, 0, 1, 2]
    assert result.stats["mean"] == 4
    assert result.stats["median"] == 4.5


def test_multiple_choice_percentages_are_of_respondents(survey, answer):
    answer(second={"motivations": ["equilibre", "fatigue"]})
    answer(second={"motivations": ["equilibre"]})
    result = _results(survey)["motivations"]
    assert [(r.code, r.count, r.percent) for r in result.rows] == [
        ("equilibre", 2, 100.0), ("recrutement", 0, 0.0), ("fatigue", 1, 50.0)]


def test_matrix_and_ranking_results(survey, answer):
    answer(second={"effets": {"qualite": 4, "ambiance": 5}, "benefices": ["sante", "temps"]})
    answer(second={"effets": {"qualite": 2}, "benefices": ["sante", "temps"]})
    results = _results(survey)
    qualite = results["effets"].items[0]
    assert [r.count for r in qualite["rows"]] == [0, 1, 0, 1, 0]
    assert qualite["stats"]["mean"] == 3
    assert [(r["code"], r["mean_rank"], r["first"]) for r in results["benefices"].ranking] == [
        ("sante", 1.0, 2), ("temps", 2.0, 0)]


def test_filter_by_category_and_date(survey, answer):
    from rallynov.studies.models import Answer, Response

    answer(category="salarie", first={"formule": "longue"})
    old = answer(category="dirigeant", first={"formule": "reduite"})
    moment = old.completed_at - datetime.timedelta(days=30)
    Response.objects.filter(pk=old.pk).update(completed_at=moment)
    Answer.objects.filter(response=old).update(completed_at=moment)
    tallies.rebuild(survey)

    assert [r.count for r in _results(survey, Filters(category="dirigeant"))["formule"].rows] == [0, 1]
    # The day after, in Paris time as the filter reads it (not the UTC date, a day off late at night).
    recent = Filters(since=timezone.localdate(moment + datetime.timedelta(days=1)))
    assert [r.count for r in _results(survey, recent)["formule"].rows] == [1, 0]
    assert recent.apply(Response.objects.filter(survey=survey)).count() == 1


def _crosstab(survey, rows, cols, filters=None):
    questionnaire = survey.versions.get().questionnaire
    return analysis.crosstab(survey, analysis.find_variable(survey, questionnaire, rows),
                             analysis.find_variable(survey, questionnaire, cols), filters)


def _question_key(survey, code):
    return survey.versions.get().questionnaire.by_code[code].key


def test_crosstab_of_category_by_question_with_chi_square(survey, answer):
    for _ in range(20):
        answer(category="salarie", first={"formule": "longue"})
    for _ in range(5):
        answer(category="salarie", first={"formule": "reduite"})
    for _ in range(6):
        answer(category="dirigeant", first={"formule": "longue"})
    for _ in range(14):
        answer(category="dirigeant", first={"formule": "reduite"})

    table = _crosstab(survey, analysis.CATEGORY, _question_key(survey, "formule"))

    assert table.counts == [[20, 5], [6, 14]]
    assert table.row_totals == [25, 20] and table.col_totals == [26, 19] and table.total == 45
    chi2, p, _, _ = stats.chi2_contingency([[20, 5], [6, 14]], correction=True)
    assert table.test["name"] == "khi-deux"
    assert table.test["p_value"] == pytest.approx(p)
    assert table.test["statistic"] == pytest.approx(chi2)
    assert table.cells()[0]["cells"][0] == {"count": 20, "row_pct": 80.0, "col_pct": 76.9}
    assert table.warnings == []


def test_crosstab_of_two_questions_uses_fisher_for_small_2x2(survey, answer):
    answer(first={"formule": "longue"}, second={"retour": "oui"})
    answer(first={"formule": "longue"}, second={"retour": "oui"})
    answer(first={"formule": "reduite"}, second={"retour": "non"})
    answer(first={"formule": "reduite"}, second={"retour": "non"})
    answer(first={"formule": "reduite"}, second={"retour": "non"})

    table = _crosstab(survey, _question_key(survey, "formule"), _question_key(survey, "retour"))

    assert table.counts == [[2, 0], [0, 3]]
    assert table.test["name"] == "test exact de Fisher"
    assert table.test["p_value"] == pytest.approx(stats.fisher_exact([[2, 0], [0, 3]])[1])
    assert table.warnings == [
        "4 effectif(s) théorique(s) sur 4 sont inférieurs à 5 : le test exact de Fisher remplace le khi-deux.",
        "Seulement 5 observations : les résultats sont fragiles.",
    ]


def test_crosstab_of_larger_sparse_table_warns_about_chi_square(survey, answer):
    for value in (1, 2, 3, 4, 5):
        answer(category="salarie", second={"satisfaction": value})
    answer(category="dirigeant", second={"satisfaction": 5})
    table = _crosstab(survey, analysis.CATEGORY, _question_key(survey, "satisfaction"))
    assert table.test["name"] == "khi-deux"
    assert "l'approximation du khi-deux n'est pas fiable" in table.warnings[0]


def test_crosstab_with_multiple_choice_warns(survey, answer):
    answer(second={"motivations": ["equilibre", "fatigue"]})
    answer(category="dirigeant", second={"motivations": ["recrutement"]})
    table = _crosstab(survey, analysis.CATEGORY, _question_key(survey, "motivations"))
    assert table.counts == [[1, 0, 1], [0, 1, 0]]
    assert table.warnings[-1].startswith("Une des questions est à choix multiples")


def test_crosstab_of_matrix_item(survey, answer):
    answer(second={"effets": {"qualite": 4}})
    key = _question_key(survey, "effets")
    table = _crosstab(survey, analysis.CATEGORY, f"{key}:qualite")
    assert table.counts == [[0, 0, 0, 1, 0], [0, 0, 0, 0, 0]]


def test_text_answers_search(survey, answer):
    answer(second={"retour": "oui", "pourquoi": "Journées trop longues"})
    answer(second={"retour": "oui", "pourquoi": "Fatigue le jeudi"})
    question = survey.versions.get().questionnaire.by_code["pourquoi"]
    found = analysis.text_answers(survey, question, search="fatigue")
    assert [a["text"] for a in found] == ["Fatigue le jeudi"]


def test_bar_chart_is_accessible_and_escapes_labels():
    svg = charts.bar_chart("Titre <b>", [("<script>", 3, 75.0)], ident="c1")
    assert 'role="img"' in svg and '<title id="c1-t">Titre &lt;b&gt;</title>' in svg
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "75 % (3)" in svg


def test_rebuilt_tallies_equal_the_running_ones(survey, answer):
    from rallynov.studies.models import Tally

    answer(first={"formule": "longue", "heures": 35}, second={"motivations": ["equilibre"], "benefices": ["sante", "temps"],
                                                            "effets": {"qualite": 4}, "satisfaction": 5})
    answer(category="dirigeant", first={"formule": "reduite", "heures": 30.5}, second={"satisfaction": 2})
    running = sorted(Tally.objects.values_list("question_key", "item", "choice", "category", "count", "total"))
    tallies.rebuild(survey)
    assert sorted(Tally.objects.values_list("question_key", "item", "choice", "category", "count", "total")) == running
    assert analysis.respondent_count(survey) == 2


def test_rebuild_command_restores_lost_totals(survey, answer):
    from django.core.management import call_command

    from rallynov.studies.models import Tally

    answer()
    Tally.objects.all().delete()
    call_command("studies_rebuild_tallies", "--survey", survey.slug, stdout=__import__("io").StringIO())
    assert analysis.respondent_count(survey) == 1


def test_crosstab_of_two_questions_keeps_only_the_filtered_category_and_dates(survey, answer):
    from rallynov.studies.models import Answer, Response

    answer(category="dirigeant", first={"formule": "longue"}, second={"retour": "oui"})
    answer(category="salarie", first={"formule": "longue"}, second={"retour": "oui"})
    old = answer(category="dirigeant", first={"formule": "reduite"}, second={"retour": "non"})
    moment = old.completed_at - datetime.timedelta(days=30)
    Response.objects.filter(pk=old.pk).update(completed_at=moment)
    Answer.objects.filter(response=old).update(completed_at=moment)
    formule, retour = _question_key(survey, "formule"), _question_key(survey, "retour")

    managers = _crosstab(survey, formule, retour, Filters(category="dirigeant"))
    recent_managers = _crosstab(survey, formule, retour, Filters(
        category="dirigeant", since=timezone.localdate(moment + datetime.timedelta(days=1)), until=timezone.localdate()))

    assert managers.counts == [[1, 0], [0, 1]]
    assert recent_managers.counts == [[1, 0], [0, 0]]


def test_bar_chart_labels_wrap_and_are_never_cut():
    label = "Mieux concilier vie professionnelle et vie personnelle"
    svg = str(charts.bar_chart("Titre", [(label, 3, 75.0)], ident="c2"))
    legend = str(charts.stacked_chart("Titre", [(label, [100.0])], [label], ident="c3"))

    for markup in (svg, legend):
        assert "…" not in markup
        words = " ".join(span.split(">", 1)[1].split("<", 1)[0] for span in markup.split("<tspan")[1:])
        assert label in words
