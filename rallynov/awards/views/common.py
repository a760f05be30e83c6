"""What the views of the prize share: finding the edition, the member, the error messages."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from rallynov.awards import rules
from rallynov.awards.models import Edition
from rallynov.core.queries import programme_for_request


def messages_of(error):
    if hasattr(error, "message_dict"):
        return [m for msgs in error.message_dict.values() for m in msgs]
    return list(error.messages)


def edition_or_404(request, year):
    return get_object_or_404(
        # The region an edition is open to is named on its page.
        Edition.objects.select_related("programme", "eligible_region"),
        programme=programme_for_request(request),
        year=year,
    )


def staff_edition(request, year):
    if not rules.is_prize_staff(request.user):
        raise PermissionDenied(_("Réservé à l'équipe du programme."))
    return edition_or_404(request, year)


def member_or_403(request, edition):
    member = rules.member_of(request.user, edition)
    if member is None:
        raise PermissionDenied(_("Vous n'êtes pas membre du jury de cette édition."))
    return member
