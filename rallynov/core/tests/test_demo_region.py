"""rallynov demo --with-second-region: a generated second programme and the national site."""

import io

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
    # Its own colours, so that one sees whose site one is on.
    from rallynov.site.models import SiteSettings

    assert SiteSettings.for_site(second.site).primary_colour == "#8a1538"


@pytest.mark.django_db
def test_demo_port_keeps_the_port_in_the_links_between_the_demo_sites(home_page, programme, client, settings):
    from django.core.management import call_command
    from wagtail.models import Site

    settings.ALLOWED_HOSTS = ["*"]
    load_second_region(log=lambda *args: None)

    call_command("demo", "--if-empty", "--port", "8000", stdout=io.StringIO())

    assert sorted(Site.objects.values_list("hostname", "port")) == [
        ("carrefour.localhost", 8000),
        ("localhost", 8000),
        ("occitanie.localhost", 8000),
    ]
    national = client.get("/initiatives/signaler/", HTTP_HOST="carrefour.localhost:8000").content.decode()
    assert 'href="http://occitanie.localhost:8000/initiatives/signaler/"' in national
