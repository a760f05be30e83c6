"""Admin panels of the initiative editor."""

from wagtail.admin.panels import Panel


class ModerationPanel(Panel):
    """Shown to the moderator above the form: where the sheet comes from (a public report, with
    the submitter) and the initiatives it may duplicate (same SIRET, similar name in the same
    commune), before anything is published."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "initiatives/admin/moderation_panel.html"

        def get_context_data(self, parent_context=None):
            from rallynov.initiatives.models import Submission
            from rallynov.initiatives.queries.duplicates import possible_duplicates

            context = super().get_context_data(parent_context)
            page = self.instance
            submission = (
                Submission.objects.filter(initiative_id=page.pk).select_related("commune").first()
                if page.pk
                else None
            )
            context["submission"] = submission
            context["duplicates"] = (
                possible_duplicates(page, siret=submission.siret if submission else "") if page.pk else []
            )
            return context
