"""National key figures: the regions' key figures added up, each saying which regions it covers.

A figure is added up over the programmes that have it (a number); a programme whose part is not
there yet or that does not know the figure is left out of the sum and out of its list of regions,
never counted as zero."""

from dataclasses import dataclass, field

from rallynov.core.models import Programme
from rallynov.reporting import keyfigures


@dataclass
class NationalFigure:
    key: str
    label: str
    unit: str
    part: str
    part_label: str
    value: int | float | None = None
    regions: list = field(default_factory=list)  # names of the programmes' regions added up

    @property
    def available(self):
        return self.value is not None

    def as_dict(self):
        return {
            "key": self.key,
            "label": self.label,
            "value": self.value,
            "unit": self.unit,
            "part": self.part,
            "part_label": self.part_label,
            "available": self.available,
            "status": "disponible" if self.available else "pas encore disponible",
            "note": ("(" + ", ".join(self.regions) + ")") if self.regions else "",
            "records_url": "",
            "details": {"regions": list(self.regions)},
        }


def national_figures(*, year, programmes=None):
    """[NationalFigure] of `year`, in the order of the key figures, summed over `programmes`
    (every programme by default)."""
    programmes = list(programmes if programmes is not None else Programme.objects.select_related("region"))
    programmes.sort(key=lambda programme: programme.region.name)
    collected = [(programme, keyfigures.collect(programme=programme, year=year)) for programme in programmes]
    figures = {}
    for programme, key_figures in collected:
        for row in key_figures:
            figure = figures.setdefault(
                row.key,
                NationalFigure(
                    key=row.key, label=row.label, unit=row.unit, part=row.part, part_label=row.part_label
                ),
            )
            if row.available and isinstance(row.value, int | float) and not isinstance(row.value, bool):
                figure.value = (figure.value or 0) + row.value
                figure.regions.append(programme.region.name)
    return list(figures.values())
