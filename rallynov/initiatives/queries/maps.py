"""The catalogue on a map: GeoJSON of the filtered initiatives (open data and the map's points)
and the counts per department."""

import json

from django.db import connection
from django.db.models import Count

from rallynov.initiatives.queries.catalogue import Catalogue


def geojson(*, programme, filters, limit=None):
    """The filtered initiatives as a GeoJSON FeatureCollection (points at their main commune)."""
    entries = (
        Catalogue(programme=programme, filters=filters)
        .entries()
        .filter(latitude__isnull=False, longitude__isnull=False)
        .order_by("pk")
        .values_list(
            "pk",
            "title",
            "url",
            "commune_name",
            "department_code",
            "year",
            "laureate_year",
            "longitude",
            "latitude",
        )
    )
    if limit:
        entries = entries[:limit]
    features = [
        {
            "type": "Feature",
            "id": pk,
            "geometry": {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]},
            "properties": {
                "id": pk,
                "name": title,
                "url": url,
                "commune": commune,
                "department": department,
                "year": year,
                "laureate_year": laureate_year,
            },
        }
        for pk, title, url, commune, department, year, laureate_year, lon, lat in entries
    ]
    return {"type": "FeatureCollection", "features": features}


GEOJSON_FEATURE_SQL = {
    # One feature per row, written by the database itself: building 20,000 Python dictionaries
    # and encoding them took most of the time of a department's map at 100,000 initiatives.
    # The map needs only where each initiative is, its id and its name (the marker's title); a
    # click fetches its card (views.map_card). The open data keep every property (geojson()).
    "sqlite": (
        "json_object('type', 'Feature', 'id', pk, 'geometry', json_object('type', 'Point', 'coordinates', "
        "json_array(round(longitude, 5), round(latitude, 5))), 'properties', json_object('id', pk, 'name', title))"
    ),
    # Plain concatenation is twice as fast as json_build_object here; to_json() escapes the name.
    "postgresql": (
        '\'{"type":"Feature","id":\' || pk || \',"geometry":{"type":"Point","coordinates":[\' '
        "|| round(longitude::numeric, 5) || ',' || round(latitude::numeric, 5) || ']},\"properties\":{\"id\":' "
        "|| pk || ',\"name\":' || to_json(title)::text || '}}'"
    ),
}


def geojson_text(*, programme, filters):
    """The map's points as GeoJSON text (id, name, position), written by the database."""
    feature_sql = GEOJSON_FEATURE_SQL.get(connection.vendor)
    if feature_sql is None:
        data = geojson(programme=programme, filters=filters)
        for feature in data["features"]:
            feature["properties"] = {"id": feature["properties"]["id"], "name": feature["properties"]["name"]}
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    entries = (
        Catalogue(programme=programme, filters=filters)
        .entries()
        .filter(latitude__isnull=False, longitude__isnull=False)
        .order_by("pk")
        .values_list("pk", "title", "longitude", "latitude")
    )
    if entries.query.is_empty():
        return '{"type":"FeatureCollection","features":[]}'
    # inner_sql is Django's own compiled SQL with its parameters; its columns carry the names
    # used above ("page_id" AS "pk", "title" AS "title"…).
    inner_sql, params = entries.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One row: the features joined by the database (20,000 rows fetched one by one cost
            # more than writing them).
            sql = f"SELECT string_agg({feature_sql}, ',' ORDER BY pk) FROM ({inner_sql}) AS entries"  # noqa: S608
            cursor.execute(sql, params)
            features = cursor.fetchone()[0] or ""
        else:
            cursor.execute(f"SELECT {feature_sql} FROM ({inner_sql}) AS entries", params)  # noqa: S608
            features = ",".join(row[0] for row in cursor.fetchall())
    return '{"type":"FeatureCollection","features":[' + features + "]}"


def department_counts(*, programme, filters):
    """{department code: count} of the filtered initiatives, for the map's department layer."""
    rows = (
        Catalogue(programme=programme, filters=filters)
        .entries()
        .order_by()
        .values_list("department_code")
        .annotate(n=Count("pk"))
    )
    return {code: n for code, n in rows if code}
