"""The yearly report ("bilan"): its content gathered from the records, and its PDF (Typst).

`build_report(programme=…, year=…)` returns plain, JSON-ready data shared by the web page and the
PDF. `render_pdf(report)` fills `templates/reporting/typst/bilan.typ` with it. Images are copied
into a throw-away folder, downscaled with Pillow; a missing, unreadable or oversized image is left
out (and listed in `report["warnings"]`) rather than breaking the PDF.
"""

import datetime
import json
import logging
import tempfile
from pathlib import Path

from django.utils import translation
from django.utils.formats import date_format

from rallynov.initiatives.queries import yearly as initiatives_of_year
from rallynov.reporting import keyfigures, queries
from rallynov.territories.history import region_of_records

logger = logging.getLogger(__name__)

TEMPLATE = Path(__file__).resolve().parent / "templates" / "reporting" / "typst" / "bilan.typ"
# A printed report lists the year's records up to these numbers, then says how many more there are
# and where to find them: a region catalogues a few dozen initiatives a year, not thousands.
MAX_INITIATIVES = 60
MAX_EVENTS = 30
# Beyond this, an image is refused outright (Pillow's decompression-bomb guard is 89 Mpx).
MAX_IMAGE_PIXELS = 40_000_000
# Images are downscaled to this width: sharp at print size in a half-page column.
IMAGE_MAX_SIDE = 1400
FONTS = ("Liberation Sans", "DejaVu Sans", "Libertinus Serif")


def french_date(value):
    if not value:
        return ""
    with translation.override("fr"):
        text = date_format(value, "j F Y")
    return "1er" + text[1:] if text.startswith("1 ") else text


TO_BE_SET = "date à fixer"


def event_date_text(event, *, planned=False):
    """« 4 avril 2023 »; for an event whose exact date the site does not give (« date à préciser »),
    its month (« mai 2014 ») once it is past, « date à fixer » in next year's programme."""
    if not event.get("date"):
        return TO_BE_SET
    if event.get("to_be_confirmed"):
        if planned:
            return TO_BE_SET
        with translation.override("fr"):
            return date_format(event["date"], "F Y")
    return french_date(event["date"])


def paragraphs(text):
    return [p.strip() for p in (text or "").replace("\r\n", "\n").split("\n\n") if p.strip()]


def _event_figures(events, participants_row):
    """Attach each event's participants and structures, from `events.participants` details."""
    by_event = (
        participants_row.figure.details.get("by_event", [])
        if participants_row and participants_row.figure
        else []
    )
    for event in events:
        match = None
        for entry in by_event:
            ident = entry.get("id", entry.get("event_id"))
            if (ident is not None and ident == event["id"]) or entry.get("title") == event["title"]:
                match = entry
                break
        event["figures"] = []
        if match:
            # An event whose attendance was not recorded (0) shows no figure rather than "0 participants".
            if match.get("participants"):
                event["figures"].append({"value": match["participants"], "label": "participants"})
            structures = match.get("structures", match.get("structures_represented"))
            if structures:
                event["figures"].append({"value": structures, "label": "structures représentées"})
    return events


def _with_amount(entry):
    amount = entry.get("amount")
    return {**entry, "amount_text": keyfigures.format_value(amount, "€") if amount else ""}


