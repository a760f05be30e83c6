import pytest

from rallynov.initiatives.tests.factories import make_initiative


@pytest.fixture
def catalogue(home_page, programme):
    """The catalogue page with the demo's themes and SDGs."""
    from rallynov.initiatives.demo import seed_reference
    from rallynov.initiatives.domain import ensure_catalogue

    seed_reference()
    return ensure_catalogue(programme=programme)


@pytest.fixture
def initiative_factory(catalogue, programme):
    def make(title, **kwargs):
        return make_initiative(catalogue, programme, title, **kwargs)

    return make
