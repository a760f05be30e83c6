"""How a prize's amount is said: the one place that decides it.

An amount the programme did not communicate (the 2022 prizes) is unknown, not zero: it is stored
as NULL and said « montant non communiqué » on `/prix/`, an edition's page, the exports and the
yearly report — never « 0 € ».
"""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

UNKNOWN_AMOUNT = gettext_noop("montant non communiqué")


def euros(amount):
    """« 2 000 € » (narrow no-break space between thousands); "" for None."""
    if amount is None:
        return ""
    return f"{float(amount):,.0f}".replace(",", "\u202f") + " €"


def amount_text(amount):
    """A prize's amount as said to people: « 2 000 € », or « montant non communiqué » when unknown."""
    return _(UNKNOWN_AMOUNT) if amount is None else euros(amount)


def prize_summary(edition):
    """« 2 prix de 2 000 € », « 2 prix, montant non communiqué », with the mentions when there are some."""
    count = edition.prize_count
    if edition.prize_amount is None:
        text = _("%(count)s prix, montant non communiqué") % {"count": count}
    else:
        text = _("%(count)s prix de %(amount)s") % {"count": count, "amount": euros(edition.prize_amount)}
    if edition.mention_count:
        mentions = ngettext("%(count)s mention", "%(count)s mentions", edition.mention_count) % {
            "count": edition.mention_count
        }
        if edition.mention_amount:
            mentions += " " + _("de %(amount)s") % {"amount": euros(edition.mention_amount)}
        text += ", " + mentions
    return text


def decision_amount(edition, outcome):
    """The amount a decision carries: the edition's prize or mention amount (None when unknown)."""
    from rallynov.awards.enums import Outcome

    return {
        Outcome.LAUREATE: edition.prize_amount,
        Outcome.MENTION: edition.mention_amount,
        Outcome.NOT_SELECTED: Decimal(0),
    }[outcome]


def total_prize_money(amounts):
    """The sum of the prizes awarded; None when every awarded prize's amount is unknown (it is not 0 €)."""
    amounts = list(amounts)
    known = [a for a in amounts if a is not None]
    if amounts and not known:
        return None
    return float(sum(known, Decimal(0)))