def build_report(*, programme, year, edition=None, fallback=True):
    """Everything the report of `year` shows, computed now from the records."""
    year = keyfigures.check_year(year)
    if edition is None:
        from rallynov.reporting.models import ReportEdition

        edition = ReportEdition.objects.filter(programme=programme, year=year).first()
    figures = keyfigures.collect(programme=programme, year=year, fallback=fallback)
    texts = {key: paragraphs(text) for key, text in (edition.section_texts() if edition else {}).items()}
    events = _event_figures(
        queries.events_of_year(programme, year, limit=MAX_EVENTS), figures.get("events.participants")
    )
    for event in events:
        event["date_text"] = event_date_text(event)
    next_events = queries.planned_events(programme, year)
    for event in next_events:
        event["date_text"] = event_date_text(event, planned=True)
    partners = queries.partners_of_year(programme, year)
    # Every number the report prints is a figure of `keyfigures.collect` (the one the key-figures
    # page, the dashboard and the API show) or a detail of one; the lists are the records behind.
    new = figures.get("initiatives.new")
    new_count = new.value if new and new.available else None
    initiatives = initiatives_of_year.listed(programme, year, limit=MAX_INITIATIVES)
    pictures = queries.initiative_pictures(i["id"] for i in initiatives)
    for initiative in initiatives:
        initiative["image"], initiative["image_alt"] = pictures.get(initiative["id"], ("", ""))
        initiative["theme"] = initiative["themes"][0] if initiative["themes"] else ""
    total = figures.get("initiatives.total")
    region = _region_of_the_year(programme, year)
    return {
        "programme": programme.name,
        "short_name": programme.short_name or programme.name,
        "region": region.then.name if region.then else programme.region.name,
        "region_today": region.now.name if region.changed else "",
        "year": year,
        "cover_title": edition.cover_title if edition else "",
        "cover_subtitle": edition.cover_subtitle if edition else "",
        "cover_image": queries._image_file(edition.cover_image) if edition and edition.cover_image_id else "",
        "credits": edition.credits if edition else "",
        "texts": texts,
        "figures": [
            {
                "key": row.key,
                "label": row.label,
                "value": row.value,
                "value_text": keyfigures.tile_value(row.value, row.unit),
                "note": row.note,
                "available": row.available,
                "status": row.status,
                "part_label": row.part_label,
                "records_url": row.records_url,
            }
            for row in figures
        ],
        "missing_parts": figures.missing_parts,
        "has_data": figures.has_data,
        "events": events,
        "events_more": max(0, queries.count_events_of_year(programme, year) - MAX_EVENTS),
        "laureates": [
            {
                **laureate,
                "amount_text": keyfigures.format_value(laureate["amount"], "€") if laureate["amount"] else "",
                # « montant non communiqué », never « 0 € » (awards.prizes)
                "amount_unknown_text": _unknown_amount() if laureate["amount"] is None else "",
            }
            for laureate in queries.laureates_of_year(programme, year)
        ],
        "initiatives": initiatives,
        "initiatives_count": new_count,
        "initiatives_more": max(0, new_count - len(initiatives)) if new_count is not None else 0,
        "initiatives_total": total.value if total and total.available else None,
        "studies": queries.studies_of_year(programme, year),
        "surveys": queries.surveys_of_year(programme, year),
        "charts": _charts(programme, year),
        "partners": [_with_amount(p) for p in partners.get("partners", [])],
        "funders": [_with_amount(f) for f in partners.get("funders", [])],
        "next_events": next_events,
        "generated_on": french_date(datetime.date.today()),
        "warnings": [],
    }


def _unknown_amount():
    from rallynov.awards.prizes import amount_text

    return amount_text(None)


def _region_of_the_year(programme, year):
    """The programme's region as it was in `year` (territories.history), read from the places of
    the year's records (initiatives catalogued that year)."""
    from rallynov.initiatives.models import InitiativePage

    places = [
        page.main_commune
        for page in InitiativePage.objects.filter(programme=programme, year=year, main_commune__isnull=False)
        .select_related("main_commune")
        .order_by("pk")[:200]
    ]
    return region_of_records(programme.region, year, places)


# The chart of the catalogue's growth shows this many years up to the report's.
GROWTH_YEARS = 10


