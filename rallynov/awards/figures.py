"""Key figures of the prize, computed from its records.

An edition's prizes are "awarded" in the year of its `awarded_on` date (ceremony or publication):
the 2022 edition was awarded on 26 September 2023, so its laureates count in 2023.
"""

from django.utils.translation import gettext_noop

from rallynov.awards.enums import SUBMITTED_STATUSES, Outcome
from rallynov.awards.prizes import UNKNOWN_AMOUNT, total_prize_money
from rallynov.core.figures import Figure, records_link


def awarded_editions(programme, year):
    from rallynov.awards.models import Edition

    return Edition.objects.filter(programme=programme, published_at__isnull=False, awarded_on__year=year)


def figures(*, programme, year):
    from rallynov.awards.models import Application, Decision
    from rallynov.initiatives.models import FollowUp

    editions = awarded_editions(programme, year)
    years = sorted(editions.values_list("year", flat=True))
    note = f"(prix {', '.join(map(str, years))})" if years and years != [year] else ""
    applications = Application.objects.filter(edition__in=editions, status__in=SUBMITTED_STATUSES).count()
    laureates = Decision.objects.filter(application__edition__in=editions, outcome=Outcome.LAUREATE)
    # Prizes whose amount was not communicated are unknown, not 0 € (awards.prizes).
    awarded = Decision.objects.filter(
        application__edition__in=editions, outcome__in=(Outcome.LAUREATE, Outcome.MENTION)
    ).values_list("amount", flat=True)
    money = total_prize_money(awarded)
    former = Application.objects.filter(
        edition__programme=programme,
        edition__published_at__isnull=False,
        edition__awarded_on__year__lt=year,
        decision__outcome=Outcome.LAUREATE,
    ).values("initiative_id")
    updated = (
        FollowUp.objects.filter(initiative_id__in=former, date__year=year)
        .values("initiative_id")
        .distinct()
        .count()
    )
    url = records_link("awards:laureates")
    return [
        Figure(
            "awards.applications",
            gettext_noop("Candidatures au prix"),
            applications,
            part="awards",
            records_url=url,
            note=note,
        ),
        Figure("awards.laureates", gettext_noop("Lauréats"), laureates.count(), part="awards", records_url=url, note=note),
        Figure(
            "awards.prize_money",
            gettext_noop("Montant des prix"),
            money,
            unit="€",
            part="awards",
            records_url=url,
            note=note if money is not None else f"{UNKNOWN_AMOUNT} {note}".strip(),
        ),
        Figure(
            "awards.laureate_sheets_updated",
            gettext_noop("Fiches d'anciens lauréats mises à jour"),
            updated,
            part="awards",
            records_url=url,
        ),
    ]
