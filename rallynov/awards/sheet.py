"""The laureate badge on the initiative sheet: published distinctions only."""


def sheet_section(initiative, request):
    from rallynov.awards.enums import Outcome
    from rallynov.awards.models import Application

    distinctions = list(
        Application.objects.filter(
            initiative=initiative,
            edition__published_at__isnull=False,
            decision__outcome__in=[Outcome.LAUREATE, Outcome.MENTION],
        )
        .select_related("edition", "decision")
        .order_by("-edition__year")
    )
    if not distinctions:
        return None
    return {
        "template": "awards/includes/sheet_section.html",
        "context": {"distinctions": distinctions},
        "order": 10,
    }
