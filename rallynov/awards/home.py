"""The open call on the home page, with its deadline."""

from django.utils import timezone


def home_section(request):
    from rallynov.awards.queries import open_edition
    from rallynov.core.queries import programme_for_request

    programme = programme_for_request(request)
    if programme is None:
        return None
    now = timezone.now()
    edition = open_edition(programme, now)
    if edition is None:
        return None
    return {
        "template": "awards/includes/home_section.html",
        "context": {"edition": edition, "seconds_left": int((edition.closes_at - now).total_seconds())},
        "order": 20,
    }
