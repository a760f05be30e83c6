"""The programme of the demo: Rally'nov Bourgogne-Franche-Comté, run by the Aract."""

from rallynov.core.models import Programme


def create_programme():
    from rallynov.territories.models import Region

    region = Region.objects.get(code="27")
    programme, _ = Programme.objects.get_or_create(
        slug="bfc",
        defaults={
            "name": "Rally'nov Bourgogne-Franche-Comté",
            "short_name": "Rally'nov",
            "region": region,
            "started_year": 2013,
            "contact_email": "contact@rallynov.example",
        },
    )
    return programme
