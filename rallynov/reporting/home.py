"""The home page's key-figures section: the latest complete year, its available non-zero figures."""

from rallynov.core import snapshot
from rallynov.core.queries import programme_for_request
from rallynov.reporting import keyfigures, queries
from rallynov.reporting.models import ReportEdition

# The figures the home page shows, in this order, when they have a value.
HOME_KEYS = (
    "initiatives.new",
    "initiatives.total",
    "awards.laureates",
    "events.participants",
    "studies.survey_respondents",
    "partners.count",
)


# The figures are kept with their own moments (keyfigures.collect), not as a whole (site.home).
HOME_SECTION_KEPT = False

# Only these parts are computed for the home page (not the site's audience, never kept).
HOME_PARTS = frozenset(key.split(".", 1)[0] for key in HOME_KEYS)


def _year_and_edition(programme):
    year = queries.latest_complete_year(programme)
    return year, ReportEdition.objects.filter(programme=programme, year=year, is_published=True).first()


def home_section(request):
    programme = programme_for_request(request)
    if programme is None:
        return None
    # The year shown and its report move with the data and the date (core.snapshot).
    stamp = snapshot.data_stamp()  # read once for the year and the figures
    year, edition = snapshot.remember(
        ("home-year", programme.pk),
        stamp,
        lambda: _year_and_edition(programme),
        expires_at=snapshot.end_of_day,
    )
    figures = keyfigures.collect(programme=programme, year=year, parts=HOME_PARTS, stamp=stamp)
    rows = [row for key in HOME_KEYS if (row := figures.get(key)) and row.available and row.value]
    if not rows:
        return None
    return {
        "template": "reporting/home_section.html",
        "context": {"year": year, "rows": rows, "edition": edition},
        "order": 20,
    }
