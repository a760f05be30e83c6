"""Exporting the published catalogue in the import columns (CSV, XLSX, GeoJSON): an export
re-imports as it is."""

import json

from rallynov.core import exports
from rallynov.initiatives.interchange.reading import COLUMNS
from rallynov.initiatives.models import InitiativePage


def export_rows(pages):
    """Rows (lists, in COLUMNS order) for published pages, with their relations prefetched."""
    for page in pages:
        organization = min(page.organizations.all(), key=lambda o: o.pk, default=None)
        commune = page.main_commune
        yield [
            page.title,
            organization.name if organization else "",
            organization.kind if organization else "",
            (organization.siret or "") if organization else "",
            commune.insee if commune else "",
            commune.name if commune else "",
            commune.main_postal_code if commune else "",
            "|".join(
                t.name
                for t in sorted(page.themes.all(), key=lambda t: (t.parent_id or 0, t.position, t.name))
            ),
            page.year,
            page.summary,
            page.description,
            page.website,
            page.video_url,
            page.laureate_year if page.laureate_year is not None else "",
        ]


def exported_pages(entries, *, chunk=1000):
    """The published pages behind `entries` (a CatalogueEntry queryset), in chunks."""
    ids = list(entries.order_by("sort_key", "pk").values_list("pk", flat=True))
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        pages = (
            InitiativePage.objects.filter(pk__in=part, live=True)
            .select_related("main_commune__department")
            .prefetch_related("organizations", "themes")
        )
        by_id = {p.pk: p for p in pages}
        for pk in part:
            if pk in by_id:
                yield by_id[pk]


def export_csv(entries):
    return exports.rows_to_csv(COLUMNS, export_rows(exported_pages(entries)))


def export_xlsx(entries):
    return exports.rows_to_xlsx(COLUMNS, export_rows(exported_pages(entries)), title="Initiatives")


def export_geojson(entries):
    features = []
    for page, row in _pages_with_rows(entries):
        commune = page.main_commune
        geometry = None
        if commune and commune.latitude is not None:
            geometry = {
                "type": "Point",
                "coordinates": [round(commune.longitude, 5), round(commune.latitude, 5)],
            }
        properties = {column: exports.neutralise(value) for column, value in zip(COLUMNS, row, strict=True)}
        features.append({"type": "Feature", "id": page.pk, "geometry": geometry, "properties": properties})
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False).encode("utf-8")


def _pages_with_rows(entries):
    pages = list(exported_pages(entries))
    return zip(pages, export_rows(pages), strict=True)
