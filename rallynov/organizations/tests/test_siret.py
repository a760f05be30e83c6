import pytest
from django.core.exceptions import ValidationError

from rallynov.organizations.models import Organization
from rallynov.organizations.validators import siret_error, validate_siret


@pytest.mark.parametrize(
    "siret",
    [
        "73282932000074",  # a well-formed SIRET (Luhn on SIREN and SIRET)
        "732 829 320 00074",  # spaces are allowed
        "35600000000048",  # La Poste head office: Luhn holds
        "35600000049837",  # a La Poste establishment: digit sum multiple of 5, Luhn fails
    ],
)
def test_valid_siret_is_accepted(siret):
    assert siret_error(siret) is None


@pytest.mark.parametrize(
    ("siret", "reason"),
    [
        ("7328293200007", "14 chiffres attendus"),
        ("7328293200007A", "14 chiffres attendus"),
        ("73282932000075", "la clé de contrôle est fausse"),
        ("73282932100074", "le SIREN (9 premiers chiffres) a une clé de contrôle fausse"),
        ("35600000049838", "la clé de contrôle (La Poste) est fausse"),
    ],
)
def test_invalid_siret_is_explained(siret, reason):
    assert siret_error(siret) == f"SIRET « {siret} » invalide : {reason}."


def test_validate_siret_raises_validation_error():
    with pytest.raises(ValidationError):
        validate_siret("12345678901234")


@pytest.mark.django_db
def test_organization_normalises_siret_and_name_key():
    organization = Organization.objects.create(name="Métalhom", kind="entreprise", siret="732 829 320 00074")
    assert (organization.siret, organization.name_key, organization.siren) == ("73282932000074", "metalhom", "732829320")


@pytest.mark.django_db
def test_organization_without_siret_stores_null_so_many_can_coexist():
    Organization.objects.create(name="A", kind="association", siret="")
    Organization.objects.create(name="B", kind="association", siret="")
    assert Organization.objects.filter(siret__isnull=True).count() == 2
