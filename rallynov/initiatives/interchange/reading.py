"""Reading an import file: CSV (UTF-8, or Latin-1 converted; `;` or `,`), XLSX (first sheet) or
GeoJSON, into rows of the import columns (DESIGN.md), French headings accepted."""

import contextlib
import csv
import datetime
import io
import json
import re
from collections.abc import Mapping

from django.utils.translation import gettext as _

from rallynov.core.text import clean_input, fold

COLUMNS = [
    "name",
    "organization",
    "organization_kind",
    "siret",
    "commune_insee",
    "commune",
    "postal_code",
    "themes",
    "year",
    "summary",
    "description",
    "website",
    "video_url",
    "laureate_year",
]
REQUIRED = ("name", "year")
# French headings people type in spreadsheets, mapped to the columns.
ALIASES = {
    "nom": "name",
    "initiative": "name",
    "titre": "name",
    "structure": "organization",
    "organisation": "organization",
    "type_de_structure": "organization_kind",
    "type": "organization_kind",
    "code_insee": "commune_insee",
    "insee": "commune_insee",
    "ville": "commune",
    "code_postal": "postal_code",
    "cp": "postal_code",
    "themes": "themes",
    "theme": "themes",
    "annee": "year",
    "resume": "summary",
    "site_web": "website",
    "site": "website",
    "video": "video_url",
    "laureat": "laureate_year",
    "annee_laureat": "laureate_year",
}


NO_NOTES = ()  # the notes of a row read without remark (shared: a file has many rows)


class ImportFileError(ValueError):
    """The file as a whole cannot be read (not CSV/XLSX/GeoJSON, no header…); French message."""


def _normalise_header(name):
    key = re.sub(r"[^a-z0-9]+", "_", fold(str(name or "")).strip()).strip("_")
    return ALIASES.get(key, key)


