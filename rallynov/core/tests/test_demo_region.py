"""rallynov demo --with-second-region: a generated second programme and the national site."""

import pytest

from rallynov.core.demo_region import load_second_region
from rallynov.core.models import NationalSite
from rallynov.initiatives.models import CatalogueEntry, InitiativePage


@pytest.mark.django_db
def test_second_region_adds_generated_initiatives_and_the_national_site(home_page, programme):
    bfc_before = InitiativePage.objects.filter(programme=programme).count()

    second = load_second_region(log=lambda *args: None)
    again = load_second_region(log=lambda *args: None)

    sheets = InitiativePage.objects.filter(programme=second)
    assert (second.slug, second.region.code, again.pk) == ("occitanie", "76", second.pk)
    assert sheets.count() == 20
    assert set(sheets.values_list("is_generated", flat=True)) == {True}
    assert set(sheets.values_list("main_commune__department__region__code", flat=True)) == {"76"}
    assert CatalogueEntry.objects.filter(programme=second).count() == 20
    assert list(NationalSite.objects.values_list("site__hostname", flat=True)) == ["carrefour.localhost"]
    assert InitiativePage.objects.filter(programme=programme).count() == bfc_before
