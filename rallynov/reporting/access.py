"""Expected answers per role for the reporting URLs (permission matrix, see core.access)."""

from rallynov.core.access import NOT_FOUND, OK, ROLES, Case, admin_team


def cases(ctx):
    from rallynov.reporting.models import ReportEdition

    programme = ctx["programme"]
    published, _ = ReportEdition.objects.get_or_create(
        programme=programme, year=2014, defaults={"is_published": True}
    )
    ReportEdition.objects.get_or_create(programme=programme, year=2015, defaults={"is_published": False})
    unpublished = dict.fromkeys(ROLES, NOT_FOUND)
    unpublished.update(team_member=OK, superuser=OK)
    return [
        Case.public("reporting:figures"),
        Case.public("reporting:report", year=2014),
        Case("reporting:report", {"year": 2015}, unpublished),
        Case("reporting:report_pdf", {"year": 2015}, unpublished),
        Case.staff_only("reporting:dashboard"),
        Case.staff_only("reporting:indicators"),
        Case.staff_only("reporting:indicators_export"),
        admin_team("reporting_generate_report", pk=published.pk),
    ]
