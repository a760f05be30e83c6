"""Show an object's audit trail where staff work on it.

In a Wagtail edit form (pages, snippets):

    from rallynov.core.history import HistoryPanel
    panels = [..., HistoryPanel()]

In a staff template: `{% load trust %}{% audit_history application %}`.
"""

from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from wagtail.admin.panels import Panel

from rallynov.core.audit import history

TEMPLATE = "core/includes/history.html"


def history_context(obj, *, limit=20):
    if obj is None or obj.pk is None:
        return {"entries": [], "more_url": ""}
    entries = list(history(obj)[: limit + 1])
    more_url = ""
    if len(entries) > limit:
        content_type = ContentType.objects.get_for_model(obj.__class__)
        query = urlencode({"content_type": content_type.pk, "object_id": obj.pk})
        more_url = f"{reverse('core_journal')}?{query}"
    return {"entries": entries[:limit], "more_url": more_url}


class HistoryPanel(Panel):
    """A read-only panel listing the journal entries of the edited object (staff only)."""

    def __init__(self, *, limit=20, **kwargs):
        kwargs.setdefault("heading", "Historique (journal)")
        super().__init__(**kwargs)
        self.limit = limit

    def clone_kwargs(self):
        kwargs = super().clone_kwargs()
        kwargs["limit"] = self.limit
        return kwargs

    class BoundPanel(Panel.BoundPanel):
        template_name = TEMPLATE

        def is_shown(self):
            from rallynov.accounts.rules import is_programme_team

            return bool(self.instance and self.instance.pk) and is_programme_team(self.request.user)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context.update(history_context(self.instance, limit=self.panel.limit))
            return context
