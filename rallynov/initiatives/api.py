"""Open data: the published catalogue, read-only, with the catalogue's own filters.

Only published initiatives leave (the read model holds nothing else), and personal data only
when the person consented (the sheet's contact).
"""

from django.http import Http404, HttpResponse, JsonResponse
from ninja import Router
from ninja.errors import HttpError
from pydantic import BaseModel

from rallynov.core import snapshot
from rallynov.core.queries import UnknownProgramme, catalogue_scope
from rallynov.initiatives.models import CatalogueEntry, InitiativePage
from rallynov.initiatives.national import link_to_regions
from rallynov.initiatives.queries.catalogue import Catalogue
from rallynov.initiatives.queries.filters import CatalogueFilters, parse_page
from rallynov.initiatives.queries.maps import geojson, kept_geojson_bytes
from rallynov.initiatives.queries.suggest import suggest
from rallynov.initiatives.sheets import public_contact
from rallynov.territories.history import fill_cache, region_at_the_time

router = Router(tags=["initiatives"])
API_PER_PAGE = 50


# Plain pydantic models, not ninja's Schema: the results are written as dicts, and Schema runs its
# validator for model objects on every nested value (a third of the list's CPU at 50 results).
class ThemeOut(BaseModel):
    slug: str
    name: str
    parent: str | None = None


class OrganizationOut(BaseModel):
    name: str
    kind: str
    siret: str | None = None


class CommuneOut(BaseModel):
    insee: str
    name: str
    department: str
    latitude: float | None = None
    longitude: float | None = None


class RegionAtTheTimeOut(BaseModel):
    code: str
    name: str
    current_code: str
    current_name: str
    changed: bool
    label: str


class ContactOut(BaseModel):
    name: str
    email: str


class InitiativeOut(BaseModel):
    id: int
    name: str
    url: str
    programme: str  # the slug of the initiative's programme (?programme=… on any host)
    summary: str
    year: int
    laureate_year: int | None = None
    themes: list[ThemeOut]
    sdgs: list[int]
    organizations: list[OrganizationOut]
    commune: CommuneOut | None = None
    region_at_the_time: RegionAtTheTimeOut | None = None
    website: str
    video_url: str
    source: str
    status: str


class InitiativeDetailOut(InitiativeOut):
    description: str
    objectives: str
    actions: str
    results: str
    contact: ContactOut | None = None
    follow_ups: list[dict]


class InitiativePageOut(BaseModel):
    count: int
    page: int
    pages: int
    next: str | None = None
    previous: str | None = None
    # « Vouliez-vous dire … » : a corrected q that finds something, when q found nothing.
    suggestion: str | None = None
    results: list[InitiativeOut]


def _initiative(page, request, *, detail=False, regions=None):
    commune = page.main_commune
    data = {
        "id": page.pk,
        "name": page.title,
        "url": request.build_absolute_uri(page.url) if page.url else "",
        "programme": page.programme.slug,
        "summary": page.summary,
        "year": page.year,
        "laureate_year": page.laureate_year,
        "themes": page.api_themes,
        "sdgs": page.api_sdgs,
        "organizations": page.api_organizations,
        "commune": {
            "insee": commune.insee,
            "name": commune.name,
            "department": commune.department.code,
            "latitude": commune.latitude,
            "longitude": commune.longitude,
        }
        if commune
        else None,
        # The region of the year the initiative was catalogued (« Franche-Comté, aujourd'hui
        # Bourgogne-Franche-Comté » for 2014): territories.history decides it.
        "region_at_the_time": region_at_the_time(commune, page.year, cache=regions).as_dict() if commune else None,
        "website": page.website,
        "video_url": page.video_url,
        "source": page.source,
        "status": page.status,
    }
    if detail:
        data.update(
            description=page.description,
            objectives=page.objectives,
            actions=page.actions,
            results=page.results,
            contact=public_contact(page),
            follow_ups=[
                {
                    "date": f.date.isoformat(),
                    "title": f.title,
                    "text": f.text,
                    "jobs_created": f.jobs_created,
                    "people_reached": f.people_reached,
                }
                for f in page.follow_ups.all()
            ],
        )
    return data


def _pages_for(ids):
    """The live pages of `ids`, in that order, each with its themes, SDGs and structures as the
    API writes them (`api_themes`, `api_sdgs`, `api_organizations`): read as rows from the link
    tables, one query each, without building their model objects."""
    pages = InitiativePage.objects.filter(pk__in=ids, live=True).select_related(
        "main_commune__department", "programme"
    )
    by_id = {p.pk: p for p in pages}
    for page in by_id.values():
        page.api_themes, page.api_sdgs, page.api_organizations = [], [], []
    found = list(by_id)
    themes = (
        InitiativePage.themes.through.objects.filter(initiativepage_id__in=found)
        .order_by("theme__position", "theme__name")  # Theme's ordering
        .values_list("initiativepage_id", "theme__slug", "theme__name", "theme__parent__slug")
    )
    for pk, slug, name, parent in themes:
        by_id[pk].api_themes.append({"slug": slug, "name": name, "parent": parent})
    sdgs = InitiativePage.sdgs.through.objects.filter(initiativepage_id__in=found).order_by(
        "sustainabledevelopmentgoal__number"
    )
    for pk, number in sdgs.values_list("initiativepage_id", "sustainabledevelopmentgoal__number"):
        by_id[pk].api_sdgs.append(number)
    organizations = (
        InitiativePage.organizations.through.objects.filter(initiativepage_id__in=found)
        .order_by("organization__name")  # Organization's ordering
        .values_list("initiativepage_id", "organization__name", "organization__kind", "organization__siret")
    )
    for pk, name, kind, siret in organizations:
        by_id[pk].api_organizations.append({"name": name, "kind": kind, "siret": siret})
    return [by_id[i] for i in ids if i in by_id]


