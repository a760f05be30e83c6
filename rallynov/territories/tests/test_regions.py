import datetime

import pytest

from rallynov.territories.models import Commune, Region

pytestmark = pytest.mark.django_db


def test_montbeliard_is_in_franche_comte_in_2014_and_in_bfc_today():
    montbeliard = Commune.objects.get(insee="25388")
    assert montbeliard.region_on(datetime.date(2014, 6, 1)).name == "Franche-Comté"
    assert montbeliard.region_on(2014).code == "43"
    assert montbeliard.region_on(datetime.date(2016, 1, 1)).code == "27"
    assert montbeliard.region.code == "27"


def test_merger_date_is_exact():
    dijon = Commune.objects.get(insee="21231")
    assert dijon.region_on(datetime.date(2015, 12, 31)).name == "Bourgogne"
    assert dijon.region_on(datetime.date(2016, 1, 1)).name == "Bourgogne-Franche-Comté"


def test_old_regions_lead_to_todays_region():
    assert Region.objects.get(code="43").current().code == "27"
    assert Region.objects.get(code="26").current().code == "27"
    assert Region.objects.get(code="53").current().code == "53"


def test_bfc_departments_include_both_former_regions():
    bfc = Region.objects.get(code="27")
    assert sorted(bfc.all_department_codes()) == ["21", "25", "39", "58", "70", "71", "89", "90"]
    assert sorted(d.code for d in bfc.current_departments()) == ["21", "25", "39", "58", "70", "71", "89", "90"]


def test_unchanged_region_keeps_its_departments():
    brittany = Commune.objects.get(insee="35238").department  # Rennes
    assert brittany.region_on(2010).code == "53"
    assert brittany.region_on(2020).code == "53"


def test_commune_names_its_department_without_a_query(django_assert_num_queries):
    from rallynov.territories.models import Commune

    communes = list(Commune.objects.only("insee", "name", "department_id"))
    with django_assert_num_queries(0):
        labels = [str(commune) for commune in communes]
    assert "Dijon (21)" in labels and "Ajaccio (2A)" in labels and "Saint-Denis (974)" in labels
    # The code read from the INSEE code is the department's, for every commune of France.
    wrong = [
        (commune.insee, commune.department.code)
        for commune in Commune.objects.select_related("department")
        if commune.department_code != commune.department.code
    ]
    assert wrong == []


def test_region_at_the_time_names_the_region_of_then_and_of_today():
    from rallynov.territories.history import region_at_the_time

    besancon = Commune.objects.get(insee="25056")
    then = region_at_the_time(besancon, 2014)
    assert then.label == "Franche-Comté, aujourd'hui Bourgogne-Franche-Comté"
    assert then.as_dict()["code"] == "43" and then.as_dict()["current_code"] == "27"
    assert region_at_the_time(besancon, 2023).label == "Bourgogne-Franche-Comté"
    dijon = Commune.objects.get(insee="21231")
    assert region_at_the_time(dijon, datetime.date(2015, 12, 31)).label == "Bourgogne, aujourd'hui Bourgogne-Franche-Comté"
    assert region_at_the_time(dijon.department, datetime.date(2016, 1, 1)).changed is False
    rennes = Commune.objects.get(insee="35238")
    assert region_at_the_time(rennes, 2010).label == "Bretagne"
    assert region_at_the_time(None, 2014).as_dict() is None


def test_region_at_the_time_filter_in_a_template():
    from django.template import Context, Template

    besancon = Commune.objects.get(insee="25056")
    html = Template("{% load territories %}{{ c|region_at_the_time:year }}").render(Context({"c": besancon, "year": 2014}))
    assert html == "Franche-Comté, aujourd&#x27;hui Bourgogne-Franche-Comté"


def test_region_of_records_names_the_former_region_of_the_years_records():
    from rallynov.territories.history import region_of_records

    bfc = Region.objects.get(code="27")
    places = [Commune.objects.get(insee=code) for code in ("25056", "39300", "70285")]  # Doubs, Jura, Haute-Saône
    assert region_of_records(bfc, 2014, places).label == "Franche-Comté, aujourd'hui Bourgogne-Franche-Comté"
    assert region_of_records(bfc, 2014, [Commune.objects.get(insee="21231")]).then.name == "Bourgogne"
    assert region_of_records(bfc, 2023, places).label == "Bourgogne-Franche-Comté"
