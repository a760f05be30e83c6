"""Template filters of the territories part."""

from django import template

from rallynov.territories.history import region_at_the_time as _region_at_the_time

register = template.Library()


@register.filter
def region_at_the_time(place, when):
    """`{{ page.main_commune|region_at_the_time:page.year }}` → « Franche-Comté, aujourd'hui
    Bourgogne-Franche-Comté » for a record of 2014, the region's name otherwise."""
    if place is None or when in (None, ""):
        return ""
    return _region_at_the_time(place, when).label
