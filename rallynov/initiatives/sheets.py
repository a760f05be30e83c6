"""What a sheet page shows: the sections contributed by the parts (`sheet.py` modules), related
initiatives, the JSON-LD description for search engines, the contact when consented."""

import json

from django.utils.html import strip_tags

from rallynov.core import snapshot
from rallynov.initiatives.queries.related import related_initiatives

# What the last sheets viewed show, per data stamp: nothing a sheet shows depends on the visitor.
KEPT_SHEETS = snapshot.KeptValues(256)


def sheet_sections(initiative, request):
    """Sections of the parts that have a `sheet.py` (laureate badge, events, follow-ups…), by order."""
    from rallynov.core.parts import part_modules

    sections = []
    for _config, module in part_modules("sheet"):
        section = module.sheet_section(initiative, request)
        if section:
            sections.append(section)
    sections.sort(key=lambda s: s.get("order", 100))
    return sections


def public_contact(page):
    """The contact shown on the sheet: only with the person's recorded consent."""
    if page.contact_consent_at and (page.contact_name or page.contact_email):
        return {"name": page.contact_name, "email": page.contact_email}
    return None


def json_ld(page, request, *, themes=None, organizations=None):
    """schema.org description of the initiative (a Project run by Organizations, in a Place);
    `themes` and `organizations`: the page's, when the caller has read them already."""
    url = request.build_absolute_uri(page.url) if page.url else ""
    data = {
        "@context": "https://schema.org",
        "@type": "Project",
        "name": page.title,
        "description": page.summary or strip_tags(page.description)[:500],
        "url": url,
        "keywords": ", ".join(t.name for t in (page.themes.all() if themes is None else themes)),
        "foundingDate": str(page.started_year) if page.started_year else None,
        "dateCreated": str(page.year),
        "sameAs": page.website or None,
        "funder": None,
    }
    organizations = list(page.organizations.all() if organizations is None else organizations)
    if organizations:
        data["member"] = [
            {"@type": "Organization", "name": o.name, **({"url": o.website} if o.website else {})}
            for o in organizations
        ]
    commune = page.main_commune
    if commune:
        place = {
            "@type": "Place",
            "name": commune.name,
            "address": {
                "@type": "PostalAddress",
                "addressLocality": commune.name,
                "postalCode": commune.main_postal_code,
                "addressRegion": commune.department.name,
                "addressCountry": "FR",
            },
        }
        if commune.latitude is not None:
            place["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": commune.latitude,
                "longitude": commune.longitude,
            }
        data["location"] = place
    if page.laureate_year:
        data["award"] = f"Prix de l'innovation sociale {page.laureate_year}"
    contact = public_contact(page)
    if contact and contact["email"]:
        data["email"] = contact["email"]
    return {k: v for k, v in data.items() if v not in (None, "", [])}


def json_ld_script(page, request, **read):
    """The JSON-LD as text safe inside <script type="application/ld+json"> (no "</script>")."""
    text = json.dumps(json_ld(page, request, **read), ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def sheet_context(page, request):
    """What the sheet shows besides the page's own fields, kept per data stamp (the same for
    every visitor of a host, in a language, until a write)."""
    if getattr(request, "is_preview", False):  # a draft, shown to its editor as it is
        return read_sheet_context(page, request)
    return KEPT_SHEETS.get((page.pk, request.get_host()), lambda: read_sheet_context(page, request))


def read_sheet_context(page, request):
    # Read once for the page and its JSON-LD.
    organizations = list(page.organizations.select_related("commune"))
    themes = list(page.themes.select_related("parent"))
    return {
        "sections": sheet_sections(page, request),
        "related": related_initiatives(page),
        "contact": public_contact(page),
        "json_ld": json_ld_script(page, request, themes=themes, organizations=organizations),
        "follow_ups": list(page.follow_ups.select_related("image")),
        "gallery": list(page.gallery.select_related("image")),
        "organizations": organizations,
        "themes": themes,
        "sdgs": list(page.sdgs.all()),
    }
