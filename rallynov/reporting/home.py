"""The home page's key-figures section: the latest complete year, its available non-zero figures."""

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


def home_section(request):
    programme = programme_for_request(request)
    if programme is None:
        return None
    year = queries.latest_complete_year(programme)
    figures = keyfigures.collect(programme=programme, year=year)
    rows = [row for key in HOME_KEYS if (row := figures.get(key)) and row.available and row.value]
    if not rows:
        return None
    edition = ReportEdition.objects.filter(programme=programme, year=year, is_published=True).first()
    return {
        "template": "reporting/home_section.html",
        "context": {"year": year, "rows": rows, "edition": edition},
        "order": 20,
    }
