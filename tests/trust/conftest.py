import pytest


@pytest.fixture(autouse=True)
def _groups_have_their_permissions(request):
    """Give the role groups their permissions in every database test of this folder, whatever the
    post_migrate wiring (groups are filled after the last app's migration, which an app without
    models never signals)."""
    if request.node.get_closest_marker("django_db") is None:
        return
    request.getfixturevalue("_django_db_helper")
    from rallynov.accounts.domain import ensure_groups

    ensure_groups()
