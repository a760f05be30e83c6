"""Funders' indicators: who took part in the year's actions, by kind of structure, size band and
department, as funders such as the European Social Fund ask. Built from the `events.participants`
figure's details, so they count exactly what the key figures count."""

from rallynov.core.exports import rows_to_xlsx
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


def indicators_xlsx(indicators, *, programme):
    header = ["Programme", "Année", "Indicateur", "Modalité", "Participants", "Part (%)"]
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
    return rows_to_xlsx(header, rows, title=f"Indicateurs {indicators['year']}")
