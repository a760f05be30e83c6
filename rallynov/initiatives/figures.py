"""Key figures of the observatory, computed from the published catalogue (queries.yearly)."""


from django.utils.translation import gettext_noop

from rallynov.core.figures import Figure, records_link
from rallynov.initiatives.queries.yearly import count_per_year


def figures(*, programme, year):
    # One grouped pass over the published catalogue gives the years, the new ones and the total.
    per_year = count_per_year(programme, up_to=year)
    return [_new(per_year, year), _total(per_year, year)]


def new_figure(*, programme, year):
    return _new(count_per_year(programme, up_to=year), year)


def total_figure(*, programme, year):
    """The initiatives catalogued up to `year` (the home page shows it for the current year)."""
    return _total(count_per_year(programme, up_to=year), year)


def _new(per_year, year):
    return Figure(
        key="initiatives.new",
        label=gettext_noop("Nouvelles innovations sociales"),
        value=per_year.get(year, 0),
        part="initiatives",
        records_url=records_link("initiatives:catalogue", [("year", year)]),
        details={"year": year},
    )


def _total(per_year, year):
    years = sorted(per_year)
    return Figure(
        key="initiatives.total",
        label=gettext_noop("Initiatives répertoriées"),
        value=sum(per_year.values()),
        part="initiatives",
        # The catalogue's year facet combines years with OR: every year up to this one.
        records_url=records_link("initiatives:catalogue", [("year", y) for y in years]),
        details={"year": year},
    )


# Figures that can be computed on their own (see core.figures).
SINGLE_FIGURES = {"initiatives.new": new_figure, "initiatives.total": total_figure}
