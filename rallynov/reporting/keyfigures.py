"""Key figures of a year, gathered from every part's `figures.py` (see core.figures).

The catalogue below says which figures a yearly report expects and which part computes each one.
A part that is not there yet (no `figures.py`), or that does not return an expected key, is shown
as "pas encore disponible" with the part's name: never as zero.

Presentation rule (from the 2023 report, which shows "2882 vues … (en 2022)"): a figure listed in
`FALLBACK_TO_PREVIOUS_YEAR` that has no value for the year (None or 0) is shown with the previous
year's value and the note "(en Y-1)". Only `collect(..., fallback=True)` applies it; comparisons
between years (dashboard) use the raw values.
"""

import datetime
import logging
from dataclasses import dataclass, field, replace

from django.utils.translation import gettext_noop

from rallynov.core import snapshot
from rallynov.core.figures import Figure

logger = logging.getLogger(__name__)

# The parts that compute figures, with the name people read when a part is missing.
PARTS = {
    "initiatives": gettext_noop("Observatoire des initiatives"),
    "studies": gettext_noop("Études et enquêtes"),
    "awards": gettext_noop("Prix de l'innovation sociale"),
    "events": gettext_noop("Événements"),
    "site": gettext_noop("Site et mesure d'audience"),
    "partners": gettext_noop("Partenaires et financements"),
}


@dataclass(frozen=True)
class Expected:
    key: str
    label: str
    unit: str = ""


# In the order of the seeds' "Chiffres clés" pages.
CATALOGUE = (
    Expected("initiatives.new", gettext_noop("Nouvelles innovations sociales recensées")),
    Expected("initiatives.total", gettext_noop("Initiatives dans le catalogue")),
    Expected("studies.structures_interviewed", gettext_noop("Structures interviewées")),
    Expected("studies.survey_respondents", gettext_noop("Répondants aux enquêtes")),
    Expected("studies.publications", gettext_noop("Publications")),
    Expected("awards.applications", gettext_noop("Candidatures au prix")),
    Expected("awards.laureates", gettext_noop("Lauréats")),
    Expected("awards.prize_money", gettext_noop("Montant des prix"), "€"),
    Expected("awards.laureate_sheets_updated", gettext_noop("Fiches de lauréats mises à jour")),
    Expected("events.count", gettext_noop("Événements")),
    Expected("events.participants", gettext_noop("Participants aux événements")),
    Expected("events.structures_represented", gettext_noop("Structures représentées")),
    Expected("events.workshop_participants", gettext_noop("Participants aux ateliers")),
    Expected("events.video_views", gettext_noop("Vues des vidéos")),
    Expected("site.visitors", gettext_noop("Visiteurs du site")),
    Expected("site.page_views", gettext_noop("Pages consultées")),
    Expected("partners.count", gettext_noop("Partenaires")),
    Expected("partners.funders", gettext_noop("Financeurs")),
    Expected("partners.funding_total", gettext_noop("Financements"), "€"),
)
CATALOGUE_KEYS = {expected.key: expected for expected in CATALOGUE}

FALLBACK_TO_PREVIOUS_YEAR = frozenset({"events.video_views"})

# Years outside this range are refused with a clear message rather than computed.
FIRST_YEAR = 1990


def last_allowed_year():
    # The programme of next year is planned during this one: its events already exist.
    return datetime.date.today().year + 1


def check_year(year):
    """Return the year as an int, or raise ValueError with a French message."""
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValueError("L'année doit être un nombre, par exemple 2023.") from None
    if not FIRST_YEAR <= year <= last_allowed_year():
        raise ValueError(f"L'année doit être comprise entre {FIRST_YEAR} et {last_allowed_year()}.")
    return year


@dataclass
class Row:
    """One line of the key figures: a computed figure, or a figure whose part is not there yet."""

    key: str
    label: str
    part: str
    part_label: str
    figure: Figure | None = None
    failed: bool = False  # the part is there but its computation raised

    @property
    def available(self):
        return self.figure is not None and self.figure.value is not None

    @property
    def value(self):
        return self.figure.value if self.figure else None

    @property
    def unit(self):
        return self.figure.unit if self.figure else CATALOGUE_KEYS.get(self.key, Expected("", "")).unit

    @property
    def note(self):
        return self.figure.note if self.figure else ""

    @property
    def records_url(self):
        return str(self.figure.records_url) if self.figure else ""

    @property
    def status(self):
        if self.available:
            return gettext_noop("disponible")
        if self.figure is not None and not self.failed:
            return gettext_noop("non communiqué")  # computed, but unknown (a prize whose amount was not given)
        return gettext_noop("calcul impossible") if self.failed else gettext_noop("pas encore disponible")

    def as_dict(self):
        return {
            "key": self.key,
            "label": self.label,
            "value": self.value,
            "unit": self.unit,
            "part": self.part,
            "part_label": self.part_label,
            "available": self.available,
            "status": self.status,
            "note": self.note,
            "records_url": self.records_url,
            "details": self.figure.details if self.figure else {},
        }


@dataclass
class KeyFigures:
    year: int
    rows: list = field(default_factory=list)
    missing_parts: list = field(default_factory=list)  # [(label, part_label)] of absent parts

    def __iter__(self):
        return iter(self.rows)

    def get(self, key):
        for row in self.rows:
            if row.key == key:
                return row
        return None

    def value(self, key):
        row = self.get(key)
        return row.value if row else None

    def as_dict(self):
        return {
            "year": self.year,
            "figures": [row.as_dict() for row in self.rows],
            "missing_parts": list(self.missing_parts),
        }

    @property
    def has_data(self):
        """True when at least one figure of the year is a non-zero number."""
        return any(row.available and row.value for row in self.rows)


