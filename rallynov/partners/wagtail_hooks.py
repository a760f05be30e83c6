from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from rallynov.accounts.admin_scoping import ProgrammeScopedViewSet
from rallynov.partners.models import Funding, Partnership


class PartnershipViewSet(ProgrammeScopedViewSet, SnippetViewSet):
    model = Partnership
    icon = "group"
    menu_label = "Partenariats"
    list_display = ["organization", "role", "year", "since", "show_on_site"]
    list_filter = ["year", "role", "is_generated"]
    search_fields = ["organization__name", "organization__acronym", "note"]
    ordering = ["-year", "organization__name"]


class FundingViewSet(ProgrammeScopedViewSet, SnippetViewSet):
    model = Funding
    icon = "pick"
    menu_label = "Financements"
    list_display = ["funder", "year", "source", "amount", "scheme", "is_generated"]
    list_filter = ["year", "source", "is_generated"]
    search_fields = ["funder__name", "scheme", "note"]
    ordering = ["-year", "source"]


class PartnersGroup(SnippetViewSetGroup):
    menu_label = "Partenaires"
    menu_icon = "group"
    menu_order = 320
    items = (PartnershipViewSet, FundingViewSet)


register_snippet(PartnersGroup)
