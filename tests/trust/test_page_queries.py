"""What a visitor's page costs the database: every public page (public_pages.py: the parts' URLs
open to an anonymous visitor and every live page of Wagtail's tree) answers its second view with
at most 15 SQL queries. The first view after a change reads again what is kept per data stamp
(site, programme, chrome, facet index), so it is not the one counted. Each part's own tests check
that its pages' counts do not grow with the data (query-count tests with several records)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.trust.public_pages import matrix_context, public_paths

pytestmark = [pytest.mark.django_db, pytest.mark.timeout(1200)]

MAX_QUERIES = 15
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0"


@pytest.fixture
def ctx(request):
    return matrix_context(request)


def test_every_public_page_costs_at_most_15_queries(ctx, settings):
    settings.RATELIMIT_ENABLE = False
    client = Client(HTTP_USER_AGENT=BROWSER)
    costs = {}
    for path in public_paths(ctx):
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        if response.streaming:
            for closer in response._resource_closers:
                closer()
        costs[path] = len(queries.captured_queries)

    assert len(costs) > 40  # the walk found the pages
    assert {path: n for path, n in costs.items() if n > MAX_QUERIES} == {}
