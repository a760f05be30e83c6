"""The printable sheet of an initiative, rendered by Typst from `typst/fiche.typ`."""

import json
import re
import tempfile
from html import unescape
from pathlib import Path

import qrcode
import qrcode.image.svg
import typst
from django.utils import timezone
from django.utils.html import strip_tags

from rallynov.initiatives.sheets import public_contact

TEMPLATE = Path(__file__).resolve().parent / "typst" / "fiche.typ"
_BLOCK = re.compile(r"<(p|li|h2|h3|h4)[^>]*>(.*?)</\1>", re.S | re.I)


def html_blocks(html):
    """Rich text as a list of {"kind": "p"|"li"|"h", "text"} (tags dropped, text kept)."""
    blocks = []
    for tag, inner in _BLOCK.findall(html or ""):
        text = " ".join(unescape(strip_tags(inner)).split())
        if text:
            blocks.append({"kind": "li" if tag.lower() == "li" else "h" if tag.lower().startswith("h") else "p", "text": text})
    if not blocks and html and strip_tags(html).strip():
        blocks.append({"kind": "p", "text": " ".join(unescape(strip_tags(html)).split())})
    return blocks


def sheet_data(page, url):
    commune = page.main_commune
    place = f"{commune.name} ({commune.department.name})" if commune else ""
    sections = [
        ("Description", page.description),
        ("Objectifs", page.objectives),
        ("Actions menées", page.actions),
        ("Résultats et impact", page.results),
    ]
    follow_ups = []
    for f in page.follow_ups.all():
        figures = []
        if f.jobs_created is not None:
            figures.append(f"{f.jobs_created} emploi(s) créé(s)")
        if f.people_reached is not None:
            figures.append(f"{f.people_reached} personne(s) touchée(s)")
        follow_ups.append({"date": f"{f.date:%d/%m/%Y}", "title": f.title, "text": f.text, "figures": ", ".join(figures)})
    contact = public_contact(page)
    return {
        "programme": str(page.programme),
        "title": page.title,
        "organizations": ", ".join(o.name for o in page.organizations.all()),
        "place": place,
        "year": page.year,
        "laureate_year": page.laureate_year,
        "themes": [t.name for t in page.themes.all()],
        "sdgs": [f"{s.number}. {s.name}" for s in page.sdgs.all()],
        "website": page.website,
        "summary": page.summary,
        "sections": [{"title": t, "blocks": html_blocks(h)} for t, h in sections if html_blocks(h)],
        "follow_ups": follow_ups,
        "contact": " — ".join(v for v in (contact or {}).values() if v) if contact else None,
        "url": url,
        "printed_on": f"{timezone.localdate():%d/%m/%Y}",
        "qr": None,
    }


def sheet_pdf(page, request):
    url = request.build_absolute_uri(page.url) if page.url else ""
    data = sheet_data(page, url)
    with tempfile.TemporaryDirectory(prefix="rallynov-fiche-") as folder:
        root = Path(folder)
        (root / "fiche.typ").write_text(TEMPLATE.read_text(encoding="utf-8"), encoding="utf-8")
        if url:
            qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, border=1).save(str(root / "qr.svg"))
            data["qr"] = "qr.svg"
        return typst.compile(
            str(root / "fiche.typ"), root=str(root), sys_inputs={"data": json.dumps(data, ensure_ascii=False)}
        )
