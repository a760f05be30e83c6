"""Routing to the pages of an index whose children are all of one kind (the catalogue's sheets,
the events): Wagtail's Page.route reads a child's page row, then its own row, then each row its
template shows (commune, image…), one query each."""


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
