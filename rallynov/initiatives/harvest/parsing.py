"""A source's bytes into rows of the import columns: CSV (UTF-8, « ; » or « , ») or JSON (a list
of objects, or an object holding one under "results", "data", "items" or "initiatives"), with
the source's column and theme mapping applied. A malformed source is a HarvestError."""

import csv
import io
import json
import re

from django.utils.translation import gettext as _

from rallynov.core.text import clean_input, fold
from rallynov.initiatives.harvest.fetching import HarvestError
from rallynov.initiatives.interchange.reading import ALIASES, COLUMNS

MAX_ROWS = 20000
JSON_LIST_KEYS = ("results", "data", "items", "initiatives")
KEY_COLUMN = "id"  # a stable identifier of a row in the source, when it has one


def read_source(data, *, fmt, content_type=""):
    """[(row number, {source column: text})] of a CSV or JSON source."""
    if fmt == "auto":
        looks_json = "json" in content_type or data.lstrip()[:1] in (b"[", b"{")
        fmt = "json" if looks_json else "csv"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise HarvestError(_("La source n'est pas en UTF-8 : rien n'a été moissonné.")) from None
    rows = _read_json(text) if fmt == "json" else _read_csv(text)
    if len(rows) > MAX_ROWS:
        raise HarvestError(
            _("La source compte plus de %(max)s lignes : rien n'a été moissonné.") % {"max": MAX_ROWS}
        )
    return rows


def _read_json(text):
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise HarvestError(
            _("JSON illisible (%(error)s) : rien n'a été moissonné.") % {"error": exc}
        ) from None
    if isinstance(data, dict):
        data = next((data[key] for key in JSON_LIST_KEYS if isinstance(data.get(key), list)), None)
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise HarvestError(_("Le JSON de la source n'est pas une liste d'objets : rien n'a été moissonné."))
    return [
        (number, {str(k): _text(v) for k, v in item.items()}) for number, item in enumerate(data, start=1)
    ]


def _read_csv(text):
    lines = clean_input(text).splitlines()
    if not lines or not lines[0].strip():
        raise HarvestError(
            _("Le CSV de la source est vide ou n'a pas de ligne d'en-têtes : rien n'a été moissonné.")
        )
    delimiter = ";" if lines[0].count(";") >= lines[0].count(",") else ","
    try:
        reader = csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)
        header = next(reader)
        rows = [
            (number, dict(zip(header, values, strict=False))) for number, values in enumerate(reader, start=2)
        ]
    except csv.Error as exc:
        raise HarvestError(
            _("CSV illisible (%(error)s) : rien n'a été moissonné.") % {"error": exc}
        ) from None
    return rows


def _text(value):
    if value is None:
        return ""
    if isinstance(value, list):
        return "|".join(_text(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return clean_input(str(value))


def _column(name, mapping):
    if name in mapping:
        return mapping[name]
    key = re.sub(r"[^a-z0-9]+", "_", fold(name).strip()).strip("_")
    key = ALIASES.get(key, key)
    return key if key in COLUMNS or key == KEY_COLUMN else None


def map_row(row, *, column_mapping, theme_mapping):
    """{import column: text} of one source row: columns renamed by the mapping (or recognised by
    their name), themes separated by « | », « ; » or « , » translated by the theme mapping."""
    mapped = {}
    for name, value in row.items():
        column = _column(name, column_mapping or {})
        if column and value and not mapped.get(column):
            mapped[column] = value
    if mapped.get("themes"):
        parts = [part.strip() for part in re.split(r"[|;,]", mapped["themes"]) if part.strip()]
        mapped["themes"] = "|".join((theme_mapping or {}).get(part, part) for part in parts)
    return mapped
