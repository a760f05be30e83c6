"""Key figures of the partners part, computed from partnerships and fundings."""

from django.db.models import Sum
from django.utils.translation import gettext_noop

from rallynov.core.figures import Figure, records_link
from rallynov.partners.enums import PartnershipRole
from rallynov.partners.models import Funding, Partnership
from rallynov.partners.queries import distinct_lines, distinct_partners


def figures(*, programme, year):
    url = records_link("partners:index", [("annee", year)])
    partners = distinct_partners(programme=programme, year=year)
    # A funder is a structure with a funder partnership or a funding that year (a handful of rows:
    # the union is made in Python, which also avoids SQLite's limits on compound queries).
    funders = distinct_lines(
        set(
            Partnership.objects.filter(programme=programme, year=year, role=PartnershipRole.FUNDER).values_list(
                "organization_id", flat=True
            )
        )
        | set(Funding.objects.filter(programme=programme, year=year).values_list("funder_id", flat=True))
    )
    fundings = Funding.objects.filter(programme=programme, year=year)
    total = fundings.aggregate(total=Sum("amount"))["total"]
    return [
        Figure(
            key="partners.count",
            label=gettext_noop("Partenaires"),
            value=partners,
            unit="structures",
            part="partners",
            records_url=url,
        ),
        Figure(
            key="partners.funders",
            label=gettext_noop("Financeurs"),
            value=funders,
            unit="structures",
            part="partners",
            records_url=url,
        ),
        Figure(
            key="partners.funding_total",
            label=gettext_noop("Financements"),
            value=float(total) if total is not None else 0,
            unit="€",
            part="partners",
            records_url=url,
            note="montants générés pour la démonstration" if fundings.filter(is_generated=True).exists() else "",
        ),
    ]
