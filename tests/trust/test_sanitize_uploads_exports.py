"""Rich text sanitising, upload checks, private file responses, formula-safe exports."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from rallynov.core import exports
from rallynov.core.sanitize import clean_html, clean_text
from rallynov.core.uploads import PrivateStorage, check_upload, private_file_response

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489")


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


def test_upload_accepts_a_real_pdf():
    assert check_upload(SimpleUploadedFile("dossier.pdf", PDF)) == "pdf"


def test_upload_refuses_a_script_renamed_pdf():
    fake = SimpleUploadedFile("dossier.pdf", b"#!/bin/sh\nrm -rf /\n")
    with pytest.raises(ValidationError) as excinfo:
        check_upload(fake)
    assert excinfo.value.messages == [
        "Le contenu du fichier « dossier.pdf » ne correspond pas à son extension .pdf."
    ]


def test_upload_refuses_html_and_unknown_extensions():
    with pytest.raises(ValidationError) as excinfo:
        check_upload(SimpleUploadedFile("page.html", b"<script>alert(1)</script>"))
    assert excinfo.value.messages[0].startswith("Le type de fichier « .html » n'est pas accepté")


def test_upload_refuses_a_png_called_pdf():
    with pytest.raises(ValidationError, match="ne correspond pas"):
        check_upload(SimpleUploadedFile("scan.pdf", PNG))


def test_upload_is_size_capped(settings):
    settings.UPLOAD_MAX_SIZE = 1024
    big = SimpleUploadedFile("gros.pdf", PDF + b"0" * 2048)
    with pytest.raises(ValidationError) as excinfo:
        check_upload(big)
    assert excinfo.value.messages == ["Le fichier « gros.pdf » dépasse la taille maximale de 1 ko."]


def test_upload_of_office_file_accepts_its_zip_content():
    buffer = io.BytesIO()
    exports_bytes = exports.rows_to_xlsx(["a"], [["b"]])
    buffer.write(exports_bytes)
    assert check_upload(SimpleUploadedFile("tableau.xlsx", buffer.getvalue())) == "xlsx"


def test_private_storage_lives_outside_the_web_root_and_has_no_url(settings):
    storage = PrivateStorage()
    name = storage.save("dossiers/a.pdf", SimpleUploadedFile("a.pdf", PDF))
    assert storage.path(name).startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not storage.path(name).startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError, match="pas d'adresse publique"):
        storage.url(name)


@pytest.mark.django_db  # closing a response sends request_finished, which closes old connections
def test_private_file_is_served_as_an_attachment(settings):
    storage = PrivateStorage()
    name = storage.save("dossiers/candidature.pdf", SimpleUploadedFile("candidature.pdf", PDF))
    response = private_file_response(storage.open(name))
    assert response["Content-Disposition"] == 'attachment; filename="candidature.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(response.streaming_content) == PDF
    response.close()


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