def _scope(request):
    """The programme the request reads (core.queries.catalogue_scope), None for every programme."""
    try:
        return catalogue_scope(request)
    except UnknownProgramme as exc:
        raise HttpError(404, str(exc)) from None


@router.get(
    "/initiatives",
    response=InitiativePageOut,
    summary="Initiatives publiées (filtrées, paginées)",
    description=(
        "Mêmes filtres que le catalogue : q (texte, accents et pluriels ignorés), theme (slug, répétable), "
        "department (code), year, kind (type de structure), laureate (true/false), sdg (1 à 17), "
        "bbox (ouest,sud,est,nord), sort (pertinence, annee, nom, publication), page. 50 résultats par page. "
        "programme (identifiant) : le catalogue de ce programme, sur tout hôte ; sans lui, le programme du "
        "site, ou tous les programmes sur le site national."
    ),
)
def list_initiatives(request):
    programme = _scope(request)
    filters = CatalogueFilters.from_params(request.GET)
    total, pages, page, ids = KEPT_PAGES.get(
        (programme.pk if programme else None, filters, parse_page(request.GET.get("page"))),
        lambda: _page_of(programme, filters, parse_page(request.GET.get("page"))),
    )
    base = request.build_absolute_uri(request.path)
    params = filters.params()

    def link(number):
        from urllib.parse import urlencode

        return f"{base}?{urlencode([*params, ('page', number)])}"

    return {
        "count": total,
        "page": page,
        "pages": pages,
        "next": link(page + 1) if page < pages else None,
        "previous": link(page - 1) if page > 1 else None,
        "suggestion": None
        if total or programme is None
        else getattr(suggest(programme=programme, filters=filters), "q", None),
        "results": list_items(ids, request),
    }


# The last pages of ids the API listed, per programme, filters and page number (core.snapshot).
KEPT_PAGES = snapshot.KeptValues(128)


def _page_of(programme, filters, asked):
    """(total, pages, page, ids of the page) of the filtered catalogue."""
    catalogue = Catalogue(programme=programme, filters=filters)
    total = catalogue.count()
    pages = max(1, -(-total // API_PER_PAGE))
    page = min(asked, pages)
    return total, pages, page, catalogue.page_ids(page=page, total=total, per_page=API_PER_PAGE) if total else []


# The last initiatives the API listed, as it writes them, per data stamp and host (core.snapshot).
KEPT_ITEMS = snapshot.KeptValues(5000)


def list_items(ids, request):
    """What the list says of each initiative of `ids`, in that order: kept per data stamp, the
    pages of those not kept read in a constant number of queries."""
    host = request.build_absolute_uri("/")  # the scheme and the host: the items' addresses

    def read(missing):
        pages = _pages_for([pk for pk, _host in missing])
        # The region links of the pages' departments, read in one query.
        regions = fill_cache({p.main_commune.department_id for p in pages if p.main_commune_id}, {})
        return {(page.pk, host): _initiative(page, request, regions=regions) for page in pages}

    items = KEPT_ITEMS.get_many([(pk, host) for pk in ids], read)
    return [items[(pk, host)] for pk in ids if (pk, host) in items]


@router.get("/initiatives.geojson", summary="Initiatives publiées en GeoJSON (mêmes filtres)")
def initiatives_geojson(request):
    """What a map needs (id, name, position, the sheet's address), written by the database."""
    programme = _scope(request)
    filters = CatalogueFilters.from_params(request.GET)
    if programme is not None:
        body = kept_geojson_bytes(
            programme=programme, filters=filters, url_prefix=request.build_absolute_uri("/")[:-1]
        )
        return HttpResponse(body, content_type="application/geo+json")
    # The national catalogue: each sheet's address on its own programme's site.
    data = geojson(programme=programme, filters=filters)
    link_to_regions([feature["properties"] for feature in data["features"]])
    for feature in data["features"]:
        properties = feature["properties"]
        feature["properties"] = {
            "id": properties["id"],
            "name": properties["name"],
            "url": request.build_absolute_uri(properties["url"]),
        }
    return JsonResponse(data, content_type="application/geo+json", json_dumps_params={"ensure_ascii": False})


@router.get("/initiatives/{initiative_id}", response=InitiativeDetailOut, summary="Une initiative publiée")
def get_initiative(request, initiative_id: int):
    programme = _scope(request)
    entries = CatalogueEntry.objects.filter(pk=initiative_id)
    found = (entries if programme is None else entries.filter(programme=programme)).exists()
    pages = _pages_for([initiative_id]) if found else []
    if not pages:
        raise Http404("Initiative introuvable.")
    page = pages[0]
    return _initiative(page, request, detail=True)
