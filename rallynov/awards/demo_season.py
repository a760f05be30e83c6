"""The demo's open call of the prize, dated from the day the demo runs (flagged `is_generated`).

The edition is the one after the last: its year is the year its call closes. It opened two weeks
ago and closes in five weeks, so that applying, scoring and deliberating can be tried at once.
`refresh` moves its call after today again on an existing demo; published editions never move.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from rallynov.awards.demo.build import create_edition
from rallynov.awards.models import Edition

PARIS = timezone.get_default_timezone()


def schedule(now):
    """(opens_at, closes_at) for a given instant: a pure function of the day in Paris."""
    today = timezone.localtime(now, PARIS).date()
    opens = datetime.datetime.combine(today - datetime.timedelta(days=14), datetime.time(9), tzinfo=PARIS)
    closes = datetime.datetime.combine(
        today + datetime.timedelta(days=35), datetime.time(23, 59, 59), tzinfo=PARIS
    )
    return opens, closes


def season_edition(programme):
    """The generated, unpublished edition with a call: the demo's next season."""
    return (
        Edition.objects.filter(programme=programme, is_generated=True, published_at__isnull=True)
        .order_by("-year")
        .first()
    )


@transaction.atomic
def load(*, programme, log, now=None):
    from rallynov.accounts.models import User
    from rallynov.awards.domain import add_jury_member

    if season_edition(programme) is not None:
        return None
    opens, closes = schedule(now or timezone.now())
    year = closes.year
    if Edition.objects.filter(programme=programme, year=year).exists():
        log(f"  prix : une édition {year} existe déjà, pas d'appel de démonstration")
        return None
    edition = create_edition(
        programme,
        year=year,
        title=f"Prix de l'innovation sociale {year}",
        opens=opens,
        closes=closes,
        awarded_on=None,
        prize_count=2,
        prize_amount=Decimal(2000),
        generated=True,
    )
    juror = User.objects.filter(email="jury@rallynov.example").first()
    if juror:
        add_jury_member(edition=edition, user=juror, is_president=True)
    log(f"  appel ouvert : {edition} (clôture le {timezone.localtime(edition.closes_at):%d/%m/%Y %H:%M:%S})")
    return edition


@transaction.atomic
def refresh(*, programme, log, now=None):
    """Move the open call forward so that it is open today; its year follows its closing date
    when no other edition has that year. Only forward."""
    edition = season_edition(programme)
    if edition is None:
        return None
    opens, closes = schedule(now or timezone.now())
    if closes <= edition.closes_at:
        return None
    edition.opens_at, edition.closes_at = opens, closes
    fields = ["opens_at", "closes_at", "updated_at"]
    if (
        closes.year != edition.year
        and not Edition.objects.filter(programme=programme, year=closes.year).exclude(pk=edition.pk).exists()
    ):
        edition.title = edition.title.replace(str(edition.year), str(closes.year))
        edition.year = closes.year
        fields += ["year", "title"]
    edition.save(update_fields=fields)
    log(f"  appel « {edition} » : clôture le {timezone.localtime(edition.closes_at):%d/%m/%Y}")
    return edition
