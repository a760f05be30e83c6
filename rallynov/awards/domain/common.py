"""What the writes of the prize share: their error and how they print dates and links."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format


class PrizeError(ValidationError):
    """A rule of the prize was broken; the message is French and meant for the user."""


def site_url(path):
    return f"{settings.SITE_URL}{path}"


def paris(dt):
    return date_format(timezone.localtime(dt), "j F Y à H:i:s")
