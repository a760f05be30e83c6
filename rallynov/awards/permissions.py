"""Model permissions of the programme team for the prize (used by the Wagtail admin viewsets)."""

from rallynov.accounts import roles

_MODELS = ("edition", "application", "jurymember", "conflict", "assignment", "decision")

GROUP_PERMISSIONS = {
    roles.PROGRAMME_TEAM: [
        f"awards.{action}_{model}" for model in _MODELS for action in ("add", "change", "view")
    ]
    + ["awards.delete_jurymember", "awards.delete_assignment", "awards.delete_conflict"],
}
