"""QR codes of the tickets: SVG for pages and badges (no Pillow needed), PNG for e-mails."""

import io

import qrcode
import qrcode.constants
import qrcode.image.svg

# The payload always has the same length ("RALLYNOV:" + 22 characters): a fixed mask pattern
# spares the eight trial encodings qrcode runs to pick the "best" one (any mask scans the same).
MASK_PATTERN = 4


def ticket_payload(registration):
    """What the QR code holds: the personal check-in code, nothing personal."""
    return f"RALLYNOV:{registration.checkin_code}"


def qr_matrix(data):
    """The modules of the code (True = dark), with a quiet zone of two modules."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2, mask_pattern=MASK_PATTERN)
    code.add_data(data)
    code.make(fit=True)
    return code.get_matrix()


def qr_svg(data):
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()


def qr_png(data, *, box_size=8):
    """A black-on-white PNG of the code, built from the module matrix in Pillow's C code
    (one pixel per module, then scaled up without smoothing): about a millisecond."""
    from PIL import Image

    matrix = qr_matrix(data)
    size = len(matrix)
    pixels = bytes(0 if dark else 255 for row in matrix for dark in row)
    image = Image.frombytes("L", (size, size), pixels).convert("1")
    image = image.resize((size * box_size, size * box_size), Image.NEAREST)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()
