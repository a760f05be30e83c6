"""Every public page of the site, for the tests that must look at each one (no cookie, no third
party, English, phone): the parts' URLs that the permission matrix opens to an anonymous visitor
(each part's `access.py`; a URL without a case already fails the matrix) and every live page of
Wagtail's page tree, in French and in English (/en/)."""

from django.urls import reverse, translate_url

from rallynov.core.access import OK, ROLES


def matrix_context(request):
    """The permission matrix's context: a user per role, the programme and its home page; the
    parts' `cases` create the records their URLs need."""
    users = {role: (None if role == "anonymous" else request.getfixturevalue(role)) for role in ROLES}
    return {
        **users,
        "programme": request.getfixturevalue("programme"),
        "home_page": request.getfixturevalue("home_page"),
    }


def public_paths(ctx):
    """Sorted French paths (with query strings) of the pages an anonymous visitor may open."""
    from wagtail.models import Page

    from tests.trust.test_permission_matrix import collect_cases

    paths = set()
    for case in collect_cases(ctx):
        if case.method == "GET" and case.expected.get("anonymous") == OK:
            paths.add(reverse(case.url_name, kwargs=case.kwargs) + (f"?{case.query}" if case.query else ""))
    for page in Page.objects.live().public().filter(depth__gt=1).specific():
        url = page.get_url()
        if url:
            paths.add(url)
    return sorted(paths)


def in_english(path):
    """The English address of a French path (the same path when it has no English version)."""
    return translate_url(path, "en")
