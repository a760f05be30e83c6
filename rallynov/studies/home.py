"""The latest publication on the home page."""

from rallynov.core.queries import programme_for_request
from rallynov.studies.queries import published_publications


def home_section(request):
    programme = programme_for_request(request)
    if programme is None:
        return None
    publication = published_publications(programme).first()
    if publication is None:
        return None
    return {"template": "studies/home_section.html", "context": {"publication": publication}, "order": 60}
