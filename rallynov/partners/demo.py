"""Partnerships and fundings named in the 2014 and 2023 reports.

The reports name who partners and funds the programme but give no amounts: the amounts here are
plausible figures made up for the demo and flagged `is_generated`.
"""

import datetime
from decimal import Decimal

from rallynov.organizations.models import Organization
from rallynov.partners.enums import FundingSource as F
from rallynov.partners.enums import PartnershipRole as R
from rallynov.partners.models import Funding, Partnership

COMMITTEE_NOTE = "Réunion d'organisation de la 2e édition, février 2014 (« une vingtaine de partenaires »)."

# (year, structure (acronym or name), role, since, note)
PARTNERSHIPS = [
    (2014, "Fact", R.CO_PILOT, None, "Partenaire Rally'nov, anime le programme."),
    (2014, "RIFC", R.CO_PILOT, None, "Partenaire Rally'nov."),
    (2014, "Cress Franche-Comté", R.CO_PILOT, None, "Partenaire Rally'nov."),
    (2014, "Direccte", R.FUNDER, None, "Participation financière de la Direccte Franche-Comté."),
    *[
        (2014, label, R.ORGANISING_COMMITTEE, datetime.date(2014, 2, 1), COMMITTEE_NOTE)
        for label in (
            "CMA 70",
            "CMA 39",
            "Mutualité Française Franche-Comté",
            "UPA régionale",
            "Franche-Comté Active",
            "BGE",
            "Crédit Agricole de Franche-Comté",
            "Chambre régionale d'agriculture de Franche-Comté",
            "ADU",
            "MFQ",
            "UIMM",
            "Cetim",
            "Conseil régional de Franche-Comté",
            "Direccte",
            "RIFC",
            "Cress Franche-Comté",
        )
    ],
    (2023, "Aract BFC", R.CO_PILOT, None, "Anime Rally'nov en Bourgogne-Franche-Comté."),
    (2023, "DREETS", R.FUNDER, None, "Rally'nov est financé par l'État, la Région et le FSE."),
    (2023, "Région Bourgogne-Franche-Comté", R.FUNDER, None, "Rally'nov est financé par l'État, la Région et le FSE."),
    (2023, "FSE", R.FUNDER, None, "Rally'nov est financé par l'État, la Région et le FSE."),
]

# (year, funder, source, amount, scheme) — amounts generated (not in the reports).
FUNDINGS = [
    (2014, "Direccte", F.STATE, Decimal("30000"), "Crédits de l'État pour le développement économique"),
    (2023, "DREETS", F.STATE, Decimal("45000"), "Plan régional santé au travail (PRST 4)"),
    (2023, "Région Bourgogne-Franche-Comté", F.REGION, Decimal("38000"), "Économie sociale et solidaire"),
    (2023, "FSE", F.ESF, Decimal("62000"), "FSE+ 2021-2027, programme régional Bourgogne-Franche-Comté"),
]


def _organization(label):
    return Organization.objects.filter(acronym=label).first() or Organization.objects.get(name=label)


def load(*, programme, log):
    for year, label, role, since, note in PARTNERSHIPS:
        Partnership.objects.update_or_create(
            programme=programme,
            organization=_organization(label),
            year=year,
            role=role,
            defaults={"since": since, "note": note},
        )
    for year, label, source, amount, scheme in FUNDINGS:
        Funding.objects.update_or_create(
            programme=programme,
            funder=_organization(label),
            year=year,
            source=source,
            defaults={"amount": amount, "scheme": scheme, "is_generated": True},
        )
    log(f"  {Partnership.objects.filter(programme=programme).count()} partenariats, "
        f"{Funding.objects.filter(programme=programme).count()} financements (montants générés)")
