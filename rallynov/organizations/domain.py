from django.db import transaction

from rallynov.organizations.models import Organization, Person, Role
from rallynov.organizations.queries import find_organization


@transaction.atomic
def get_or_create_organization(*, name, kind, siret="", commune=None, **fields):
    """Find a structure by SIRET or name, else create it (validated). Returns (organization, created)."""
    found = find_organization(name=name, siret=siret)
    if found:
        return found, False
    organization = Organization(name=name, kind=kind, siret=siret or None, commune=commune, **fields)
    organization.full_clean()
    organization.save()
    return organization, True


@transaction.atomic
def add_person(*, last_name, first_name="", organization=None, roles=(), **fields):
    """Create a person with their roles (PersonRole values)."""
    person = Person.objects.create(last_name=last_name, first_name=first_name, organization=organization, **fields)
    for role in roles:
        Role.objects.create(person=person, role=role, organization=organization)
    return person
