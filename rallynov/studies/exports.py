"""Exports of a survey's answers: one row per sent response, one column per question (or per
choice, matrix item, ranked option), labels or codes. Text cells go through
rallynov.core.exports, which neutralises formulas."""

import datetime
import threading
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone

from rallynov.core.exports import neutralise, rows_to_csv
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


def _extractor(question, sub, use_codes):
    """A function turning the answer rows of one question into the value of one column."""
    kind = question.type
    labels = {o.code: o.label for o in question.options}
    if kind == QuestionType.MULTIPLE:
        return lambda rows: 1 if any(r[1] == sub for r in rows) else 0
    if kind == QuestionType.MATRIX:
        def matrix(rows):
            for r in rows:
                if r[0] == sub:
                    return int(r[2]) if use_codes else labels.get(str(int(r[2])), r[2])
            return None
        return matrix
    if kind == QuestionType.RANKING:
        def ranking(rows):
            for r in rows:
                if r[1] == sub:
                    return int(r[2])
            return None
        return ranking
    if kind == QuestionType.SINGLE:
        return lambda rows: (rows[0][1] if use_codes else labels.get(rows[0][1], rows[0][1])) if rows else None
    if kind == QuestionType.LIKERT:
        return lambda rows: (int(rows[0][2]) if use_codes else labels.get(str(int(rows[0][2])))) if rows else None
    if kind == QuestionType.NUMBER:
        return lambda rows: (int(rows[0][2]) if rows[0][2] is not None and float(rows[0][2]).is_integer()
                             else rows[0][2]) if rows else None
    if kind == QuestionType.DATE:
        return lambda rows: rows[0][3] if rows else None
    return lambda rows: rows[0][4] if rows else None


def iter_rows(survey, questionnaire, *, use_codes=False, progress=None, chunk=5000):
    """Yield one list per sent response, in response order; one query per chunk of responses."""
    cols = [(q.key, _extractor(q, sub, use_codes)) for _, q, sub in columns(questionnaire, use_codes=use_codes)]
    categories = {c.code: c.label for c in survey.categories.all()}
    responses = Response.objects.filter(survey=survey, completed_at__isnull=False).order_by("pk")
    meta = list(responses.values_list("pk", "version__number", "category", "completed_at"))
    empty = ()
    for start in range(0, len(meta), chunk):
        block = meta[start:start + chunk]
        by_response = {}
        for response_id, key, *values in (
            Answer.objects.filter(survey=survey, response_id__gte=block[0][0], response_id__lte=block[-1][0],
                                  completed_at__isnull=False)
            .values_list("response_id", "question_key", "item", "choice", "number", "date", "text")
            .order_by("response_id", "pk")
            .iterator(chunk_size=20000)
        ):
            by_response.setdefault(response_id, {}).setdefault(key, []).append(values)
        for pk, version, category, at in block:
            answers = by_response.get(pk, {})
            line = [pk, version, category if use_codes else categories.get(category, category),
                    timezone.localtime(at).replace(tzinfo=None)]
            line += [extract(answers.get(key, empty)) for key, extract in cols]
            yield line
        if progress:
            progress(min(start + chunk, len(meta)), len(meta))


def _text(value):
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def build(survey, questionnaire, *, fmt, use_codes=False, progress=None):
    header = FIXED + [head for head, _, _ in columns(questionnaire, use_codes=use_codes)]
    rows = iter_rows(survey, questionnaire, use_codes=use_codes, progress=progress)
    if fmt == ExportFormat.CSV:
        return rows_to_csv(header, ([_text(v) for v in r] for r in rows))
    return xlsx_bytes(header, rows, title="Réponses")


# --- A streaming XLSX writer -------------------------------------------------------------------
# openpyxl spends about 60 µs per cell without lxml; 50,000 responses × 80 columns would take
# minutes. An XLSX sheet is plain XML in a zip: written directly it costs about 1 µs per cell.
# Text goes through rallynov.core.exports.neutralise (formulas) like every other export.

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
    'Target="styles.xml"/></Relationships>'
)
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy hh:mm"/>'
    '<numFmt numFmtId="165" formatCode="dd/mm/yyyy"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_EPOCH = datetime.datetime(1899, 12, 30)
_BAD_XML = dict.fromkeys(c for c in range(32) if c not in (9, 10, 13))


def _xml_text(value):
    from xml.sax.saxutils import escape

    return escape(str(neutralise(value)).translate(_BAD_XML))


def _cell_xml(value, style=""):
    if value is None or value == "":
        return "<c/>"
    if isinstance(value, bool):
        return f'<c t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f"<c><v>{value!r}</v></c>"
    if isinstance(value, datetime.datetime):
        serial = (value - _EPOCH).total_seconds() / 86400
        return f'<c s="1"><v>{serial:.6f}</v></c>'
    if isinstance(value, datetime.date):
        return f'<c s="2"><v>{(value - _EPOCH.date()).days}</v></c>'
    return f'<c t="inlineStr"{style}><is><t xml:space="preserve">{_xml_text(value)}</t></is></c>'


def xlsx_bytes(header, rows, *, title="Export"):
    """A one-sheet XLSX workbook (header in bold, then one row per item of `rows`)."""
    import io
    import zipfile
    from xml.sax.saxutils import quoteattr

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/styles.xml", _STYLES)
        archive.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<sheets><sheet name={quoteattr(title[:31])} sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                        b'<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" state="frozen"/>'
                        b"</sheetView></sheetViews><sheetData>")
            sheet.write(("<row>" + "".join(_cell_xml(h, ' s="3"') for h in header) + "</row>").encode())
            lines = []
            for row in rows:
                lines.append("<row>" + "".join(map(_cell_xml, row)) + "</row>")
                if len(lines) >= 1000:
                    sheet.write("".join(lines).encode())
                    lines = []
            sheet.write(("".join(lines) + "</sheetData></worksheet>").encode())
    return buffer.getvalue()


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
