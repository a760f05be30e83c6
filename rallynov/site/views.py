import datetime

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET
from wagtail.models import Page, Site

from rallynov.core import exports
from rallynov.core.decorators import team_only
from rallynov.core.queries import programme_for_request
from rallynov.site import audience, news, queries, rules
from rallynov.site.forms import PeriodForm


def sitemap_page(request):
    """A human-readable site map (RGAA asks for two ways to reach every page)."""
    site = Site.find_for_request(request)
    root = site.root_page if site else None
    # A title and an address each: the plain page rows, not each kind's own (no page type
    # changes its address), and only the fields they need.
    pages = (
        root.get_descendants(inclusive=True).live().public().only("id", "title", "depth", "url_path")
        if root
        else Page.objects.none()
    )
    return render(request, "site/sitemap.html", {"pages": pages, "root": root})


@require_GET
def news_list(request):
    """`/actualites/`: serves the site's news index page (or redirects to it where it lives)."""
    index_page = news.kept_news_index(Site.find_for_request(request))
    if index_page is None:
        raise Http404("Aucune page d'actualités.")
    url = index_page.get_url(request)
    if url and url != request.path:
        query = request.META.get("QUERY_STRING")
        return redirect(f"{url}?{query}" if query else url)
    return index_page.serve(request)


@require_GET
def search(request):
    """Search across every public page: news, pages, initiatives, events, publications."""
    query = queries.clean_query(request.GET.get("q"))
    results, page_obj, error = [], None, ""
    if "q" in request.GET and not query:
        error = "Saisissez au moins un mot à rechercher."
    if query:
        site = Site.find_for_request(request)
        results = queries.search_pages(query, site=site)
        page_obj = Paginator(results, 20).get_page(request.GET.get("page"))
        page_obj.object_list = queries.kept_specific_pages(
            page_obj.object_list, site=site, query=query, number=page_obj.number
        )
    return render(
        request,
        "site/search.html",
        {
            "query": query,
            "results": page_obj,
            "count": len(results),
            "more": len(results) >= queries.MAX_RESULTS,
            "error": error,
        },
    )


@require_GET
@team_only(rules.can_export_newsletter)
def newsletter_export(request, fmt):
    """Contacts who agreed to receive the newsletter, as CSV or XLSX (programme team only)."""
    header = ["Prénom", "Nom", "E-mail", "Structure", "Accord donné le"]
    rows = [
        [
            person.first_name,
            person.last_name,
            person.email,
            person.organization.name if person.organization else "",
            timezone.localtime(person.newsletter_consent_at).strftime("%d/%m/%Y"),
        ]
        for person in queries.newsletter_subscribers()
    ]
    stamp = timezone.localdate().isoformat()
    if fmt == "xlsx":
        content = exports.rows_to_xlsx(header, rows, title="Lettre d'information")
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        content = exports.rows_to_csv(header, rows)
        content_type = "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="lettre-information-{stamp}.{fmt}"'
    return response


def audience_report(request):
    """Staff page in Wagtail's admin: visits, pages viewed and most-read pages over a period."""
    if not rules.can_view_audience(request.user):
        raise PermissionDenied
    programme = programme_for_request(request)
    today = timezone.localdate()
    form = PeriodForm(request.GET or None, today=today)
    start, end = form.period()
    by_month, rows = audience.series(programme=programme, start=start, end=end)
    peak = max([r[2] for r in rows] + [1])
    chart = []
    for i, (period, visitors, views) in enumerate(rows):
        height, visitors_height = round(100 * views / peak), round(100 * visitors / peak)
        chart.append(
            {
                "label": period.strftime("%m/%Y") if by_month else period.strftime("%d/%m/%Y"),
                "visitors": visitors,
                "views": views,
                "x": i * 10 + 1,
                "y": 105 - height,
                "height": height,
                "x2": i * 10 + 5,
                "y2": 105 - visitors_height,
                "visitors_height": visitors_height,
            }
        )
    return render(
        request,
        "site/admin/audience.html",
        {
            "form": form,
            "start": start,
            "end": end,
            "totals": audience.totals(programme=programme, start=start, end=end),
            "top_pages": audience.top_pages(programme=programme, start=start, end=end),
            "chart": chart,
            "chart_width": max(len(chart) * 10, 10),
            "by_month": by_month,
            "programme": programme,
            "newsletter_count": queries.newsletter_subscribers().count(),
            "years": list(
                range(today.year, audience.first_year(programme=programme, default=today.year) - 1, -1)
            ),
            "yesterday": today - datetime.timedelta(days=1),
        },
    )
