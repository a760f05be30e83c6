"""Initiatives made the way editors make them: a child of the catalogue, a revision, published."""

from rallynov.initiatives.models import InitiativePage, SustainableDevelopmentGoal, Theme
from rallynov.organizations.models import Organization
from rallynov.territories.models import Commune


def make_initiative(
    catalogue,
    programme,
    title,
    *,
    commune="21231",
    year=2020,
    themes=(),
    sdgs=(),
    organization=None,
    kind="association",
    siret=None,
    summary="",
    description="",
    laureate_year=None,
    live=True,
    **fields,
):
    place = Commune.objects.get(insee=commune)
    if organization is None:
        organization = Organization.objects.create(name=f"Structure {title}", kind=kind, siret=siret, commune=place)
    page = InitiativePage(
        title=title,
        programme=programme,
        year=year,
        main_commune=place,
        summary=summary,
        description=description,
        laureate_year=laureate_year,
        **fields,
    )
    catalogue.add_child(instance=page)
    page.organizations.set([organization])
    page.communes.set([place])
    page.themes.set(Theme.objects.filter(slug__in=themes))
    page.sdgs.set(SustainableDevelopmentGoal.objects.filter(number__in=sdgs))
    revision = page.save_revision()
    if live:
        revision.publish()
    else:
        InitiativePage.objects.filter(pk=page.pk).update(live=False)
    page.refresh_from_db()
    return page
