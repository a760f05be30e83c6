from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from rallynov.territories.models import Commune, Venue


class CommuneViewSet(SnippetViewSet):
    model = Commune
    icon = "site"
    menu_label = "Communes"
    menu_order = 900
    add_to_admin_menu = False
    list_display = ["name", "insee", "department", "postal_codes", "population"]
    list_filter = ["department"]
    search_fields = ["name", "insee", "postal_codes"]
    inspect_view_enabled = True


register_snippet(CommuneViewSet)


class VenueViewSet(SnippetViewSet):
    model = Venue
    icon = "site"
    menu_label = "Lieux"
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["name", "commune", "capacity"]
    search_fields = ["name", "address"]
register_snippet(VenueViewSet)
