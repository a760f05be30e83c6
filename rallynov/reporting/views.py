from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header

from rallynov.core import snapshot
from rallynov.core.decorators import team_only
from rallynov.core.queries import programme_for_request
from rallynov.events.fse.indicators import fse_indicators
from rallynov.events.fse.rules import can_read_sensitive
from rallynov.initiatives.queries import yearly as initiatives_of_year
from rallynov.reporting import charts, keyfigures, queries, rules
from rallynov.reporting.domain import generate_report_pdf
from rallynov.reporting.forms import year_from_request
from rallynov.reporting.indicators import fse_table, funders_workbook, participant_indicators
from rallynov.reporting.models import ReportEdition
from rallynov.reporting.report import build_report, kept_report, render_pdf

# The series drawn over the years on the dashboard.
TREND_KEYS = (
    "initiatives.new",
    "events.participants",
    "awards.applications",
    "site.visitors",
    "partners.count",
)


def _programme(request):
    programme = programme_for_request(request)
    if programme is None:
        raise Http404("Aucun programme n'est configuré.")
    return programme


def _year_choice(request, programme, *, stamp=None):
    years, default = queries.year_choices(programme, stamp=snapshot.data_stamp() if stamp is None else stamp)
    if default not in years:
        years = sorted({*years, default}, reverse=True)
    form, year = year_from_request(request, years=years, default=default)
    return form, year, years


def figures_page(request):
    """Public key figures of a year, each linking to the records behind it."""
    programme = _programme(request)
    stamp = snapshot.data_stamp()  # read once for the years, the figures and the report
    form, year, _years = _year_choice(request, programme, stamp=stamp)
    context = {"form": form, "year": year}
    if year is None:
        return render(request, "reporting/figures.html", context, status=400)
    figures = keyfigures.collect(programme=programme, year=year, stamp=stamp)
    edition = queries.published_edition(programme, year, stamp=stamp)
    context.update(figures=figures, edition=edition)
    return render(request, "reporting/figures.html", context)


def _change(current, previous):
    if current is None or previous is None:
        return None
    difference = current - previous
    percent = round(100 * difference / previous) if previous else None
    return {
        "difference": difference,
        "percent": percent,
        "direction": "up" if difference > 0 else "down" if difference < 0 else "same",
    }


@team_only(rules.can_view_dashboard)
def dashboard(request):
    programme = _programme(request)
    form, year, years = _year_choice(request, programme)
    context = {"form": form, "year": year}
    if year is None:
        return render(request, "reporting/dashboard.html", context, status=400)
    current = keyfigures.collect(programme=programme, year=year, fallback=False)
    previous = keyfigures.collect(programme=programme, year=year - 1, fallback=False)
    comparison = []
    for row in current:
        before = previous.get(row.key)
        before_value = before.value if before and before.available else None
        comparison.append(
            {
                "row": row,
                "previous": before_value,
                "previous_text": keyfigures.format_value(before_value, row.unit)
                if before_value is not None
                else "–",
                "change": _change(row.value if row.available else None, before_value),
            }
        )
    # Over the years: from the oldest year on offer up to the one asked for.
    span = sorted(y for y in years if y <= year)[-12:]
    by_year = {
        y: keyfigures.collect(programme=programme, year=y, fallback=False)
        for y in span
        if y not in (year, year - 1)
    }
    by_year.update({year: current, year - 1: previous})
    trends = []
    for key in TREND_KEYS:
        points = []
        for y in span:
            row = by_year[y].get(key)
            points.append((y, row.value if row and row.available else None))
        label = keyfigures.CATALOGUE_KEYS[key].label
        if all(value is None for _, value in points):
            trends.append(
                {"key": key, "label": label, "part_label": keyfigures.PARTS[key.split(".")[0]], "points": []}
            )
            continue
        trends.append({"key": key, "label": label, "points": points, "svg": charts.column_chart(points)})
    # The breakdowns of `initiatives.new`: the same rows as the figure (initiatives.queries.yearly).
    by_department = initiatives_of_year.by_department(programme, year)
    by_theme = initiatives_of_year.by_theme(programme, year)
    context.update(
        figures=current,
        comparison=comparison,
        trends=trends,
        by_department=by_department,
        by_department_svg=charts.bar_chart(by_department),
        by_theme=by_theme,
        by_theme_svg=charts.bar_chart(by_theme),
        map_points=initiatives_of_year.map_points(programme, year),
        tiles_url=settings.MAP_TILES_URL,
        tiles_attribution=settings.MAP_TILES_ATTRIBUTION,
    )
    return render(request, "reporting/dashboard.html", context)


@team_only(rules.can_view_indicators)
def indicators(request):
    programme = _programme(request)
    form, year, _years = _year_choice(request, programme)
    context = {"form": form, "year": year}
    if year is None:
        return render(request, "reporting/indicators.html", context, status=400)
    context["indicators"] = participant_indicators(programme=programme, year=year)
    context["fse"] = fse_indicators(
        programme=programme, year=year, include_sensitive=can_read_sensitive(request.user)
    )
    context["fse_table"] = fse_table(context["fse"])
    return render(request, "reporting/indicators.html", context)


@team_only(rules.can_view_indicators)
def indicators_export(request):
    programme = _programme(request)
    form, year, _years = _year_choice(request, programme)
    if year is None:
        return render(request, "reporting/indicators.html", {"form": form, "year": None}, status=400)
    data = participant_indicators(programme=programme, year=year)
    fse = fse_indicators(programme=programme, year=year, include_sensitive=can_read_sensitive(request.user))
    response = HttpResponse(
        funders_workbook(programme=programme, fse=fse, indicators=data),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="indicateurs-participants-{year}.xlsx"'
    return response


def _edition_or_404(request, programme, year):
    """The report of `year` if this person may read it; staff may preview a year without edition."""
    try:
        year = keyfigures.check_year(year)
    except ValueError:
        raise Http404("Année hors de la période couverte.") from None
    edition = (
        ReportEdition.objects.filter(programme=programme, year=year).select_related("cover_image").first()
    )
    if rules.can_manage_reports(request.user):
        return year, edition
    if not rules.can_view_report(request.user, edition):
        raise Http404("Ce bilan n'est pas publié.")
    return year, edition


def report_page(request, year):
    """The yearly report as a web page (public once published)."""
    programme = _programme(request)
    year, edition = _edition_or_404(request, programme, year)
    report = kept_report(programme=programme, year=year, edition=edition)
    context = {
        "year": year,
        "edition": edition,
        "report": report,
        "figures": [f for f in report["figures"] if f["available"] and f["value"]],
        "unavailable": [f for f in report["figures"] if not f["available"]],
        "is_preview": not (edition and edition.is_published),
    }
    return render(request, "reporting/report_page.html", context)


def report_pdf(request, year):
    """The PDF: the one staff generated when there is one, else computed now."""
    programme = _programme(request)
    year, edition = _edition_or_404(request, programme, year)
    filename = f"bilan-{programme.slug}-{year}.pdf"
    if edition and edition.is_published:
        if edition.pdf and edition.pdf.storage.exists(edition.pdf.name):
            return FileResponse(edition.pdf.open("rb"), content_type="application/pdf", filename=filename)
        # Published without a PDF yet (or its file went missing): generate it once and keep it, so
        # that the public does not recompute the report on every download.
        pdf, _warnings = generate_report_pdf(edition=edition, by=None)
    else:
        pdf, _warnings = render_pdf(build_report(programme=programme, year=year, edition=edition))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, filename)
    return response
