"""The interface through which each part contributes to the yearly key figures.

Each app that owns figures has a module `figures.py` with a function

    def figures(*, programme, year) -> list[Figure]

computed from its records (never typed in), with a fixed number of queries whatever the year
holds. `reporting` gathers them; an app without the module is reported as "part not there yet"
rather than as zero. A part may also offer `SINGLE_FIGURES = {key: function(*, programme, year)
-> Figure}` for figures that can be computed alone (the fallback to the previous year uses it).
"""

from dataclasses import asdict, dataclass, field
from urllib.parse import urlencode

from django.utils.functional import lazy


@dataclass(frozen=True)
class Figure:
    key: str  # stable identifier, e.g. "initiatives.new"
    label: str  # French label shown to people, e.g. "Nouvelles innovations sociales"
    value: int | float | None
    unit: str = ""  # "", "€", "personnes"…
    part: str = ""  # the app label that computed it
    records_url: str = ""  # link to the list of records behind the figure
    note: str = ""  # e.g. "(en 2022)"
    details: dict = field(default_factory=dict)

    def as_dict(self):
        return asdict(self)


def _link(name, query):
    from django.urls import reverse  # loads the whole URL table (≈ 1 s): only when a link is shown

    return f"{reverse(name)}?{urlencode(query)}" if query else reverse(name)


_lazy_link = lazy(_link, str)


def records_link(name, query=()):
    """The address of the records behind a figure (URL name and query pairs), worked out only
    when it is read: `rallynov figures` prints no link and never loads the URL table."""
    return _lazy_link(name, tuple(query))