def _charts(programme, year):
    """The data of the report's charts: new initiatives per year (the figure initiatives.new of
    each year: initiatives.queries.yearly), and the year's initiatives by theme."""
    per_year = initiatives_of_year.count_per_year(programme, up_to=year)
    first = max(min(per_year, default=year), year - GROWTH_YEARS + 1)
    return {
        "per_year": [{"label": str(y), "value": per_year.get(y, 0)} for y in range(first, year + 1)],
        "by_theme": [{"label": label, "value": n} for label, n in initiatives_of_year.by_theme(programme, year)[:8]],
    }


def _prepare_image(source, target_dir, name, warnings):
    """Copy `source` as a JPEG/PNG no larger than IMAGE_MAX_SIDE into target_dir; "" when unusable."""
    if not source:
        return ""
    from PIL import Image, UnidentifiedImageError

    path = Path(source)
    if not path.is_file():
        warnings.append(f"Image introuvable, non reprise dans le PDF : {path.name}")
        return ""
    try:
        with Image.open(path) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                warnings.append(
                    f"Image trop grande ({image.width}×{image.height}), non reprise : {path.name}"
                )
                return ""
            image.thumbnail((IMAGE_MAX_SIDE, IMAGE_MAX_SIDE))
            has_alpha = image.mode in ("RGBA", "LA", "P")
            filename = f"{name}.png" if has_alpha else f"{name}.jpg"
            if has_alpha:
                image.convert("RGBA").save(target_dir / filename, "PNG", optimize=True)
            else:
                image.convert("RGB").save(target_dir / filename, "JPEG", quality=82)
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError) as exc:
        warnings.append(f"Image illisible, non reprise dans le PDF : {path.name} ({exc.__class__.__name__})")
        return ""
    return f"img/{filename}"


def _json_ready(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    raise TypeError(f"Valeur non sérialisable : {value!r}")


def render_pdf(report, *, fmt="pdf", output=None, ppi=None):
    """The report as PDF bytes (or PNG pages when fmt="png" and output="…/page-{p}.png")."""
    import typst

    report = dict(report)
    warnings = report["warnings"] = list(report.get("warnings", []))
    with tempfile.TemporaryDirectory(prefix="bilan-") as tmp:
        root = Path(tmp)
        (root / "img").mkdir()
        report["cover_image"] = _prepare_image(report.get("cover_image"), root / "img", "cover", warnings)
        for kind in ("events", "laureates", "initiatives"):
            items = []
            for index, item in enumerate(report.get(kind, [])):
                items.append(
                    {
                        **item,
                        "image": _prepare_image(item.get("image"), root / "img", f"{kind}-{index}", warnings),
                    }
                )
            report[kind] = items
        (root / "bilan.typ").write_text(TEMPLATE.read_text(encoding="utf-8"), encoding="utf-8")
        data = json.dumps({**report, "fonts": list(FONTS)}, default=_json_ready, ensure_ascii=False)
        kwargs = {"root": str(root), "sys_inputs": {"data": data}, "format": fmt}
        if fmt == "pdf":
            # Tagged and PDF/UA-1 (typst ≥ 0.14 checks it: title, language, alternative texts).
            kwargs["pdf_standards"] = ["ua-1"]
        if ppi:
            kwargs["ppi"] = ppi
        if output:
            kwargs["output"] = str(output)
        result = typst.compile(str(root / "bilan.typ"), **kwargs)
    for warning in warnings:
        logger.warning(warning)
    return result, warnings


def kept_report(*, programme, year, edition=None):
    """`build_report` for the report's web page, kept while the data and the day are the same
    (core.snapshot) for a year already over: its figures move only with the records, which move
    the stamp. This year's report counts the site's audience, which moves at every visit without
    moving the stamp: it is computed at every view."""
    from django.utils import timezone

    from rallynov.core import snapshot

    def compute():
        return build_report(programme=programme, year=year, edition=edition)

    return snapshot.remember(
        ("report", programme.pk, year, edition.pk if edition else None),
        snapshot.data_stamp(),
        compute,
        keep=year < timezone.localdate().year,
        expires_at=snapshot.end_of_day,
    )
