"""Routing to Wagtail's pages.

- `route_to_child`: to the pages of an index whose children are all of one kind (the catalogue's
  sheets, the events): Wagtail's Page.route reads a child's page row, then its own row, then each
  row its template shows (commune, image…), one query each;
- `kept_route`: the route of an address, kept per data stamp (every page found at the next request
  after a write: a new page, a slug changed, a page unpublished or moved).
"""

from rallynov.core import snapshot

# The routes of the last addresses served, per site (core.snapshot.KeptValues).
KEPT_ROUTES = snapshot.KeptValues(2048)


def route_to_child(parent, request, path_components, *, model, select_related=()):
    """The route to the child of `parent` named by `path_components` when it is a `model` page,
    read in one query with `select_related`; None for any other path (the caller then routes as
    Page.route does: a child of another kind, a deeper path, the parent itself, a 404)."""
    if len(path_components) != 1:
        return None
    child = (
        model.objects.child_of(parent).select_related(*select_related).filter(slug=path_components[0]).first()
    )
    if child is None:
        return None
    child._cached_parent_obj = parent  # as Page.route does: get_parent() without a query
    return child.route(request, [])


def kept_route(request, path):
    """Wagtail's route for `path` (Page.route_for_request: the page, its arguments), kept per data
    stamp for GET and HEAD requests, and put where Wagtail's serve view looks for it first. Not
    found (None) is never kept: unknown addresses cannot push the known ones out."""
    from wagtail.models import Page, Site

    if request.method not in ("GET", "HEAD") or hasattr(request, "_wagtail_route_for_request"):
        return
    site = Site.find_for_request(request)
    if site is None:
        return
    key = (site.pk, path)
    found = KEPT_ROUTES.get(key, lambda: Page.route_for_request(request, path))
    if found is None:
        KEPT_ROUTES.forget(key)
    request._wagtail_route_for_request = found
