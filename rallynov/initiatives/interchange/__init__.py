"""Import and export of initiatives: CSV (UTF-8, `;` or `,`), XLSX, GeoJSON, one module per job:

- `reading`: the file read into rows of the import columns (DESIGN.md), or `ImportFileError`;
- `validation`: each row checked, with a French reason for every refusal (`clean_row`);
- `importing`: the valid rows written (`import_file`), re-importing the same file changes nothing;
- `export`: the published catalogue in the same columns (an export re-imports).

Each bad row is reported with its line number and a French reason; the good rows are imported all
the same. The names below are re-exported for `from rallynov.initiatives.interchange import …`.
"""

from rallynov.initiatives.interchange.export import export_csv, export_geojson, export_xlsx
from rallynov.initiatives.interchange.importing import import_file
from rallynov.initiatives.interchange.reading import COLUMNS, ImportFileError, read_rows
from rallynov.initiatives.interchange.validation import ImportReport, RowResult, clean_row, rich_text

__all__ = [
    "COLUMNS",
    "ImportFileError",
    "ImportReport",
    "RowResult",
    "clean_row",
    "export_csv",
    "export_geojson",
    "export_xlsx",
    "import_file",
    "read_rows",
    "rich_text",
]
