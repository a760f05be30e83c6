"""The accessibility statement's figures (RGAA model statement), from the project's own axe runs.

The browser tests run axe-core in Chromium on every public page they visit (`assert_accessible`);
with RALLYNOV_AXE_LOG set, each run is one JSON line (tests/axe_log.py). `summarise` turns those
lines into the audit (`rallynov accessibility-audit FILE` writes it to data/accessibility-audit.json,
committed), and the statement page and the footer read it: no figure is typed in a template.

The rate is axe-core's: of the automated rules that applied to the pages checked, the share
that no page failed. Manual checks are listed in KNOWN_NON_CONFORMITIES and EXEMPTIONS; the
status follows the RGAA scale (totalement conforme at 100 % with nothing known to fail,
partiellement conforme from 50 %, non conforme below).
"""

import datetime
import functools
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext_lazy as _

AUDIT_FILE = Path(__file__).resolve().parent / "data" / "accessibility-audit.json"

# Found by hand (keyboard, screen reader NVDA/Orca, zoom 200 %, 390 px screens), not by axe.
KNOWN_NON_CONFORMITIES = [
    _(
        "La carte du catalogue (Leaflet) ne se parcourt pas entièrement au clavier ; la liste des "
        "résultats, à côté, donne les mêmes informations (RGAA 7.3)."
    ),
    _(
        "Les vidéos des rencontres (replays hébergés ailleurs) n'ont pas toutes de sous-titres ni de "
        "transcription (RGAA 4.1, 4.3)."
    ),
    _(
        "Certains documents PDF déposés par des partenaires ne sont pas balisés pour les lecteurs "
        "d'écran (RGAA 13.3) ; les fiches et le bilan produits par le site le sont."
    ),
]
EXEMPTIONS = [
    _(
        "Les contenus de tiers intégrés (vidéos hébergées sur d'autres plateformes) : charge disproportionnée."
    ),
    _("Les archives des bilans antérieurs à 2023, publiées avant la refonte du site et plus mises à jour."),
]

STATUS_LABELS = {
    "total": _("totalement conforme"),
    "partial": _("partiellement conforme"),
    "none": _("non conforme"),
}

CHROMIUM = re.compile(r"(?:HeadlessChrome|Chrome|Chromium)/([\d.]+)")
NUMBER = re.compile(r"/\d+(?=/|$)")


@dataclass(frozen=True)
class Audit:
    date: datetime.date
    runs: int
    pages: int
    page_kinds: int
    screen_sizes: list
    rules_checked: int
    rules_failed: list
    rate: float
    axe_version: str
    chromium_version: str
    non_conformities: list = field(default_factory=lambda: list(KNOWN_NON_CONFORMITIES))
    exemptions: list = field(default_factory=lambda: list(EXEMPTIONS))

    @property
    def status(self):
        if self.rate >= 100 and not self.rules_failed and not self.non_conformities:
            return "total"
        return "partial" if self.rate >= 50 else "none"

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]


def summarise(runs, *, date):
    """The audit of a list of axe runs (dicts of tests/axe_log.py). A rule counts as checked when
    it applied to at least one page (passed or failed there), as failed when one page failed it."""
    runs = [run for run in runs if run.get("path")]
    applied = set()
    failed = set()
    for run in runs:
        applied.update(run.get("passes", []))
        applied.update(run.get("violations", []))
        failed.update(run.get("violations", []))
    sizes = Counter((run.get("width"), run.get("height")) for run in runs if run.get("width"))
    versions = sorted({m.group(1) for run in runs for m in [CHROMIUM.search(run.get("user_agent", ""))] if m})
    rate = round(100 * (len(applied) - len(failed)) / len(applied), 1) if applied else 0.0
    return Audit(
        date=date,
        runs=len(runs),
        pages=len({run["path"] for run in runs}),
        page_kinds=len({NUMBER.sub("/<n>", run["path"]) for run in runs}),
        screen_sizes=[f"{w} × {h}" for (w, h), _count in sorted(sizes.items(), key=lambda item: -item[1])],
        rules_checked=len(applied),
        rules_failed=sorted(failed),
        rate=rate,
        axe_version=sorted({run.get("axe", "") for run in runs} - {""})[-1] if runs else "",
        # Chromium reduces its user agent to the major version ("156.0.0.0"): show "156".
        chromium_version=versions[-1].removesuffix(".0.0.0") if versions else "",
    )


def read_runs(path):
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def write_audit(audit, path=AUDIT_FILE):
    data = {
        "date": audit.date.isoformat(),
        "runs": audit.runs,
        "pages": audit.pages,
        "page_kinds": audit.page_kinds,
        "screen_sizes": audit.screen_sizes,
        "rules_checked": audit.rules_checked,
        "rules_failed": audit.rules_failed,
        "rate": audit.rate,
        "axe_version": audit.axe_version,
        "chromium_version": audit.chromium_version,
    }
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


@functools.cache
def load_audit(path=AUDIT_FILE):
    """The committed audit, or None when it was never written (the statement then says so)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    data["date"] = datetime.date.fromisoformat(data["date"])
    return Audit(**data)
