"""Rich text sanitising and formula-safe exports. (Upload checks and private files are the
prize's: rallynov/awards/uploads.py, tested in rallynov/awards/tests/test_applying.py.)"""

import csv
import io

import pytest
from openpyxl import load_workbook

from rallynov.core import exports
from rallynov.core.sanitize import clean_html, clean_text


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<p>Bonjour <script>alert(1)</script>le monde</p>", "<p>Bonjour le monde</p>"),
        ('<p onclick="steal()">x</p>', "<p>x</p>"),
        ('<a href="javascript:alert(1)">lien</a>', '<a rel="noopener noreferrer">lien</a>'),
        (
            '<a href="https://rallynov.fr">site</a>',
            '<a href="https://rallynov.fr" rel="noopener noreferrer">site</a>',
        ),
        ('<img src="x" onerror="alert(1)">', ""),
        ("<style>body{display:none}</style><b>gras</b>", "<b>gras</b>"),
        ('<iframe src="https://evil.example"></iframe>après', "après"),
        ('<p style="color:red">rouge</p>', "<p>rouge</p>"),
        ("<!-- secret --><i>i</i>", "<i>i</i>"),
        ("<h2>Titre</h2><ul><li>un</li></ul>", "<h2>Titre</h2><ul><li>un</li></ul>"),
        # Wagtail's database format survives: internal links and embeds.
        (
            '<a linktype="page" id="3">page</a>',
            '<a linktype="page" id="3" rel="noopener noreferrer">page</a>',
        ),
        (
            '<embed embedtype="image" id="1" format="left" alt="Logo"/>',
            '<embed embedtype="image" id="1" format="left" alt="Logo"/>',
        ),
        ("", ""),
        (None, ""),
    ],
)
def test_clean_html(dirty, clean):
    assert clean_html(dirty) == clean


def test_clean_text_keeps_text_only():
    assert (
        clean_text("<b>Drive</b> fermier &amp; <script>x()</script>producteurs")
        == "Drive fermier & producteurs"
    )


def test_sanitize_filter_on_output():
    from django.template import Context, Template

    rendered = Template("{% load trust %}{{ body|sanitize }}").render(
        Context({"body": "<p>a<script>b</script></p>"})
    )
    assert rendered == "<p>a</p>"


HOSTILE = ['=HYPERLINK("http://evil","x")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\r=1", "=1"]


def test_csv_export_neutralises_formulas():
    data = exports.rows_to_csv(["nom", "valeur"], [[h, "-12,5"] for h in HOSTILE]).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data), delimiter=";"))
    assert [row[0] for row in rows[1:]] == ["'" + h for h in HOSTILE]
    assert {row[1] for row in rows[1:]} == {"-12,5"}  # a negative number stays a number


def test_xlsx_export_neutralises_formulas():
    workbook = load_workbook(io.BytesIO(exports.rows_to_xlsx(["nom"], [[h] for h in HOSTILE])))
    values = [row[0].value for row in workbook.active.iter_rows(min_row=2)]
    # XML stores a carriage return as a line feed; what matters is the leading apostrophe.
    assert values == ["'" + h.replace("\r", "\n") for h in HOSTILE]
    assert all(row[0].data_type == "s" for row in workbook.active.iter_rows(min_row=2))
