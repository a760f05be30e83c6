"""Reading an import file keeps each row as a tuple under the file's columns, and feeds the csv
module line by line: the rows must be those a dict per row read from the joined text gave."""

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from rallynov.initiatives.interchange.reading import Row, RowColumns, _as_file_lines, read_rows

CELL = st.text(alphabet=st.sampled_from(list('ab;,"\n\x85\u2028 é')), max_size=6)


@given(lines=st.lists(st.text(alphabet=st.sampled_from(list('ab;"é\x85\u2028 ')), max_size=8), max_size=8))
def test_lines_are_read_as_the_joined_text_was(lines):
    joined = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=";"))
    assert list(csv.reader(_as_file_lines(lines), delimiter=";")) == joined


@given(
    header=st.lists(st.sampled_from(["name", "year", "themes", "x"]), min_size=1, max_size=6),
    values=st.lists(CELL, max_size=8),
)
def test_a_row_holds_what_a_dict_built_from_it_held(header, values):
    expected = {header[i]: (values[i] if i < len(values) else "") for i in range(len(header))}
    row = RowColumns(header).row(values)
    assert dict(row) == expected and row == expected
    assert (list(row), list(row.values()), list(row.items())) == (
        list(expected),
        list(expected.values()),
        list(expected.items()),
    )
    assert (row.get("name", "-"), row.get("absent"), "year" in row) == (
        expected.get("name", "-"),
        None,
        "year" in expected,
    )
    assert isinstance(row, Row) and len(row) == len(expected)


def test_csv_rows_with_blank_and_multiline_lines():
    data = b'name;organization;commune;year\n"A";S;Dole;"20\n20"\n\nB;T\n\n'
    rows = read_rows(data, "a.csv")
    assert [(line, dict(row), list(notes)) for line, row, notes in rows] == [
        (2, {"name": "A", "organization": "S", "commune": "Dole", "year": "20\n20"}, []),
        (4, {"name": "", "organization": "", "commune": "", "year": ""}, []),
        (5, {"name": "B", "organization": "T", "commune": "", "year": ""}, []),
    ]
