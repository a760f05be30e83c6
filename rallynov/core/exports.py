"""Spreadsheet exports that cannot be turned against their reader.

A cell starting with = + - @ (or a tab / carriage return) is read as a formula by spreadsheet
programs ("CSV injection"). Every export neutralises such text by prefixing an apostrophe.
"""

import csv
import io

from openpyxl import Workbook

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        # A negative number typed as text stays a number for the reader.
        if value[0] in "+-" and value[1:].replace(".", "", 1).replace(",", "", 1).isdigit():
            return value
        return "'" + value
    return value


def rows_to_csv(header, rows, *, delimiter=";"):
    """UTF-8 with BOM so that spreadsheet programs open accents correctly."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow([neutralise("" if v is None else v) for v in row])
    return buffer.getvalue().encode("utf-8")


def rows_to_xlsx(header, rows, *, title="Export"):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([neutralise(h) for h in header])
    for row in rows:
        sheet.append([neutralise(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
