from rallynov.core.access import Case


def cases(ctx):
    from rallynov.organizations.models import Organization
    from rallynov.partners.enums import PartnershipRole
    from rallynov.partners.models import Partnership

    organization = Organization.objects.create(name="Réseau partenaire de test", kind="reseau")
    Partnership.objects.create(
        programme=ctx["programme"], organization=organization, year=2023, role=PartnershipRole.PARTNER
    )
    return [Case.public("partners:index"), Case.public("partners:detail", pk=organization.pk)]
