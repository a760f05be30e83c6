"""Writes of the reporting part: generating a yearly report's PDF (it is published from the admin,
through the edition's `is_published` field)."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from rallynov.core import audit
from rallynov.reporting.report import build_report, render_pdf


@transaction.atomic
def generate_report_pdf(*, edition, by):
    """Compute the report of the edition's year now, store its PDF on the edition and return
    (pdf bytes, warnings). Side effects: replaces the stored PDF; writes an audit entry."""
    report = build_report(programme=edition.programme, year=edition.year, edition=edition)
    pdf, warnings = render_pdf(report)
    if edition.pdf:
        edition.pdf.delete(save=False)
    edition.pdf.save(f"bilan-{edition.programme.slug}-{edition.year}.pdf", ContentFile(pdf), save=False)
    edition.pdf_generated_at = timezone.now()
    edition.save(update_fields=["pdf", "pdf_generated_at", "updated_at"])
    audit.record(actor=by, action="generate_report", obj=edition, note="; ".join(warnings))
    return pdf, warnings
