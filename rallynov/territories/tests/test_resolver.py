import pytest

from rallynov.territories.models import Commune, Region
from rallynov.territories.queries import AmbiguousCommune, UnknownCommune, resolve_commune

pytestmark = pytest.mark.django_db


def test_resolve_commune_by_insee_code():
    assert resolve_commune("25056").name == "Besançon"


def test_resolve_commune_without_accents_or_case():
    assert resolve_commune("Besancon").insee == "25056"
    assert resolve_commune("BESANÇON").insee == "25056"


def test_resolve_commune_with_hyphens_missing_and_postal_code():
    assert resolve_commune("lons le saunier", "39000").insee == "39300"


def test_resolve_commune_expands_st_abbreviation_within_the_region():
    bfc = Region.objects.get(code="27")
    assert resolve_commune("ST CLAUDE", region=bfc).insee == "39478"


def test_resolve_commune_homonym_outside_region_is_ambiguous():
    # Saint-Claude (Jura) and Saint-Claude (Guadeloupe).
    with pytest.raises(AmbiguousCommune) as error:
        resolve_commune("St-Claude")
    assert sorted(c.insee for c in error.value.candidates) == ["39478", "97124"]


def test_resolve_commune_ambiguous_name_lists_candidates():
    with pytest.raises(AmbiguousCommune) as error:
        resolve_commune("Sainte-Marie")
    assert len(error.value.candidates) > 1
    assert "ambigu" in str(error.value)
    assert "code postal" in str(error.value)


def test_resolve_commune_postal_code_breaks_the_tie():
    # Several "Sainte-Marie" in France; the one in the Doubs has postal code 25113.
    commune = resolve_commune("Sainte-Marie", "25113")
    assert (commune.name, commune.department.code) == ("Sainte-Marie", "25")


def test_resolve_commune_region_narrows_but_may_stay_ambiguous():
    bfc = Region.objects.get(code="27")
    with pytest.raises(AmbiguousCommune) as error:
        resolve_commune("Sainte-Marie", region=bfc)
    assert sorted(c.department.code for c in error.value.candidates) == ["25", "58"]


def test_resolve_commune_department_hint_in_brackets():
    assert resolve_commune("Sainte-Marie (25)").department.code == "25"


def test_resolve_commune_unknown_name_suggests_close_names():
    with pytest.raises(UnknownCommune) as error:
        resolve_commune("Besanson")
    assert "Commune inconnue : « Besanson »" in str(error.value)
    assert [c.insee for c in error.value.suggestions][:1] == ["25056"]


def test_resolve_commune_wrong_postal_code_is_explained():
    with pytest.raises(UnknownCommune) as error:
        resolve_commune("Besançon", "21000")
    assert "n'a pas le code postal 21000" in str(error.value)


def test_resolve_commune_unknown_insee_code():
    with pytest.raises(UnknownCommune) as error:
        resolve_commune("99999")
    assert "99999" in str(error.value)


def test_resolve_commune_bad_postal_code_format():
    with pytest.raises(UnknownCommune) as error:
        resolve_commune("Dijon", "21OOO")
    assert "5 chiffres" in str(error.value)


def test_resolve_commune_by_postal_code_alone():
    assert resolve_commune("", "21000").name == "Dijon"


def test_all_bfc_communes_are_loaded_with_coordinates():
    bfc = Commune.objects.filter(department__region__code="27")
    assert bfc.count() == 3685
    assert not bfc.filter(latitude__isnull=True).exists()
    dijon = Commune.objects.get(insee="21231")
    assert (dijon.latitude, dijon.longitude) == (47.32286, 5.03748)
