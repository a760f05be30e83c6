"""Open data: `GET /api/v1/figures/{year}`, the key figures of a year computed from the records."""

from ninja import Router, Schema
from ninja.errors import HttpError

from rallynov.core.queries import UnknownProgramme, catalogue_scope, national_site_for_request
from rallynov.reporting import keyfigures
from rallynov.reporting.national import national_figures

router = Router(tags=["chiffres clés"])


class FigureOut(Schema):
    key: str
    label: str
    value: int | float | None
    unit: str
    part: str
    part_label: str
    available: bool
    status: str
    note: str
    records_url: str
    details: dict


class FiguresOut(Schema):
    year: int
    programme: str
    figures: list[FigureOut]
    missing_parts: list[str]


@router.get(
    "/figures/{year}",
    response=FiguresOut,
    url_name="figures_of_year",
    summary="Chiffres clés d'une année",
    description=(
        "Chaque chiffre est calculé à partir des données. Un chiffre dont la partie n'est pas encore en "
        "service a `available=false` et `value=null` (jamais 0). programme (identifiant) : les chiffres de "
        "ce programme, sur tout hôte ; sur le site national, sans lui, la somme des régions (chaque chiffre "
        "nomme les régions additionnées dans `details.regions`)."
    ),
)
def figures_of_year(request, year: str):
    # The year is parsed here rather than by ninja so that a bad one gets a French message:
    # 422 when it is not a number, 404 when it is outside the years covered.
    try:
        year = keyfigures.check_year(year)
    except ValueError as exc:
        raise HttpError(422 if not year.strip().isdigit() else 404, str(exc)) from None
    try:
        programme = catalogue_scope(request)
    except UnknownProgramme as exc:
        raise HttpError(404, str(exc)) from None
    if programme is None and national_site_for_request(request) is not None:
        figures = [figure.as_dict() for figure in national_figures(year=year)]
        return {"year": year, "programme": national_site_for_request(request).name, "figures": figures, "missing_parts": []}
    if programme is None:
        raise HttpError(404, "Aucun programme n'est configuré sur cette instance.")
    figures = keyfigures.collect(programme=programme, year=year)
    data = figures.as_dict()
    for row in data["figures"]:
        if row["records_url"].startswith("/"):
            row["records_url"] = request.build_absolute_uri(row["records_url"])
    return {**data, "programme": programme.name}
