from django import template

from rallynov.reporting.keyfigures import format_value, tile_value

register = template.Library()


@register.filter
def figure_value(value, unit=""):
    """13 000, 2 000 € — French grouping with a narrow no-break space."""
    return format_value(value, unit)


@register.filter
def signed(value):
    if value is None:
        return "–"
    text = format_value(abs(value))
    return f"+{text}" if value > 0 else f"−{text}" if value < 0 else "0"


@register.filter
def tile(value, unit=""):
    """The big number of a tile: the unit only when it belongs to the number (€, %)."""
    return tile_value(value, unit)
