import pytest

from tests.trust.hosts import OCC_HOST


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


@pytest.fixture
def two_programmes(home_page, programme):
    """BFC (the default programme, on localhost) with a sheet in Dijon; Occitanie on its own host
    with a sheet in Toulouse."""
    from rallynov.core.programmes import create_programme
    from rallynov.initiatives.demo import seed_reference
    from rallynov.initiatives.domain import ensure_catalogue
    from rallynov.initiatives.tests.factories import make_initiative

    seed_reference()
    bfc_sheet = make_initiative(
        ensure_catalogue(programme=programme), programme, "Épicerie solidaire de Dijon"
    )
    occ, _created = create_programme(
        slug="occitanie", name="Rally'nov Occitanie", region_code="76", host=OCC_HOST
    )
    occ_sheet = make_initiative(
        ensure_catalogue(programme=occ), occ, "Covoiturage rural du Lauragais", commune="31555"
    )
    return programme, occ, bfc_sheet, occ_sheet


@pytest.fixture
def any_host(settings):
    settings.ALLOWED_HOSTS = ["*"]
