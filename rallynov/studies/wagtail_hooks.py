"""The studies menu of the admin: the survey builder (sections and questions as blocks), studies,
interviews, invitations and publications."""

from django.contrib import messages
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from rallynov.accounts.admin_scoping import ProgrammeScopedViewSet
from rallynov.studies.models import Interview, Invitation, Publication, Study, Survey


class StudyViewSet(ProgrammeScopedViewSet, SnippetViewSet):
    model = Study
    icon = "doc-full-inverse"
    menu_label = "Études"
    list_display = ["title", "starts_on", "ends_on", "is_public"]
    search_fields = ["title", "question"]


class SurveyViewSet(ProgrammeScopedViewSet, SnippetViewSet):
    model = Survey
    icon = "form"
    menu_label = "Enquêtes"
    list_display = ["title", "study", "opens_at", "closes_at", "results_public"]
    list_filter = ["study", "results_public", "is_generated"]
    search_fields = ["title"]


class InterviewViewSet(ProgrammeScopedViewSet, SnippetViewSet):
    model = Interview
    programme_path = "study__programme"
    icon = "openquote"
    menu_label = "Entretiens"
    list_display = ["organization", "held_on", "study", "interviewee"]
    list_filter = ["study", "is_generated"]
    search_fields = ["search_text"]


class InvitationViewSet(ProgrammeScopedViewSet, SnippetViewSet):
    model = Invitation
    programme_path = "survey__programme"
    icon = "mail"
    menu_label = "Invitations"
    list_display = ["__str__", "survey", "category", "sent_at", "sent_count"]
    list_filter = ["survey"]
    search_fields = ["name", "email"]
    form_fields = ["survey", "name", "email", "organization", "category"]


class PublicationViewSet(ProgrammeScopedViewSet, SnippetViewSet):
    model = Publication
    icon = "doc-full"
    menu_label = "Publications"
    list_display = ["title", "kind", "published_on"]
    list_filter = ["kind"]
    search_fields = ["title", "summary"]


class StudiesGroup(SnippetViewSetGroup):
    menu_label = "Études"
    menu_icon = "form"
    menu_order = 350
    items = (StudyViewSet, SurveyViewSet, InterviewViewSet, InvitationViewSet, PublicationViewSet)


register_snippet(StudiesGroup)


def _after_survey_saved(request, instance):
    if not isinstance(instance, Survey):
        return
    from rallynov.studies.domain import ensure_current_version

    previous = instance.versions.order_by("-number").first()
    version = ensure_current_version(survey=instance, by=request.user)
    for problem in version.questionnaire.errors():
        messages.warning(request, problem)
    if previous is not None and version.number != previous.number:
        messages.info(request, f"Le questionnaire avait déjà des réponses : la version {version.number} a été créée ; "
                               "les réponses déjà données gardent leur version.")


hooks.register("after_create_snippet", _after_survey_saved)
hooks.register("after_edit_snippet", _after_survey_saved)


@hooks.register("register_snippet_listing_buttons")
def survey_listing_buttons(snippet, user, next_url=None):
    if isinstance(snippet, Survey):
        yield ListingButton("Analyse", reverse("studies:analysis", args=[snippet.slug]), priority=5, icon_name="view")
        yield ListingButton("Tableau croisé", reverse("studies:crosstab", args=[snippet.slug]), priority=6)
        yield ListingButton("Invitations (envoi)", reverse("studies:invitations", args=[snippet.slug]), priority=7,
                            icon_name="mail")
