from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from rallynov.organizations.models import Organization, Person


class OrganizationViewSet(SnippetViewSet):
    model = Organization
    icon = "group"
    menu_label = "Structures"
    list_display = ["name", "kind", "siret", "commune", "is_generated"]
    list_filter = ["kind", "size_band", "naf_section", "is_generated"]
    search_fields = ["name", "acronym", "siret"]
    inspect_view_enabled = True


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = "Personnes"
    list_display = ["full_name", "organization", "job_title", "purpose", "consent_at"]
    list_filter = ["purpose", "is_generated"]
    search_fields = ["first_name", "last_name", "email", "job_title"]
    inspect_view_enabled = True


class DirectoryGroup(SnippetViewSetGroup):
    menu_label = "Annuaire"
    menu_icon = "group"
    menu_order = 300
    items = (OrganizationViewSet, PersonViewSet)


register_snippet(DirectoryGroup)
