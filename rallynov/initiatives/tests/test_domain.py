import pytest

from rallynov.core.models import AuditEntry
from rallynov.initiatives.domain import set_laureate
from rallynov.initiatives.figures import figures
from rallynov.initiatives.models import CatalogueEntry

pytestmark = pytest.mark.django_db


def test_set_laureate_marks_page_revision_and_catalogue(initiative_factory):
    page = initiative_factory("Les Délices Bleus", year=2022)
    set_laureate(initiative=page, year=2022)
    page.refresh_from_db()
    assert page.laureate_year == 2022
    assert page.latest_revision.content["laureate_year"] == 2022
    assert CatalogueEntry.objects.get(pk=page.pk).laureate_year == 2022
    assert AuditEntry.objects.get(action="laureate").changes == {"laureate_year": [None, 2022]}
    # Publishing the latest revision again keeps the mark.
    page.get_latest_revision().publish()
    page.refresh_from_db()
    assert page.laureate_year == 2022


def test_figures_count_published_initiatives(programme, initiative_factory):
    initiative_factory("A", year=2014)
    initiative_factory("B", year=2023)
    initiative_factory("C", year=2023)
    initiative_factory("D", year=2023, live=False)
    result = {f.key: (f.value, f.records_url) for f in figures(programme=programme, year=2023)}
    assert result == {
        "initiatives.new": (2, "/initiatives/?year=2023"),
        "initiatives.total": (3, "/initiatives/?year=2014&year=2023"),
    }
    assert {f.key: f.value for f in figures(programme=programme, year=2014)} == {
        "initiatives.new": 1,
        "initiatives.total": 1,
    }


def test_home_section_counts_the_catalogue(client, initiative_factory):
    initiative_factory("Épicerie solidaire", year=2014)
    html = client.get("/").content.decode()
    assert "Retrouvez l&#x27;initiative répertoriée" in html or "Retrouvez l'initiative répertoriée" in html
