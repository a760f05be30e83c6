"""QR codes of the tickets: SVG for pages and badges (no Pillow needed), PNG for e-mails."""

import io

import qrcode
import qrcode.image.svg


def ticket_payload(registration):
    """What the QR code holds: the personal check-in code, nothing personal."""
    return f"RALLYNOV:{registration.checkin_code}"


def qr_svg(data):
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()


def qr_png(data):
    image = qrcode.make(data, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
