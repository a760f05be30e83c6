"""Exports of a survey's answers: one row per sent response, one column per question (or per
choice, matrix item, ranked option), labels or codes. Text cells go through
rallynov.core.exports, which neutralises formulas."""

import threading
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone

from rallynov.core.exports import rows_to_csv, rows_to_xlsx
from rallynov.studies.enums import ExportFormat, ExportStatus, QuestionType
from rallynov.studies.models import Answer, ExportJob, Response

# Above this many responses the export runs in the background with a progress bar.
BACKGROUND_THRESHOLD = 2000


def columns(questionnaire, *, use_codes=False):
    """[(header, question, sub-code)] for every column after the fixed ones."""
    cols = []
    for q in questionnaire.questions:
        head = q.code if use_codes else f"Q{q.number}. {q.label}"
        if q.type == QuestionType.MULTIPLE:
            cols += [(f"{head} [{o.code if use_codes else o.label}]", q, o.code) for o in q.options]
        elif q.type == QuestionType.MATRIX:
            cols += [(f"{head} [{i.code if use_codes else i.label}]", q, i.code) for i in q.items]
        elif q.type == QuestionType.RANKING:
            cols += [(f"{head} [rang : {o.code if use_codes else o.label}]", q, o.code) for o in q.options]
        else:
            cols.append((head, q, ""))
    return cols


FIXED = ["réponse", "version", "catégorie", "envoyée le"]


def _cell(question, sub, rows, use_codes):
    kind = question.type
    if kind == QuestionType.MULTIPLE:
        return 1 if any(r[3] == sub for r in rows) else 0
    if kind == QuestionType.MATRIX:
        for r in rows:
            if r[2] == sub:
                return int(r[4]) if use_codes else question.option_label(str(int(r[4])))
        return None
    if kind == QuestionType.RANKING:
        for r in rows:
            if r[3] == sub:
                return int(r[4])
        return None
    if not rows:
        return None
    r = rows[0]
    if kind == QuestionType.SINGLE:
        return r[3] if use_codes else question.option_label(r[3])
    if kind == QuestionType.LIKERT:
        return int(r[4]) if use_codes else question.option_label(str(int(r[4])))
    if kind == QuestionType.NUMBER:
        return int(r[4]) if r[4] is not None and float(r[4]).is_integer() else r[4]
    if kind == QuestionType.DATE:
        return r[5]
    return r[6]


def iter_rows(survey, questionnaire, *, use_codes=False, progress=None, chunk=5000):
    """Yield one list per sent response, in response order; one query per chunk of responses."""
    cols = columns(questionnaire, use_codes=use_codes)
    categories = {c.code: c.label for c in survey.categories.all()}
    responses = Response.objects.filter(survey=survey, completed_at__isnull=False).order_by("pk")
    ids = list(responses.values_list("pk", flat=True))
    meta = dict((pk, (v, cat, at)) for pk, v, cat, at in responses.values_list("pk", "version__number", "category",
                                                                                "completed_at"))
    for start in range(0, len(ids), chunk):
        block = ids[start:start + chunk]
        by_response = {}
        for row in (
            Answer.objects.filter(response_id__in=block)
            .values_list("response_id", "question_key", "item", "choice", "number", "date", "text")
            .order_by("response_id", "pk")
        ):
            by_response.setdefault(row[0], {}).setdefault(row[1], []).append(row)
        for pk in block:
            version, category, at = meta[pk]
            answers = by_response.get(pk, {})
            line = [pk, version, category if use_codes else categories.get(category, category),
                    timezone.localtime(at).replace(tzinfo=None)]
            line += [_cell(q, sub, answers.get(q.key, []), use_codes) for _, q, sub in cols]
            yield line
        if progress:
            progress(min(start + chunk, len(ids)), len(ids))


def build(survey, questionnaire, *, fmt, use_codes=False, progress=None):
    header = FIXED + [head for head, _, _ in columns(questionnaire, use_codes=use_codes)]
    rows = iter_rows(survey, questionnaire, use_codes=use_codes, progress=progress)
    if fmt == ExportFormat.CSV:
        return rows_to_csv(header, ([v.isoformat(" ") if hasattr(v, "isoformat") else v for v in r] for r in rows))
    return rows_to_xlsx(header, rows, title="Réponses")


def filename(survey, fmt):
    return f"{survey.slug}-reponses-{timezone.localdate():%Y%m%d}.{fmt}"


def export_dir():
    path = Path(settings.PRIVATE_MEDIA_ROOT) / "studies" / "exports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def run_job(job_id):
    """Build the file of an ExportJob, updating its progress as chunks are written."""
    from rallynov.studies.domain import ensure_current_version

    job = ExportJob.objects.select_related("survey").get(pk=job_id)
    job.status = ExportStatus.RUNNING
    job.total = Response.objects.filter(survey=job.survey, completed_at__isnull=False).count()
    job.save(update_fields=["status", "total", "updated_at"])

    def progress(done, total):
        ExportJob.objects.filter(pk=job.pk).update(done=done, total=total)

    try:
        questionnaire = ensure_current_version(survey=job.survey).questionnaire
        content = build(job.survey, questionnaire, fmt=job.format, use_codes=job.use_codes, progress=progress)
        path = export_dir() / f"job-{job.pk}.{job.format}"
        path.write_bytes(content)
        ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.DONE, file_path=str(path), done=job.total)
    except Exception as exc:  # the job records the failure for the person waiting on it
        ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.FAILED, error=str(exc)[:1000])
        raise


def _run_in_thread(job_id):
    try:
        run_job(job_id)
    finally:
        close_old_connections()


def start_job(*, survey, fmt, use_codes, by, background=None):
    """Create an ExportJob and build it: in a thread when the survey is large (the page then
    polls its progress), at once otherwise."""
    job = ExportJob.objects.create(survey=survey, format=fmt, use_codes=use_codes, requested_by=by)
    if background is None:
        background = getattr(settings, "STUDIES_EXPORT_IN_BACKGROUND", True) and (
            Response.objects.filter(survey=survey, completed_at__isnull=False).count() > BACKGROUND_THRESHOLD
        )
    if background:
        transaction.on_commit(lambda: threading.Thread(target=_run_in_thread, args=(job.pk,), daemon=True).start())
    else:
        run_job(job.pk)
        job.refresh_from_db()
    return job
