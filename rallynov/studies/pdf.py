"""PDFs composed with Typst: the Carnet de l'IS (from the linked studies' findings, charts and
consented quotes) and a survey's questionnaire. Text reaches Typst as JSON data, never as markup,
so nothing typed by users can inject Typst code."""

import json
import shutil
import tempfile
from pathlib import Path

import typst
from django.utils import timezone
from django.utils.formats import date_format

from rallynov.studies import analysis, charts, queries
from rallynov.studies.enums import QuestionType
from rallynov.studies.models import Response

TEMPLATES = Path(__file__).resolve().parent / "pdf"


def _compile(template, data, files=None, *, fmt="pdf", ppi=None):
    with tempfile.TemporaryDirectory(prefix="rallynov-typst-") as tmp:
        root = Path(tmp)
        shutil.copy(TEMPLATES / template, root / template)
        for name, content in (files or {}).items():
            (root / name).write_text(content, encoding="utf-8")
        extra = {"format": "png", "ppi": ppi or 50} if fmt == "png" else {}
        return typst.compile(str(root / template), root=str(root), sys_inputs={"data": json.dumps(data)}, **extra)


def _strip_html(html):
    import nh3

    text = nh3.clean(html or "", tags=set())
    return " ".join(text.split())


def _finding_chart(finding, cache):
    survey = finding.survey
    if survey is None or not finding.question_code:
        return None
    if survey.pk not in cache:
        from rallynov.studies.domain import ensure_current_version

        questionnaire = ensure_current_version(survey=survey).questionnaire
        cache[survey.pk] = {r.question.code: r for r in analysis.survey_results(survey, questionnaire)}
    result = cache[survey.pk].get(finding.question_code)
    if result is None:
        return None
    q = result.question
    if result.rows:
        rows = [(r.label, r.count, r.percent) for r in result.rows]
    elif result.items:  # a matrix: share of the two top points per item
        top = {o.code for o in q.options[-2:]}
        rows = []
        for entry in result.items:
            n = sum(r.count for r in entry["rows"])
            agree = sum(r.count for r in entry["rows"] if r.code in top)
            rows.append((entry["item"].label, agree, round(100 * agree / n, 1) if n else 0.0))
    else:
        return None
    title = f"{q.label}" + (" — part des deux réponses les plus favorables" if result.items else "")
    return {"svg": str(charts.bar_chart(title, rows, ident=f"f{finding.pk}")), "title": title, "n": result.answered,
            "rows": [{"label": label, "count": count, "percent": f"{pct:.0f} %"} for label, count, pct in rows]}


def carnet_data(publication):
    files, cache, studies = {}, {}, []
    for study in publication.studies.prefetch_related("findings", "partners"):
        respondents = Response.objects.filter(survey__study=study, completed_at__isnull=False)
        by_category = {}
        for survey in study.surveys.prefetch_related("categories"):
            for category in survey.categories.all():
                by_category[category.label] = by_category.get(category.label, 0) + respondents.filter(
                    survey=survey, category=category.code).count()
        interviewed = study.interviews.values("organization").distinct().count()
        material = [f"{respondents.count()} réponses à l'enquête"]
        if by_category:
            material[0] += " (" + ", ".join(f"{n} {label.lower()}" for label, n in by_category.items() if n) + ")"
        if interviewed:
            material.append(f"{interviewed} structures interviewées")
        findings = []
        for finding in study.findings.all():
            chart = _finding_chart(finding, cache)
            entry = {"title": finding.title, "text": finding.text, "chart": None, "chart_title": "", "n": 0, "rows": []}
            if chart:
                name = f"chart-{finding.pk}.svg"
                files[name] = chart["svg"]
                entry.update(chart=name, chart_title=chart["title"], n=chart["n"], rows=chart["rows"])
            findings.append(entry)
        period = date_format(study.starts_on, "F Y") + (f" – {date_format(study.ends_on, 'F Y')}" if study.ends_on else "")
        studies.append({
            "title": study.title, "question": study.question, "summary": study.summary, "period": period,
            "partners": ", ".join(p.name for p in study.partners.all()), "material": " ; ".join(material) + ".",
            "findings": findings,
            "quotes": [{"text": q.text, "speaker": q.speaker} for q in queries.quotable_quotes(study)],
        })
    date_label = (f"Publié le {date_format(publication.published_on, 'j F Y')}" if publication.published_on
                  else f"Brouillon du {date_format(timezone.localdate(), 'j F Y')}")
    data = {
        "title": publication.title,
        "kind": publication.get_kind_display(),
        "summary": publication.summary,
        "programme": publication.programme.name,
        "date_label": date_label,
        "studies": studies,
        "body": _strip_html(publication.body),
        "colophon": f"{publication.programme.name}. Chiffres calculés le {date_format(timezone.localdate(), 'j F Y')} "
        "à partir des réponses enregistrées ; les citations sont publiées avec l'accord de leurs auteurs.",
    }
    return data, files


def carnet_pdf(publication):
    data, files = carnet_data(publication)
    return _compile("carnet.typ", data, files)


def carnet_png_pages(publication, *, ppi=50):
    """The Carnet's pages as PNG images (previews, and checks that people look at)."""
    data, files = carnet_data(publication)
    pages = _compile("carnet.typ", data, files, fmt="png", ppi=ppi)
    return pages if isinstance(pages, list) else [pages]


def _question_data(q, questionnaire):
    hint = ""
    if q.type == QuestionType.MULTIPLE and q.max_choices:
        hint = f"{q.max_choices} choix au maximum"
    elif q.type == QuestionType.NUMBER:
        bounds = [f"min. {q.min_value:g}" if q.min_value is not None else "", f"max. {q.max_value:g}" if q.max_value is not None else ""]
        hint = " ; ".join(b for b in bounds if b) + (f" ({q.unit})" if q.unit else "")
    elif q.type == QuestionType.RANKING:
        hint = "numérotez de 1 (le plus important) à " + str(len(q.options))
    condition = ""
    if q.show_if_code and q.show_if_code in questionnaire.by_code:
        source = questionnaire.by_code[q.show_if_code]
        condition = f"si « {source.option_label(q.show_if_value)} » à la question {source.number}"
    kind = {"single_choice": "options", "multiple_choice": "options", "likert": "scale", "matrix": "scale",
            "ranking": "ranking"}.get(q.type, "text")
    return {
        "number": q.number, "label": q.label, "required": q.required, "type_label": str(q.type_label), "hint": hint,
        "condition": condition, "kind": kind, "multiple": q.type == QuestionType.MULTIPLE,
        "long": q.type == QuestionType.LONG_TEXT, "options": [o.label for o in q.options],
        "items": [i.label for i in q.items],
    }


def questionnaire_pdf(survey, version):
    questionnaire = version.questionnaire
    period = ""
    if survey.opens_at or survey.closes_at:
        start = date_format(timezone.localtime(survey.opens_at), "j F Y") if survey.opens_at else "…"
        end = date_format(timezone.localtime(survey.closes_at), "j F Y") if survey.closes_at else "…"
        period = f"du {start} au {end}"
    data = {
        "title": survey.title, "programme": survey.programme.name, "version": version.number, "period": period,
        "intro": survey.intro, "consent": survey.consent_text,
        "categories": [c.label for c in survey.categories.all()],
        "pages": [{"title": p.title, "intro": p.intro, "questions": [_question_data(q, questionnaire) for q in p.questions]}
                  for p in questionnaire.pages],
    }
    return _compile("questionnaire.typ", data)
