"""Uploaded files: checked by their content (not their name), capped in size, stored outside the
web root and served by a view that has checked permissions, always as a download.

    from rallynov.core.uploads import PrivateStorage, validate_upload, private_file_response

    attachment = models.FileField(storage=PrivateStorage(), upload_to="awards/%Y/",
                                  validators=[validate_upload])
    # in a view, after the permission check:
    return private_file_response(application.attachment)
"""

import mimetypes
from pathlib import Path

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

# What people send to the programme: documents and pictures, never executables or HTML.
DOCUMENT_KINDS = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "webp": "image/webp",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}
# Office files are zip archives: their content says "zip" before anything more precise.
_ZIP_BASED = {"docx", "xlsx", "pptx", "odt", "ods", "odp"}


def _human_size(size):
    return f"{size / (1024 * 1024):.0f} Mo" if size >= 1024 * 1024 else f"{size // 1024} ko"


def detect_kind(head):
    """The file kind ("pdf", "png", …) read from the first bytes, or None."""
    guess = filetype.guess(head)
    if guess is None:
        return None
    return guess.extension


def check_upload(uploaded, *, kinds=tuple(DOCUMENT_KINDS), max_size=None):
    """Return the kind of `uploaded` (a Django File) or raise ValidationError in French.

    The extension must be one of `kinds` AND agree with the content: a script renamed
    `cv.pdf` is refused, so is a PDF over the size cap."""
    max_size = max_size or settings.UPLOAD_MAX_SIZE
    name = getattr(uploaded, "name", "") or ""
    extension = Path(name).suffix.lower().lstrip(".")
    if extension == "jpeg":
        extension = "jpg"
    allowed = ", ".join(sorted(kinds))
    if uploaded.size is not None and uploaded.size > max_size:
        raise ValidationError(
            _("Le fichier « %(name)s » dépasse la taille maximale de %(max)s.")
            % {"name": Path(name).name, "max": _human_size(max_size)},
            code="file_too_large",
        )
    if extension not in kinds:
        raise ValidationError(
            _("Le type de fichier « .%(ext)s » n'est pas accepté (acceptés : %(allowed)s).")
            % {"ext": extension or "?", "allowed": allowed},
            code="file_type",
        )
    position = uploaded.tell() if hasattr(uploaded, "tell") else 0
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(position)
    kind = detect_kind(head)
    content_ok = kind == extension or (extension in _ZIP_BASED and kind in {"zip", extension})
    if not content_ok:
        raise ValidationError(
            _("Le contenu du fichier « %(name)s » ne correspond pas à son extension .%(ext)s.")
            % {"name": Path(name).name, "ext": extension},
            code="file_content",
        )
    return extension


@deconstructible
class UploadValidator:
    """Model/form field validator: `validators=[UploadValidator(kinds=("pdf",))]`."""

    def __init__(self, kinds=tuple(DOCUMENT_KINDS), max_size=None):
        self.kinds = tuple(kinds)
        self.max_size = max_size

    def __call__(self, uploaded):
        check_upload(uploaded, kinds=self.kinds, max_size=self.max_size)

    def __eq__(self, other):
        return isinstance(other, UploadValidator) and (self.kinds, self.max_size) == (
            other.kinds,
            other.max_size,
        )


validate_upload = UploadValidator()
validate_pdf = UploadValidator(kinds=("pdf",))


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT, outside the web root: no URL, served only by views."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("Les fichiers privés n'ont pas d'adresse publique : servez-les par une vue.")


def private_file_response(field_file, *, filename=None, inline=False):
    """A FileResponse for a private file, as a download (Content-Disposition: attachment)
    unless `inline` (PDF previews), never sniffed by the browser, never cached by proxies."""
    filename = filename or Path(field_file.name).name
    content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    response = FileResponse(
        field_file.open("rb"), as_attachment=not inline, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


__all__ = [
    "DOCUMENT_KINDS",
    "PrivateStorage",
    "UploadValidator",
    "check_upload",
    "detect_kind",
    "private_file_response",
    "validate_pdf",
    "validate_upload",
]
