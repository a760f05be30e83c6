"""The catalogue on a map: GeoJSON of the filtered initiatives (open data and the map's points)
and the counts per department."""

import json

from django.db import connection
from django.db.models import Count

from rallynov.core import snapshot
from rallynov.initiatives.queries.catalogue import Catalogue

# GeoJSON texts kept per process (a department at 100,000 initiatives is 3 to 5 MB: a few only,
# and none over MAX_KEPT_BYTES: the whole national map is read each time).
KEPT_GEOJSON = snapshot.KeptValues(4)
MAX_KEPT_BYTES = 8_000_000


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
    # click fetches its card (views.map_card). The open data API adds the sheet's address
    # ({url}: empty, or the URL property with a parameter, the site's scheme and host).
    "sqlite": (
        "json_object('type', 'Feature', 'id', pk, 'geometry', json_object('type', 'Point', 'coordinates', "
        "json_array(round(longitude, 5), round(latitude, 5))), 'properties', json_object('id', pk, 'name', title{url}))"
    ),
    # Plain concatenation is twice as fast as json_build_object here; to_json() escapes the name.
    "postgresql": (
        '\'{{"type":"Feature","id":\' || pk || \',"geometry":{{"type":"Point","coordinates":[\' '
        "|| round(longitude::numeric, 5) || ',' || round(latitude::numeric, 5) || ']}},\"properties\":{{\"id\":' "
        "|| pk || ',\"name\":' || to_json(title)::text{url} || '}}}}'"
    ),
}
# An address already absolute (a sheet of another programme's site) is kept as it is.
ABSOLUTE_URL_SQL = "CASE WHEN url LIKE 'http%%' THEN url ELSE %s || url END"
GEOJSON_URL_SQL = {
    "sqlite": f", 'url', {ABSOLUTE_URL_SQL}",
    "postgresql": f" || ',\"url\":' || to_json({ABSOLUTE_URL_SQL})::text",
}


def geojson_text(*, programme, filters, url_prefix=None):
    """The map's points as GeoJSON text (id, name, position), written by the database; with
    `url_prefix` (scheme and host), each also has its sheet's absolute address ("url")."""
    feature_sql = GEOJSON_FEATURE_SQL.get(connection.vendor)
    if feature_sql is None:
        data = geojson(programme=programme, filters=filters)
        for feature in data["features"]:
            properties = feature["properties"]
            feature["properties"] = {"id": properties["id"], "name": properties["name"]}
            if url_prefix is not None:
                url = properties["url"]
                feature["properties"]["url"] = url if url.startswith("http") else url_prefix + url
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    feature_sql = feature_sql.format(url=GEOJSON_URL_SQL[connection.vendor] if url_prefix is not None else "")
    prefix_params = [url_prefix] if url_prefix is not None else []
    entries = (
        Catalogue(programme=programme, filters=filters)
        .entries()
        .filter(latitude__isnull=False, longitude__isnull=False)
        .order_by("pk")
        .values_list("pk", "title", "url", "longitude", "latitude")
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
            cursor.execute(sql, [*prefix_params, *params])
            features = cursor.fetchone()[0] or ""
        else:
            cursor.execute(f"SELECT {feature_sql} FROM ({inner_sql}) AS entries", [*prefix_params, *params])  # noqa: S608
            features = ",".join(row[0] for row in cursor.fetchall())
    return '{"type":"FeatureCollection","features":[' + features + "]}"


def kept_geojson_bytes(*, programme, filters, url_prefix=None):
    """geojson_text as UTF-8, kept per data stamp for the last few filters asked (core.snapshot):
    the same map asked again, by any visitor, costs no query but the stamp until a write."""
    key = (programme.pk if programme else None, filters, url_prefix)
    body = KEPT_GEOJSON.get(key, lambda: geojson_text(programme=programme, filters=filters, url_prefix=url_prefix).encode())
    if len(body) > MAX_KEPT_BYTES:
        KEPT_GEOJSON.forget(key)
    return body


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
