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


def find_organization_light(*, name):
    """find_organization by name, loading only what a registration keeps of it (id, name,
    commune, kind), in plain SQL: registrations ask for it on every submission, and building
    the query took longer than answering it."""
    from django.db import connection

    meta = Organization._meta
    # In the models' field order, as Model.from_db expects.
    fields = [f for f in meta.concrete_fields if f.attname in ("id", "name", "commune_id", "kind")]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(f.column for f in fields)} FROM {meta.db_table} "  # noqa: S608 - names from the model
            f"WHERE {meta.get_field('name_key').column} = %s ORDER BY {meta.pk.column} LIMIT 1",
            [fold(name)],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    return Organization.from_db(connection.alias, [f.attname for f in fields], row)
