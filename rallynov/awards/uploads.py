"""Attachments of dossiers: checked by content, capped in size, archives inspected, names
sanitised, stored under PRIVATE_MEDIA_ROOT (outside the web root)."""

import io
import uuid
import zipfile
from pathlib import Path

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.utils.text import slugify
from django.utils.translation import gettext as _

# extension -> MIME type. Office files are zip archives; their content is checked further below.
ALLOWED = {
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
_OOXML_MARKER = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
_ODF_MIMETYPE = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
    "odp": b"application/vnd.oasis.opendocument.presentation",
}
# An office file is rarely more than a few dozen times bigger once unpacked; a zip bomb is
# thousands of times bigger.
MAX_UNPACKED_RATIO = 100
MAX_UNPACKED_SIZE = 200 * 1024 * 1024
MAX_ARCHIVE_MEMBERS = 5000
MAX_IMAGE_PIXELS = 60_000_000


def private_storage():
    """Built on each call so that a changed PRIVATE_MEDIA_ROOT (tests, settings) is honoured."""
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT)


def human_size(size):
    return f"{size / (1024 * 1024):.0f} Mo" if size >= 1024 * 1024 else f"{max(size // 1024, 1)} ko"


def allowed_extensions_label():
    return ", ".join(sorted({"jpeg" if e == "jpg" else e for e in ALLOWED} | {"jpg"}))


def sanitise_name(name):
    """A file name safe on every system and in a Content-Disposition header: "Dossier été (v2).PDF"
    gives "dossier-ete-v2.pdf"."""
    path = Path(name or "")
    extension = path.suffix.lower().lstrip(".")
    stem = slugify(path.stem)[:80].strip("-") or "piece-jointe"
    return f"{stem}.{extension}" if extension else stem


def _check_archive(data, extension):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ValidationError(_("Le fichier est endommagé : il n'a pas pu être lu.")) from exc
    if len(members) > MAX_ARCHIVE_MEMBERS:
        raise ValidationError(_("Le fichier contient trop d'éléments pour un document bureautique."))
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_UNPACKED_SIZE or unpacked > MAX_UNPACKED_RATIO * max(len(data), 1):
        raise ValidationError(
            _("Le fichier se décompresse en un volume démesuré (archive piégée) : il est refusé.")
        )
    names = [member.filename for member in members]
    if extension in _OOXML_MARKER:
        if "[Content_Types].xml" not in names or not any(
            n.startswith(_OOXML_MARKER[extension]) for n in names
        ):
            raise ValidationError(
                _("Le contenu du fichier ne correspond pas à un document .%(extension)s.")
                % {"extension": extension}
            )
    else:
        try:
            mimetype = archive.read("mimetype").strip()
        except KeyError:
            mimetype = b""
        if mimetype != _ODF_MIMETYPE[extension]:
            raise ValidationError(
                _("Le contenu du fichier ne correspond pas à un document .%(extension)s.")
                % {"extension": extension}
            )


def _check_image(data):
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
    except Exception as exc:  # Pillow raises many kinds of errors on broken images
        raise ValidationError(_("L'image est endommagée : elle n'a pas pu être lue.")) from exc
    if width * height > MAX_IMAGE_PIXELS:
        raise ValidationError(_("L'image est trop grande (plus de 60 millions de pixels)."))


def check_upload(uploaded):
    """Return (extension, content_type, data) of an uploaded file, or raise ValidationError with a
    French message: unknown or lying type, oversize file, archive bomb, broken image."""
    max_size = settings.UPLOAD_MAX_SIZE
    if uploaded.size > max_size:
        raise ValidationError(
            _("Le fichier pèse %(size)s ; la taille maximale est de %(max)s.")
            % {"size": human_size(uploaded.size), "max": human_size(max_size)}
        )
    extension = Path(uploaded.name or "").suffix.lower().lstrip(".")
    extension = "jpg" if extension == "jpeg" else extension
    if extension not in ALLOWED:
        raise ValidationError(
            _("Ce type de fichier n'est pas accepté. Formats acceptés : %(formats)s.")
            % {"formats": allowed_extensions_label()}
        )
    data = b"".join(uploaded.chunks())
    if not data:
        raise ValidationError(_("Le fichier est vide."))
    guess = filetype.guess(data[:8192])
    detected = guess.extension if guess else None
    detected = "jpg" if detected == "jpeg" else detected
    zip_based = extension in _OOXML_MARKER or extension in _ODF_MIMETYPE
    if zip_based:
        if detected not in ("zip", extension):
            raise ValidationError(
                _(
                    "Le fichier porte l'extension .%(extension)s mais son contenu est d'un autre type : il est refusé."
                )
                % {"extension": extension}
            )
        _check_archive(data, extension)
    elif detected != extension:
        raise ValidationError(
            _(
                "Le fichier porte l'extension .%(extension)s mais son contenu est d'un autre type : il est refusé."
            )
            % {"extension": extension}
        )
    if extension in ("png", "jpg", "webp"):
        _check_image(data)
    return extension, ALLOWED[extension], data


def store(*, application_id, data, name):
    """Write the bytes under a random name; return the storage path."""
    path = f"awards/{application_id}/{uuid.uuid4().hex}-{name}"
    return private_storage().save(path, io.BytesIO(data))
