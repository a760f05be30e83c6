"""The open-data feed's three doors: CSV, JSON and the DCAT-AP description (initiatives.opendata)."""

import json

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from rallynov.core.queries import UnknownProgramme, catalogue_scope, national_site_for_request
from rallynov.initiatives import opendata


def _scope(request):
    try:
        return catalogue_scope(request)
    except UnknownProgramme as exc:
        raise Http404(str(exc)) from None


def _with_programme(request, url):
    slug = request.GET.get("programme", "").strip()
    return request.build_absolute_uri(url + (f"?programme={slug[:50]}" if slug else ""))


@require_GET
def feed_csv(request):
    entries = opendata.feed_entries(_scope(request))
    response = HttpResponse(opendata.feed_csv(entries), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="initiatives.csv"'
    response["Access-Control-Allow-Origin"] = "*"  # open data, read by aggregators' browsers too
    return response


@require_GET
def feed_json(request):
    entries = opendata.feed_entries(_scope(request))
    response = HttpResponse(opendata.feed_json(entries), content_type="application/json")
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def dataset(request):
    programme = _scope(request)
    national = national_site_for_request(request)
    if programme is None:
        title = str(national.name) if national else "Initiatives"
        publisher, spatial = title, "France"
    else:
        title = f"Initiatives d'innovation sociale — {programme.name}"
        publisher, spatial = programme.name, programme.region.name
    description = opendata.dcat_description(
        entries=opendata.feed_entries(programme),
        title=title,
        publisher=publisher,
        spatial=spatial,
        page_url=_with_programme(request, reverse("initiatives:catalogue")),
        csv_url=_with_programme(request, reverse("initiatives:opendata_csv")),
        json_url=_with_programme(request, reverse("initiatives:opendata_json")),
    )
    response = HttpResponse(
        json.dumps(description, ensure_ascii=False, indent=2), content_type="application/ld+json"
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
