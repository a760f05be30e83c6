from django import template

from rallynov.accounts.rules import is_programme_team
from rallynov.core.history import history_context
from rallynov.core.sanitize import safe_html

register = template.Library()


@register.inclusion_tag("core/includes/history.html", takes_context=True)
def audit_history(context, obj, limit=20):
    """The journal entries of `obj`, for the programme team only (nothing for others)."""
    request = context.get("request")
    if request is None or not is_programme_team(request.user):
        return {"entries": [], "more_url": "", "hidden": True}
    return history_context(obj, limit=limit)


@register.filter
def sanitize(value):
    """Output-side sanitising of rich text that did not come through Wagtail's editor."""
    return safe_html(value)
