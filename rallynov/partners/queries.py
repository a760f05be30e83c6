"""Reused reads: who partners and funds a programme in a given year."""

from collections import OrderedDict

from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rallynov.partners.enums import PartnershipRole
from rallynov.partners.models import Funding, Partnership

# The order in which roles are shown: who runs the programme first, then who pays, then the rest.
ROLE_ORDER = [
    PartnershipRole.CO_PILOT,
    PartnershipRole.FUNDER,
    PartnershipRole.PARTNER,
    PartnershipRole.ORGANISING_COMMITTEE,
]

# Headings of the partners page, one per role.
ROLE_HEADINGS = {
    PartnershipRole.CO_PILOT: _("Copilotes"),
    PartnershipRole.FUNDER: _("Financeurs"),
    PartnershipRole.PARTNER: _("Partenaires"),
    PartnershipRole.ORGANISING_COMMITTEE: _("Comité d'organisation"),
}


def successions():
    """{structure id: id of the structure it became} for every structure that became another (a few)."""
    from rallynov.organizations.models import Organization

    return dict(Organization.objects.filter(successor__isnull=False).values_list("id", "successor_id"))


def line_id(organization_id, links=None):
    """The id of the structure of today in the line of `organization_id` (Fact → Aract BFC)."""
    links = successions() if links is None else links
    seen = {organization_id}
    while organization_id in links and links[organization_id] not in seen:
        organization_id = links[organization_id]
        seen.add(organization_id)
    return organization_id


def distinct_lines(organization_ids):
    """How many partner lines these structures make: Fact and Aract BFC are one line."""
    links = successions()
    return len({line_id(pk, links) for pk in organization_ids})


def years(*, programme):
    """The years with at least one partnership or funding, newest first."""
    found = set(Partnership.objects.filter(programme=programme).values_list("year", flat=True))
    found |= set(Funding.objects.filter(programme=programme).values_list("year", flat=True))
    return sorted(found, reverse=True)


def current_year(*, programme, today=None):
    """The latest year with partnerships that is not in the future (the footer's year)."""
    this_year = (today or timezone.localdate()).year
    return (
        Partnership.objects.filter(programme=programme, year__lte=this_year, show_on_site=True)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )


def partnerships(*, programme, year):
    return (
        Partnership.objects.filter(programme=programme, year=year, show_on_site=True)
        .select_related("organization__successor", "logo")
        .order_by("organization__name")
    )


def structures_by_role(*, programme, year):
    """[(role, heading, [partnership, …]), …] in ROLE_ORDER; a structure appears under each role it holds."""
    groups = OrderedDict((role, []) for role in ROLE_ORDER)
    for partnership in partnerships(programme=programme, year=year):
        groups.setdefault(partnership.role, []).append(partnership)
    return [(role, ROLE_HEADINGS[role], items) for role, items in groups.items() if items]


def distinct_partners(*, programme, year):
    """Distinct partner lines in partnership with the programme in `year`, whatever their role (a
    structure and the one it became count once)."""
    return distinct_lines(
        set(Partnership.objects.filter(programme=programme, year=year).values_list("organization_id", flat=True))
    )


def fundings(*, programme, year):
    return Funding.objects.filter(programme=programme, year=year).select_related("funder").order_by("source", "funder__name")


def funding_by_source(*, programme, year):
    """[{"source", "label", "amount"}] for the year, largest first."""
    from rallynov.partners.enums import FundingSource

    rows = (
        Funding.objects.filter(programme=programme, year=year)
        .values("source")
        .annotate(amount=Sum("amount"))
        .order_by("-amount", "source")
    )
    return [{"source": r["source"], "label": FundingSource(r["source"]).label, "amount": r["amount"]} for r in rows]


def _entry(organization):
    return {"name": organization.acronym or organization.name, "url": reverse("partners:detail", args=[organization.pk])}


def footer_partners(*, programme, request=None):
    """Partners and funders of the current year, for the footer of every page."""
    if programme is None:
        return {"partners": [], "funders": []}
    year = current_year(programme=programme)
    if year is None:
        return {"partners": [], "funders": []}
    funders, partners, seen_funders, seen_partners = [], [], set(), set()
    for partnership in partnerships(programme=programme, year=year):
        organization = partnership.organization
        if partnership.role == PartnershipRole.FUNDER:
            if organization.pk not in seen_funders:
                seen_funders.add(organization.pk)
                funders.append(_entry(organization))
        elif organization.pk not in seen_partners:
            seen_partners.add(organization.pk)
            partners.append(_entry(organization))
    # A funder that also co-pilots is listed once, as a funder.
    partners = [p for p in partners if p["url"] not in {f["url"] for f in funders}]
    return {"partners": partners, "funders": funders}


def kept_years(*, programme):
    """(years with partnerships, the current year) of `programme`, kept per data stamp and day."""
    from rallynov.core import snapshot

    return snapshot.remember(
        ("partners-years", programme.pk if programme else None),
        snapshot.data_stamp(),
        lambda: (years(programme=programme), current_year(programme=programme)),
        expires_at=snapshot.end_of_day,
    )


def year_overview(*, programme, year):
    """What the partners page shows of `year`, kept per data stamp (the same for every visitor)."""
    from rallynov.core import snapshot

    return snapshot.remember(
        ("partners-year", programme.pk if programme else None, year),
        snapshot.data_stamp(),
        lambda: {
            "groups": structures_by_role(programme=programme, year=year),
            "partner_count": distinct_partners(programme=programme, year=year),
            "funding": funding_by_source(programme=programme, year=year),
            "funding_generated": Funding.objects.filter(programme=programme, year=year, is_generated=True).exists(),
        },
    )
