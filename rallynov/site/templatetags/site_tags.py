from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from rallynov.core.national import NATIONAL_URL_NAMES

register = template.Library()

# The main menu: each entry appears once its part provides the URL.
MAIN_MENU = [
    (_("Initiatives"), "initiatives:catalogue"),
    (_("Prix"), "awards:index"),
    (_("Événements"), "events:index"),
    (_("Études"), "studies:index"),
    (_("Actualités"), "site:news"),
    (_("Partenaires"), "partners:index"),
    (_("Chiffres clés"), "reporting:figures"),
]


@register.inclusion_tag("site/includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    path = request.path if request else ""
    items = []
    national = context.get("national_site") is not None
    for label, name in MAIN_MENU:
        if national and name not in NATIONAL_URL_NAMES:
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append({"label": label, "url": url, "active": path.startswith(url)})
    return {"items": items}
