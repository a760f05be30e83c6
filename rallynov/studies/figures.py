"""Key figures of the studies part, computed from records."""

from django.utils.translation import gettext_noop

from rallynov.core.figures import Figure, records_link
from rallynov.studies import queries


def figures(*, programme, year):
    interviewed = queries.interviews_in_year(programme, year).values("organization").distinct().count()
    respondents = queries.completed_in_year(programme, year).count()
    publications = queries.publications_in_year(programme, year).count()
    return [
        Figure(
            key="studies.structures_interviewed",
            label=gettext_noop("Entreprises interviewées"),
            value=interviewed,
            unit="structures",
            part="studies",
            records_url=records_link("studies:interviews", [("annee", year)]),
            details={"interviews": queries.interviews_in_year(programme, year).count()},
        ),
        Figure(
            key="studies.survey_respondents",
            label=gettext_noop("Répondants aux enquêtes"),
            value=respondents,
            unit="personnes",
            part="studies",
            records_url=records_link("studies:manage"),
        ),
        Figure(
            key="studies.publications",
            label=gettext_noop("Publications"),
            value=publications,
            part="studies",
            records_url=records_link("studies:index"),
        ),
    ]
