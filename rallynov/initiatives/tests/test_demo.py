import pytest

from rallynov.initiatives.models import CatalogueEntry, InitiativePage

pytestmark = pytest.mark.django_db


def test_demo_catalogue_reproduces_the_reports(programme, home_page):
    from rallynov.initiatives import demo
    from rallynov.organizations import demo as organizations_demo

    organizations_demo.load(programme=programme, log=lambda *a: None)
    demo.load(programme=programme, log=lambda *a: None)
    published = CatalogueEntry.objects.filter(programme=programme)
    assert published.filter(year__lte=2023).count() == 163
    assert published.filter(year=2023).count() == 15
    assert published.filter(year__lte=2014).count() == 80
    named = InitiativePage.objects.filter(is_generated=False)
    assert named.count() == 16
    assert sorted(named.filter(laureate_year__isnull=False).values_list("title", "laureate_year")) == [
        ("Covoiturage domicile-travail", 2014),
        ("Le Drive fermier 39", 2014),
        ("Le Mas d'Héricourt", 2014),
        ("Les Délices Bleus", 2022),
        ("Métalhom", 2022),
        ("Vadapad", 2014),
    ]
    assert InitiativePage.objects.get(title="Métalhom").main_commune.name == "Brognard"
    assert InitiativePage.objects.get(title="Le Mas d'Héricourt").main_commune.insee == "70285"
