import functools
import json
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_ratelimit.decorators import ratelimit
from wagtail.models import Site

from rallynov.core.queries import national_site_for_request, programme_for_request
from rallynov.core.views import ratelimited
from rallynov.initiatives import pdf
from rallynov.initiatives.domain import submit_initiative
from rallynov.initiatives.forms import SubmissionForm
from rallynov.initiatives.interchange.export import export_csv, export_geojson, export_xlsx
from rallynov.initiatives.models import CatalogueEntry, InitiativePage
from rallynov.initiatives.national import (
    catalogue_programme,
    link_to_regions,
    national_page,
    regional_submission_links,
)
from rallynov.initiatives.queries.cards import initiatives_in_order
from rallynov.initiatives.queries.catalogue import Catalogue, catalogue_page
from rallynov.initiatives.queries.filters import SORTS, CatalogueFilters, parse_page
from rallynov.initiatives.queries.maps import department_counts, kept_geojson_bytes
from rallynov.initiatives.queries.results import search

DEPARTMENTS_FILE = Path(__file__).resolve().parent / "data" / "departements.geojson"


def _filters(request):
    return CatalogueFilters.from_params(request.GET)


@require_GET
def catalogue(request):
    """The catalogue: search, facets, list and map. HTMX requests get only the results region.
    On the national host, every programme's initiatives, each linking to its region's site."""
    programme = catalogue_programme(request)
    filters = _filters(request)
    results = search(programme=programme, filters=filters, page=parse_page(request.GET.get("page")))
    if programme is None:
        link_to_regions(results.initiatives)
    if programme:
        page_of = functools.partial(catalogue_page, programme, site=Site.find_for_request(request))
    else:
        page_of = functools.partial(national_page, request)
    context = {
        # Lazy: read only if the template shows the page (not for the HTMX results).
        "page": SimpleLazyObject(page_of),
        "results": results,
        "filters": filters,
        "sorts": SORTS,
        "querystring": filters.querystring(),
        "map_tiles_url": settings.MAP_TILES_URL,
        "map_attribution": settings.MAP_TILES_ATTRIBUTION,
    }
    if getattr(request, "htmx", False) and request.htmx.target == "catalogue-results":
        return render(request, "initiatives/catalogue.html#results", context)
    return render(request, "initiatives/catalogue.html", context)


@require_GET
def map_geojson(request):
    """The filtered initiatives as GeoJSON points, for the map (same filters as the list)."""
    programme = catalogue_programme(request)
    body = kept_geojson_bytes(programme=programme, filters=_filters(request))
    return HttpResponse(body, content_type="application/json")


def _department_shapes():
    cached = getattr(_department_shapes, "_cache", None)
    if cached is None:
        cached = json.loads(DEPARTMENTS_FILE.read_text(encoding="utf-8"))
        _department_shapes._cache = cached
    return cached


@require_GET
def map_departments(request):
    """The programme's departments (every one with initiatives on the national host) with the
    count of filtered initiatives in each."""
    programme = catalogue_programme(request)
    counts = department_counts(programme=programme, filters=_filters(request))
    codes = (set(programme.region.all_department_codes()) if programme else set()) | set(counts)
    features = []
    for feature in _department_shapes()["features"]:
        code = feature["properties"]["code"]
        if code in codes:
            features.append(
                {
                    "type": "Feature",
                    "geometry": feature["geometry"],
                    "properties": {
                        "code": code,
                        "name": feature["properties"]["nom"],
                        "count": counts.get(code, 0),
                    },
                }
            )
    return JsonResponse(
        {"type": "FeatureCollection", "features": features}, json_dumps_params={"separators": (",", ":")}
    )


@require_GET
def map_card(request, pk):
    """The card a map marker opens (an HTML fragment)."""
    programme = catalogue_programme(request)
    entries = CatalogueEntry.objects.filter(pk=pk)
    if programme is not None:
        entries = entries.filter(programme=programme)
    found = initiatives_in_order(list(entries.values_list("pk", flat=True)))
    if not found:
        raise Http404
    return render(request, "initiatives/includes/map_card.html", {"initiative": found[0]})


@require_GET
def export(request, fmt):
    """The filtered catalogue as CSV, XLSX or GeoJSON (published initiatives, no personal data)."""
    programme = catalogue_programme(request)
    entries = Catalogue(programme=programme, filters=_filters(request)).entries()
    if fmt == "csv":
        response = HttpResponse(export_csv(entries), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            export_xlsx(entries),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(export_geojson(entries), content_type="application/geo+json")
    response["Content-Disposition"] = f'attachment; filename="initiatives.{fmt}"'
    return response


@require_GET
def sheet_pdf(request, slug):
    """The printable sheet ("fiche") of a published initiative, made with Typst."""
    programme = programme_for_request(request)
    page = (
        InitiativePage.objects.live()
        .filter(slug=slug, programme=programme)
        .select_related("main_commune__department")
        .first()
    )
    if page is None:
        raise Http404
    response = HttpResponse(pdf.sheet_pdf(page, request), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, f"fiche-{page.slug}.pdf")
    return response


@ratelimit(key="ip", rate="5/h", method="POST", block=False)
def submit(request):
    """ "Signaler une innovation sociale": a public form with a honeypot and a rate limit."""
    if getattr(request, "limited", False):
        return ratelimited(request)
    if national_site_for_request(request) is not None:
        # Each region's team moderates its own submissions: the national site sends people there.
        return render(request, "initiatives/submit_national.html", {"regions": regional_submission_links()})
    programme = programme_for_request(request)
    if request.method == "POST":
        form = SubmissionForm(request.POST, programme=programme)
        if form.is_spam:
            # Robots get the same answer as people, and nothing is stored.
            return redirect("initiatives:submitted")
        if form.is_valid():
            submit_initiative(programme=programme, data=form.cleaned_data, request=request)
            messages.success(request, _("Merci ! Votre signalement a bien été envoyé."))
            return redirect("initiatives:submitted")
    else:
        form = SubmissionForm(programme=programme)
    return render(
        request,
        "initiatives/submit.html",
        {"form": form, "catalogue_page": catalogue_page(programme)},
        status=400 if form.is_bound else 200,
    )


@require_GET
def submitted(request):
    return render(request, "initiatives/submitted.html", {"catalogue_url": reverse("initiatives:catalogue")})
