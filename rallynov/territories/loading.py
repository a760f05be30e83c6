"""Load the reference data shipped in territories/data (see data/SOURCES.md) into the database.

Used by the data migration and by `rallynov load-territories`; idempotent.
"""

import csv
import datetime
import functools
import gzip
from pathlib import Path

from django.db import connections

from rallynov.core import snapshot
from rallynov.core.text import place_key_without_article

DATA_DIR = Path(__file__).resolve().parent / "data"
REFORM_LAST_DAY = datetime.date(2015, 12, 31)
REFORM_FIRST_DAY = datetime.date(2016, 1, 1)


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def load_territories(Region, Department, DepartmentRegion, Commune, only_region=None):  # noqa: N803 - model classes
    """Load everything, or with `only_region` (a region code) only that region's communes."""
    with open(DATA_DIR / "regions.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    regions = {}
    for row in rows:
        regions[row["code"]], _ = Region.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "valid_from": _date(row["valid_from"]),
                "valid_until": _date(row["valid_until"]),
            },
        )
    for row in rows:
        if row["successor"]:
            region = regions[row["code"]]
            region.successor = regions[row["successor"]]
            region.save(update_fields=["successor"])

    departments = {}
    with open(DATA_DIR / "departments.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            current = regions.get(row["region_since_2016"])
            department, _ = Department.objects.update_or_create(
                code=row["code"], defaults={"name": row["name"], "region": current}
            )
            departments[row["code"]] = department
            before = regions.get(row["region_until_2015"])
            if before is None:
                continue
            if before == current:
                DepartmentRegion.objects.update_or_create(
                    department=department, region=current, defaults={"valid_from": None, "valid_until": None}
                )
            else:
                DepartmentRegion.objects.update_or_create(
                    department=department, region=before, defaults={"valid_until": REFORM_LAST_DAY}
                )
                DepartmentRegion.objects.update_or_create(
                    department=department, region=current, defaults={"valid_from": REFORM_FIRST_DAY}
                )

    existing = set(Commune.objects.values_list("insee", flat=True))
    rows = []
    for insee, name, name_key, department_code, postal_codes, population, lat, lon in _shipped_communes():
        if insee in existing:
            continue
        department = departments[department_code]
        if only_region and (department.region is None or department.region.code != only_region):
            continue
        rows.append((insee, name, name_key, department.pk, postal_codes, population, lat, lon))
    _insert_communes(Commune, rows)
    return len(rows)


@functools.cache
def _shipped_communes():
    """The shipped communes as tuples (read once per process: a test flush loads them again)."""
    with gzip.open(DATA_DIR / "communes-fr.csv.gz", "rt", encoding="utf-8") as handle:
        return tuple(
            (
                row["insee"],
                row["name"],
                place_key_without_article(row["name"]),
                row["department"],
                row["postal_codes"],
                int(row["population"]) if row["population"] else None,
                float(row["lat"]) if row["lat"] else None,
                float(row["lon"]) if row["lon"] else None,
            )
            for row in csv.DictReader(handle)
        )


def _insert_communes(Commune, rows):  # noqa: N803 - model class
    """Some 35,000 rows in one prepared statement: a tenth of the CPU of building model instances
    for bulk_create (this runs in the migration, hence in every fresh database and test run)."""
    fields = [
        "insee",
        "name",
        "name_key",
        "department",
        "postal_codes",
        "population",
        "latitude",
        "longitude",
    ]
    connection = connections[Commune.objects.db]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(Commune._meta.get_field(name).column) for name in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    table = quote(Commune._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: a tenth of the time of the prepared INSERT on PostgreSQL.
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608 - names from the model
        with snapshot.stamp_moved_once([Commune], using=connection.alias):
            for start in range(0, len(rows), 5000):
                cursor.executemany(sql, rows[start : start + 5000])