def _decode_lines(data):
    """Decode line by line: UTF-8 first, else Windows-1252 (Latin-1 as spreadsheets write it).
    Returns (text lines, {line number: warning})."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    lines, warnings = [], {}
    for number, raw in enumerate(data.splitlines(), start=1):
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(raw.decode("cp1252", errors="replace"))
            warnings[number] = _(
                "ligne encodée en Latin-1 (Windows-1252) et non en UTF-8 : accents convertis, à vérifier."
            )
    return lines, warnings


def read_rows(data, filename=""):
    """[(line number, {column: text}, warnings)] from the bytes of a CSV, XLSX or GeoJSON file
    (the rows are Mappings, Row or dict; the warnings a sequence of French texts)."""
    name = filename.lower()
    if data[:4] == b"PK\x03\x04" or name.endswith(".xlsx"):
        rows = _read_xlsx(data)
    elif name.endswith((".geojson", ".json")) or data.lstrip()[:1] == b"{":
        rows = _read_geojson(data)
    else:
        rows = _read_csv(data)
    # What PostgreSQL refuses (NUL) is cleaned at the door by each reader, as for the site's forms.
    return rows


class Row(Mapping):
    """One row of a file, {column: text}, read-only: a tuple of values under the file's
    columns, shared by every row (a dict per row of a 100,000-row file held 45 MB more)."""

    __slots__ = ("_columns", "_values")

    def __init__(self, columns, values):
        self._columns = columns  # RowColumns
        self._values = values

    def __getitem__(self, column):
        return self._values[self._columns.index[column]]

    def get(self, column, default=None):
        position = self._columns.index.get(column)
        return default if position is None else self._values[position]

    def __iter__(self):
        return iter(self._columns.names)

    def __len__(self):
        return len(self._values)

    def __contains__(self, column):
        return column in self._columns.index

    def keys(self):
        return self._columns.names

    def values(self):
        return self._values

    def items(self):
        return zip(self._columns.names, self._values, strict=True)

    def __repr__(self):
        return repr(dict(self.items()))


class RowColumns:
    """The columns of a file's header, as a dict built from it would hold them: each name once,
    at its first place, with the value of its last column."""

    def __init__(self, header):
        last = {}
        for position, name in enumerate(header):
            last[name] = position
        self.names = tuple(last)
        self.positions = tuple(last.values())
        self.width = len(header)
        self.index = {name: i for i, name in enumerate(self.names)}
        self.shared = {}  # short texts met again and again (years, codes, kinds): kept once

    def row(self, values):
        """A Row of `values` (a file row, padded with "" where it is short)."""
        if len(values) < self.width:
            values = [*values, *[""] * (self.width - len(values))]
        keep = self.shared.setdefault
        return Row(
            self, tuple([keep(v, v) if len(v) <= 12 else v for v in map(values.__getitem__, self.positions)])
        )


def _read_csv(data):
    lines, warnings = _decode_lines(data)
    lines = [clean_input(line) for line in lines]  # the csv module refuses NUL
    if not lines or not lines[0].strip():
        raise ImportFileError(_("Le fichier est vide ou sa première ligne (les en-têtes) est vide."))
    header_line = lines[0]
    delimiter = ";" if header_line.count(";") >= header_line.count(",") else ","
    reader = csv.reader(_as_file_lines(lines), delimiter=delimiter)
    header = [_normalise_header(h) for h in next(reader)]
    _check_header(header)
    columns = RowColumns(header)
    rows = []
    line = 1
    for values in reader:
        start = line + 1
        line = start + "".join(values).count("\n")  # a quoted value may span lines
        rows.append((start, columns.row(values), [warnings[start]] if start in warnings else NO_NOTES))
    return rows


def _as_file_lines(lines):
    """The lines as reading "\\n".join(lines) from a file gives them (each ending with "\\n" but
    the last, and no empty last line), without that copy of the whole text (and the StringIO's
    second one, four bytes a character)."""
    last = len(lines) - 1
    for number, line in enumerate(lines):
        if number < last:
            yield line + "\n"
        elif line:
            yield line


def _read_xlsx(data):
    """Rows of the first sheet. A damaged workbook can fail anywhere inside openpyxl, zipfile,
    zlib or the XML parser, while opening it or while streaming its rows (zlib.error,
    NotImplementedError for an unknown zip version, BadZipFile for a bad CRC, ParseError…): all
    of them become one ImportFileError with a French message, never a server error."""
    from openpyxl import load_workbook

    workbook = None
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        return _xlsx_rows(workbook)
    except ImportFileError:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure of the parsers on an untrusted file
        raise ImportFileError(
            _(
                "Le fichier XLSX est endommagé ou illisible : ouvrez-le dans votre tableur et enregistrez-le à nouveau."
            )
        ) from exc
    finally:
        if workbook is not None:
            # Closing a damaged archive may fail again; the French error above is what counts.
            with contextlib.suppress(Exception):
                workbook.close()


def _xlsx_rows(workbook):
    if not workbook.worksheets:
        raise ImportFileError(_("Le classeur ne contient aucune feuille."))
    sheet = workbook.worksheets[0]
    iterator = sheet.iter_rows(values_only=True)
    try:
        header = [_normalise_header(h) for h in next(iterator)]
    except StopIteration as exc:
        raise ImportFileError(_("La première feuille du classeur est vide.")) from exc
    _check_header(header)
    columns = RowColumns(header)
    rows = []
    for number, values in enumerate(iterator, start=2):
        texts = []
        for value in values:
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            if isinstance(value, (datetime.date, datetime.datetime)):
                value = value.isoformat()
            texts.append("" if value is None else clean_input(str(value)))
        rows.append((number, columns.row(texts), NO_NOTES))
    return rows


def _read_geojson(data):
    try:
        document = json.loads(data.decode("utf-8-sig"))
        features = document["features"]
    except (UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise ImportFileError(_("Le fichier GeoJSON est illisible : « features » attendu.")) from exc
    rows = []
    for number, feature in enumerate(features, start=1):
        properties = (feature or {}).get("properties") or {}
        row = {_normalise_header(k): "" if v is None else clean_input(str(v)) for k, v in properties.items()}
        rows.append((number, row, NO_NOTES))
    if rows:
        _check_header(list(rows[0][1]))
    return rows


def _check_header(header):
    missing = [c for c in REQUIRED if c not in header]
    if "organization" not in header:
        missing.append("organization")
    if "commune_insee" not in header and "commune" not in header:
        missing.append("commune_insee (ou commune + postal_code)")
    if missing:
        raise ImportFileError(
            _("Colonnes manquantes : %(missing)s. Colonnes attendues : %(expected)s.")
            % {"missing": ", ".join(missing), "expected": ", ".join(COLUMNS)}
        )