def figure_modules():
    """{part: module} for every installed rallynov app with a `figures.py`. A part is named after its
    package (`rallynov.site` -> "site"), as the figure keys are, whatever its app label."""
    from rallynov.core.parts import part_modules

    return {
        config.name.rsplit(".", 1)[1]: module
        for config, module in part_modules("figures")
        if hasattr(module, "figures")
    }


def _part_of(key):
    return key.split(".", 1)[0]


class PartFailed(dict):
    """The figures of a part whose computation raised: shown as "calcul impossible", never as 0."""


def _figures_of(module, *, programme, year):
    try:
        return {figure.key: figure for figure in module.figures(programme=programme, year=year)}
    except Exception:  # one part's bug must not take the key figures of every other part down
        logger.exception("Calcul des chiffres impossible : %s (%s)", module.__name__, year)
        return PartFailed()


def _single_figure(module, key, *, programme, year):
    """One figure of a part: through the part's `SINGLE_FIGURES[key]` when it offers one (no need to
    compute all its other figures again), else picked from all its figures. None when unavailable."""
    single = getattr(module, "SINGLE_FIGURES", {}).get(key)
    if single is None:
        return _figures_of(module, programme=programme, year=year).get(key)
    try:
        return single(programme=programme, year=year)
    except Exception:  # as in _figures_of: a part's bug must not take the others down
        logger.exception("Calcul des chiffres impossible : %s, %s (%s)", module.__name__, key, year)
        return None


def _expiry(module, *, programme, year):
    """When a part's figures of `year` may move with time alone: the end of the day (figures that
    count what is already published or held today), or earlier when the part says so."""

    def expires_at():
        until = snapshot.end_of_day()
        change_at = getattr(module, "figures_change_at", None)
        moment = change_at(programme=programme, year=year) if change_at else None
        return min(until, moment) if moment else until

    return expires_at


def _kept_figures_of(label, module, *, programme, year, stamp, keep):
    """A part's figures, from the snapshot when the data did not change since (core.snapshot);
    a part whose computation failed is not kept."""
    computed = snapshot.remember(
        ("figures", label, programme.pk, year),
        stamp,
        lambda: _figures_of(module, programme=programme, year=year),
        keep=keep and label not in snapshot.VOLATILE_PARTS,
        expires_at=_expiry(module, programme=programme, year=year),
    )
    if isinstance(computed, PartFailed):
        snapshot.forget(("figures", label, programme.pk, year))
        return computed
    # A copy: callers (the fallback below) change the dict.
    return dict(computed)


def collect(*, programme, year, fallback=True, modules=None, parts=None, stamp=None):
    """The key figures of `year` for `programme`, in catalogue order, then the parts' extra ones.
    Each part's figures come from the snapshot while the data and the day are the same.
    `parts` (names) limits the computation to those parts: the others' rows are then unavailable
    (the home page, which shows a few figures only). `stamp`: the data stamp, when the caller has
    just read it (else it is read here)."""
    year = check_year(year)
    # Only the installed parts' figures are kept (tests pass modules of their own).
    keep = modules is None
    modules = figure_modules() if modules is None else modules
    if parts is not None:
        modules = {label: module for label, module in modules.items() if label in parts}
    if not keep:
        stamp = None
    elif stamp is None:
        stamp = snapshot.data_stamp()
    computed = {}
    for label, module in modules.items():
        computed[label] = _kept_figures_of(label, module, programme=programme, year=year, stamp=stamp, keep=keep)

    if fallback:
        for key in FALLBACK_TO_PREVIOUS_YEAR:
            part = _part_of(key)
            figure = computed.get(part, {}).get(key)
            if part in modules and (figure is None or not figure.value):
                previous = snapshot.remember(
                    ("single", key, programme.pk, year - 1),
                    stamp,
                    lambda part=part, key=key: _single_figure(modules[part], key, programme=programme, year=year - 1),
                    keep=keep and part not in snapshot.VOLATILE_PARTS,
                    expires_at=_expiry(modules[part], programme=programme, year=year - 1),
                )
                if previous is not None and previous.value:
                    computed[part][key] = replace(
                        previous,
                        note=f"(en {year - 1})",
                        details={**previous.details, "year": year - 1},
                    )

    rows = []
    for expected in CATALOGUE:
        part = _part_of(expected.key)
        figure = computed.get(part, {}).get(expected.key)
        rows.append(
            Row(
                key=expected.key,
                label=figure.label if figure and figure.label else expected.label,
                part=part,
                part_label=PARTS.get(part, part),
                figure=figure,
                failed=isinstance(computed.get(part), PartFailed),
            )
        )
    for part, figures in computed.items():
        for key, figure in figures.items():
            if key not in CATALOGUE_KEYS:
                rows.append(
                    Row(
                        key=key,
                        label=figure.label,
                        part=part,
                        part_label=PARTS.get(part, part),
                        figure=figure,
                    )
                )
    missing = sorted({(row.part, row.part_label) for row in rows if row.part not in modules})
    return KeyFigures(year=year, rows=rows, missing_parts=[label for _, label in missing])


# Units that belong next to the number; others ("personnes", "structures") are said by the label.
NUMBER_UNITS = ("€", "%")


def tile_value(value, unit=""):
    """The big number of a key-figure tile: 2 000 €, but 11 rather than "11 structures"."""
    return format_value(value, unit if unit in NUMBER_UNITS else "")


def format_value(value, unit=""):
    """French number formatting: 13 000, 2 000 €."""
    if value is None:
        return "pas encore disponible"
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:,.1f}".replace(",", "\u202f").replace(".", ",")
    else:
        text = f"{int(value):,}".replace(",", "\u202f")
    return f"{text} {unit}".strip() if unit else text
