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


def test_generated_follow_ups_are_marked_and_purged_alone(initiative_factory):
    from rallynov.core.demo import purge_generated
    from rallynov.initiatives.models import FollowUp

    page = initiative_factory("Le Mas d'Héricourt", commune="70285", year=2014, laureate_year=2014)
    FollowUp.objects.create(initiative=page, date="2023-04-15", title="Nouveau local", people_reached=300)
    FollowUp.objects.create(
        initiative=page, date="2023-05-15", title="Bilan annuel (suivi de lauréat)", people_reached=80, is_generated=True
    )
    purge_generated(log=lambda *a: None)
    assert list(FollowUp.objects.values_list("title", flat=True)) == ["Nouveau local"]
    assert InitiativePage.objects.filter(pk=page.pk).exists()
