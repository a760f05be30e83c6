from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from rallynov.site import rules, views


@hooks.register("register_admin_urls")
def register_audience_url():
    return [path("audience/", views.audience_report, name="site_audience")]


class AudienceMenuItem(MenuItem):
    def is_shown(self, request):
        return rules.can_view_audience(request.user)


@hooks.register("register_admin_menu_item")
def register_audience_menu_item():
    return AudienceMenuItem(_("Audience du site"), reverse("site_audience"), icon_name="view", order=850)
