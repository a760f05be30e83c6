"""`page|breadcrumb_ancestors`: the pages a breadcrumb shows above a page, without a query for a
page reached by its address."""

from django import template

register = template.Library()

HOME_DEPTH = 2  # a site's home page; the tree's root (depth 1) is never shown


@register.filter
def breadcrumb_ancestors(page):
    """The ancestors of `page` from its site's home down, as `page.get_ancestors()` without the
    tree's root. Wagtail's routing keeps each page's parent on it (`_cached_parent_obj`, which
    treebeard's get_parent reads too): they are used when they lead to the home page, else the
    ancestors are read from the database (a preview, a page served by a view)."""
    chain, current = [], page
    while current.depth > HOME_DEPTH:
        parent = getattr(current, "_cached_parent_obj", None)
        if parent is None or parent.depth != current.depth - 1:
            return page.get_ancestors().filter(depth__gte=HOME_DEPTH)
        chain.append(parent)
        current = parent
    return chain[::-1]
