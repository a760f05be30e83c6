from rallynov.core.text import fold
from rallynov.organizations.models import Organization
from rallynov.organizations.validators import normalise_siret


def find_organization(*, name, siret=""):
    """The structure with this SIRET, else the one with this name (case and accents ignored)."""
    siret = normalise_siret(siret)
    if siret:
        found = Organization.objects.filter(siret=siret).first()
        if found:
            return found
    return Organization.objects.filter(name_key=fold(name)).order_by("pk").first()
