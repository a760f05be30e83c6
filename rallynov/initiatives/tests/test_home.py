"""The home page's observatory section: the three initiatives published last, in a fixed number
of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rallynov.initiatives import facets
from rallynov.initiatives.home import home_section

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [1, 5])
def test_home_section_shows_the_latest_published_in_fixed_queries(rf, home_page, initiative_factory, count):
    titles = [f"Initiative {n}" for n in range(count)]
    for title in titles:
        initiative_factory(title)
    home_section(rf.get("/"))  # the site, the programme
    # No facet index kept by this process (an earlier test may have left one for a programme of
    # the same id, whose stamp would be read and found stale: one query more).
    facets.clear()

    request = rf.get("/")
    with CaptureQueriesContext(connection) as captured:
        section = home_section(request)

    assert [page.title for page in section["context"]["latest"]] == titles[::-1][:3]
    assert section["context"]["total"] == count
    # The site and the programme of the request, the count per year (grouped; from the facet
    # index's stamp where the process keeps one), the three pages.
    assert len(captured) == 4
