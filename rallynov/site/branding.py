"""A programme's own look: its logo and two colours (site settings), checked for contrast and
served as a small stylesheet of CSS variables (the site's Content-Security-Policy forbids inline
styles), at an address that changes with the colours so that browsers keep it for a year."""

import hashlib
import re

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# Text in these colours sits on white and on the pale background of boxes (--c-bg-alt), and
# white text sits on them (menu, buttons): WCAG 2.1 1.4.3 / RGAA 3.2 ask 4.5:1 for ordinary text.
BACKGROUNDS = ("#ffffff", "#f3f6f7")
MIN_CONTRAST = 4.5
# The darker shade (hover, headings, footer) is the colour mixed with this share of black.
DARKEN = 0.32


def _channels(colour):
    return [int(colour[i : i + 2], 16) for i in (1, 3, 5)]


def luminance(colour):
    """Relative luminance of "#rrggbb" (WCAG 2.1)."""

    def linear(value):
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in _channels(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first, second):
    """Contrast ratio of two "#rrggbb" colours (1 to 21)."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def validate_colour(value):
    """A colour a programme may choose: "#rrggbb", readable on the site's light backgrounds and
    under white text. The error says the measured ratio and what to do, in French."""
    if not value:
        return
    if not HEX_COLOUR.match(value):
        raise ValidationError(
            _("Saisissez une couleur au format #rrvvbb (par exemple #00566b)."), code="format"
        )
    worst = min(contrast(value.lower(), background) for background in BACKGROUNDS)
    if worst < MIN_CONTRAST:
        raise ValidationError(
            _(
                "Cette couleur ne contraste pas assez avec le fond clair et le texte blanc du site : "
                "%(ratio)s:1, il faut au moins %(minimum)s:1 (RGAA 3.2). Choisissez une couleur plus foncée."
            )
            % {
                "ratio": number_format(worst, 1),  # rounded down: 4.46 never reads "4,5"
                "minimum": number_format(MIN_CONTRAST, 1),
            },
            code="contrast",
        )


def darker(colour):
    red, green, blue = (round(c * (1 - DARKEN)) for c in _channels(colour))
    return f"#{red:02x}{green:02x}{blue:02x}"


def theme_css(primary, accent):
    """The stylesheet that overrides the site's colours (site.css's :root variables), or ""."""
    lines = []
    if primary:
        primary = primary.lower()
        lines += [f"  --c-primary: {primary};", f"  --c-primary-dark: {darker(primary)};"]
    if accent:
        lines.append(f"  --c-accent: {accent.lower()};")
    if not lines:
        return ""
    return ":root {\n" + "\n".join(lines) + "\n}\n"


def theme_version(css):
    """The part of the stylesheet's address that changes with its content."""
    return hashlib.sha256(css.encode("utf-8")).hexdigest()[:12]
