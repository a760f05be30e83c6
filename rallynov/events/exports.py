"""Lists of registrations (XLSX, CSV through core.exports) and name badges (PDF with Typst)."""

import json
import tempfile
from pathlib import Path

from django.utils import timezone

from rallynov.core.exports import rows_to_csv, rows_to_xlsx
from rallynov.events.enums import RegistrationStatus
from rallynov.events.models import PARIS
from rallynov.events.qr import qr_svg, ticket_payload
from rallynov.events.queries import staff_registrations

HEADER = [
    "Nom", "Prénom", "E-mail", "Structure", "Type de structure", "Département", "Vous êtes", "Fonction",
    "État", "Origine", "Séances", "Groupe", "Besoins", "Réponses", "Inscrit le", "Présent·e à",
]

BADGES_TEMPLATE = Path(__file__).parent / "templates" / "events" / "badges.typ"


def _local(value):
    return timezone.localtime(value, PARIS).strftime("%d/%m/%Y %H:%M") if value else ""


def registration_rows(event):
    for r in staff_registrations(event):
        yield [
            r.last_name,
            r.first_name,
            r.email,
            r.organization.name if r.organization_id else r.organization_name,
            r.organization.get_kind_display() if r.organization_id else "",
            f"{r.department.name} ({r.department.code})" if r.department_id else "",
            r.get_role_display(),
            r.job_title,
            r.get_status_display(),
            r.get_source_display(),
            ", ".join(s.title for s in r.sessions.all()),
            r.group.name if r.group_id else "",
            r.needs,
            " ; ".join(f"{k} : {v}" for k, v in (r.answers or {}).items()),
            _local(r.created_at),
            _local(r.checked_in_at),
        ]


def registrations_xlsx(event):
    return rows_to_xlsx(HEADER, registration_rows(event), title="Inscriptions")


def registrations_csv(event):
    return rows_to_csv(HEADER, registration_rows(event))


def badges_pdf(event):
    """One A6-sized badge per confirmed person (four per A4 page), with the ticket's QR code."""
    import typst

    people = staff_registrations(event).filter(status=RegistrationStatus.CONFIRMED).order_by("last_name", "first_name")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        badges = []
        for index, registration in enumerate(people):
            qr_name = f"qr-{index}.svg"
            (root / qr_name).write_bytes(qr_svg(ticket_payload(registration)))
            badges.append({
                "first_name": registration.first_name,
                "last_name": registration.last_name.upper(),
                "organization": registration.organization.name if registration.organization_id
                else registration.organization_name,
                "qr": qr_name,
            })
        data = {
            "title": event.title,
            "date": "" if event.dates_to_be_confirmed else event.local_start.strftime("%d/%m/%Y"),
            "programme": str(event.programme),
            "badges": badges,
        }
        (root / "data.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        (root / "badges.typ").write_text(BADGES_TEMPLATE.read_text(encoding="utf-8"), encoding="utf-8")
        return typst.compile(str(root / "badges.typ"), root=str(root))
