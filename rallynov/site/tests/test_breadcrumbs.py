"""A breadcrumb's ancestors: those Wagtail's routing has read, else from the database; the same."""

import datetime

import pytest
from wagtail.models import Page

from rallynov.core.templatetags.breadcrumbs import breadcrumb_ancestors

pytestmark = pytest.mark.django_db


def test_breadcrumb_ancestors_of_a_routed_page_need_no_query(client, make_article, django_assert_num_queries):
    article = make_article("Salon régional", datetime.date(2014, 5, 1))
    expected = [(p.pk, p.depth) for p in article.get_ancestors() if p.depth >= 2]
    routed = client.get(article.url).context["page"]

    with django_assert_num_queries(0):
        from_route = [(p.pk, p.depth) for p in breadcrumb_ancestors(routed)]
    from_database = [(p.pk, p.depth) for p in breadcrumb_ancestors(Page.objects.get(pk=article.pk))]

    assert from_route == from_database == expected
    assert [depth for _pk, depth in expected] == [2, 3]
