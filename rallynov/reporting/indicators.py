"""Funders' indicators: who took part in the year's actions, by kind of structure, size band and
department, as funders such as the European Social Fund ask. Built from the `events.participants`
figure's details, so they count exactly what the key figures count.

The FSE+ common indicators of participants are computed by `events.fse.indicators.fse_indicators`
(the one function); this module lays them out for the page's workbook and `rallynov indicators`."""

import io

from django.utils.formats import number_format
from openpyxl import Workbook

from rallynov.core.exports import neutralise, rows_to_xlsx
from rallynov.reporting import keyfigures

DIMENSIONS = (
    ("by_kind", "Type de structure"),
    ("by_size_band", "Effectif de la structure"),
    ("by_department", "Département"),
)
NOT_GIVEN = "Non renseigné"


def _labeller(dimension):
    from rallynov.organizations.enums import OrganizationKind, SizeBand

    if dimension == "by_kind":
        choices = dict(OrganizationKind.choices)
    elif dimension == "by_size_band":
        choices = dict(SizeBand.choices)
    else:
        from rallynov.territories.models import Department

        choices = {d.code: str(d) for d in Department.objects.all()}
    return lambda key: str(choices.get(key, key)) if key else NOT_GIVEN


def participant_indicators(*, programme, year, figures=None):
    """{"year", "available", "status", "total", "tables": [{"key", "title", "rows": [(label, n, share)]}],
    "events": [{"title", "participants", "structures"}]}."""
    figures = figures or keyfigures.collect(programme=programme, year=year, fallback=False)
    row = figures.get("events.participants")
    result = {
        "year": year,
        "available": bool(row and row.available),
        "status": row.status if row else "",
        "tables": [],
    }
    if not result["available"]:
        result.update(total=None, events=[])
        return result
    details = row.figure.details or {}
    total = row.value or 0
    result["total"] = total
    for key, title in DIMENSIONS:
        counts = details.get(key) or {}
        label = _labeller(key)
        rows = sorted(((label(k), n) for k, n in counts.items()), key=lambda item: (-item[1], item[0]))
        result["tables"].append(
            {
                "key": key,
                "title": title,
                "rows": [(name, n, round(100 * n / total, 1) if total else 0) for name, n in rows],
                "sum": sum(n for _, n in rows),
            }
        )
    result["events"] = [
        {
            "title": entry.get("title", ""),
            "date": entry.get("date", ""),
            "participants": entry.get("participants"),
            "structures": entry.get("structures", entry.get("structures_represented")),
        }
        for entry in details.get("by_event", [])
    ]
    return result


STRUCTURE_HEADER = ["Programme", "Année", "Indicateur", "Modalité", "Participants", "Part (%)"]


def indicators_xlsx(indicators, *, programme):
    return rows_to_xlsx(
        STRUCTURE_HEADER,
        structure_rows(indicators, programme=programme),
        title=f"Indicateurs {indicators['year']}",
    )


def structure_rows(indicators, *, programme):
    """The participants by structure (kind, size band, department, action), one row per cell."""
    rows = []
    if not indicators["available"]:
        # An export asked for before the events part is there says so instead of showing zeros.
        status = indicators["status"] or "pas encore disponible"
        rows.append(
            [programme.name, indicators["year"], "Participants aux actions de l'année", status, None, None]
        )
    for table in indicators["tables"]:
        for name, count, share in table["rows"]:
            rows.append([programme.name, indicators["year"], table["title"], name, count, share])
    for event in indicators.get("events", []):
        rows.append(
            [
                programme.name,
                indicators["year"],
                "Participants par action",
                event["title"],
                event["participants"],
                None,
            ]
        )
    if indicators.get("total") is not None:
        rows.append(
            [
                programme.name,
                indicators["year"],
                "Total",
                "Participants aux actions de l'année",
                indicators["total"],
                100,
            ]
        )
    return rows


FSE_HEADER = ["Programme", "Année", "Opération", "Date", "Indicateur", "Valeur"]


def fse_rows(fse, *, programme):
    """The FSE+ indicators, one row per operation (then the year) and indicator; masked values
    stay « < 5 »."""
    rows = []
    blocks = [(op["title"], op["date"], op) for op in fse["operations"]]
    blocks.append((f"Total {fse['year']} (toutes opérations cofinancées)", "", fse["total"]))
    for title, date, block in blocks:
        base = [programme.name, fse["year"], title, date]
        rows.append([*base, "Nombre total de participants", block["participants"]])
        rows.append([*base, "Participants ayant répondu", block["answered"]])
        rows.append([*base, "Part des participants ayant répondu (%)", block["answered_share"]])
        for row in block["indicators"]:
            rows.append([*base, row["label"], row["value"]])
        if fse["sensitive_included"]:
            rows.append(
                [*base, "Participants ayant répondu aux autres caractéristiques", block["sensitive_answered"]]
            )
            for row in block["sensitive"]:
                rows.append([*base, row["label"], row["value"]])
    return rows


def funders_workbook(*, programme, fse, indicators=None):
    """The funders' workbook: the participants by structure (first sheet, when given), then the
    FSE+ common indicators."""
    workbook = Workbook(write_only=True)
    sheets = []
    if indicators is not None:
        sheets.append(
            (
                f"Indicateurs {indicators['year']}",
                STRUCTURE_HEADER,
                structure_rows(indicators, programme=programme),
            )
        )
    sheets.append((f"FSE+ {fse['year']}", FSE_HEADER, fse_rows(fse, programme=programme)))
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        sheet.append([neutralise(h) for h in header])
        for row in rows:
            sheet.append([neutralise(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _percent(share):
    """A share as people read it in the active language ("72,7 %" in French); "–" when none."""
    return "–" if share is None else f"{number_format(share, 1)} %"


def fse_table(fse):
    """The FSE+ indicators as a table for the page: one column per operation, then the year."""
    blocks = [*fse["operations"], {**fse["total"], "title": f"Total {fse['year']}", "date": ""}]
    columns = [{"title": b["title"], "date": b["date"]} for b in blocks]
    rows = [
        ("Nombre total de participants", [b["participants"] for b in blocks]),
        ("Participants ayant répondu", [b["answered"] for b in blocks]),
        (
            "Part ayant répondu",
            [_percent(b["answered_share"]) for b in blocks],
        ),
    ]
    for index, row in enumerate(fse["total"]["indicators"]):
        rows.append((row["label"], [b["indicators"][index]["value"] for b in blocks]))
    sensitive = []
    if fse["sensitive_included"]:
        sensitive.append(("Participants ayant répondu", [b["sensitive_answered"] for b in blocks]))
        sensitive.append(
            (
                "Part ayant répondu",
                [_percent(b["sensitive_answered_share"]) for b in blocks],
            )
        )
        for index, row in enumerate(fse["total"]["sensitive"]):
            sensitive.append((row["label"], [b["sensitive"][index]["value"] for b in blocks]))
    return {"columns": columns, "rows": rows, "sensitive": sensitive}
