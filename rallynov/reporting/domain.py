"""Writes of the reporting part: generating and publishing a yearly report."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from rallynov.core import audit
from rallynov.reporting.models import ReportEdition
from rallynov.reporting.report import build_report, render_pdf


def get_or_create_edition(*, programme, year):
    edition, _ = ReportEdition.objects.get_or_create(programme=programme, year=year)
    return edition


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


@transaction.atomic
def set_report_published(*, edition, published, by):
    """Publish (or withdraw) the report page of the year. Side effect: an audit entry."""
    if edition.is_published == published:
        return edition
    edition.is_published = published
    edition.save(update_fields=["is_published", "updated_at"])
    audit.record(
        actor=by,
        action="publish_report" if published else "unpublish_report",
        obj=edition,
        changes={"is_published": [str(not published), str(published)]},
    )
    return edition
