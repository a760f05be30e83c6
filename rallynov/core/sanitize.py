"""Rich text sanitising, on input (forms, imports) and on output (templates).

`clean_html` keeps what Wagtail's rich text editor produces (paragraphs, two heading levels,
bold, italic, lists, links, Wagtail's internal `<a linktype>` and `<embed>` references) and
drops everything else: scripts, styles, event handlers, `javascript:` links, unknown tags.
`clean_text` turns any text into plain text (no tag at all), for fields that must stay plain.
"""

import html
import re

import nh3
from django.utils.safestring import mark_safe

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "h2",
        "h3",
        "h4",
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ol",
        "ul",
        "li",
        "a",
        "blockquote",
        "hr",
        "embed",
    }
)
ALLOWED_ATTRIBUTES = {
    # Wagtail's database format for links: <a linktype="page" id="3"> / <a href="https://…">
    "a": {"href", "linktype", "id", "title"},
    # Wagtail's database format for images and media: <embed embedtype="image" id="1" format="left" alt="…"/>
    "embed": {"embedtype", "id", "format", "alt", "url"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# The content of these tags is dropped with the tag, not kept as text.
DROPPED_WITH_CONTENT = frozenset({"script", "style", "template", "iframe", "object", "noscript", "textarea"})


def clean_html(text):
    """Sanitised HTML (a str) fit for Wagtail rich text; `None` gives ""."""
    if not text:
        return ""
    cleaned = nh3.clean(
        str(text),
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    # nh3 writes <embed …>; Wagtail's rewriter only finds the self-closed form <embed …/>.
    return _EMBED.sub(r"<embed\1/>", cleaned)


_EMBED = re.compile(r"<embed((?:\s[^>]*?)?)\s*/?>")


def safe_html(text):
    """`clean_html` marked safe for templates (output side)."""
    return mark_safe(clean_html(text))  # noqa: S308 - the text has just been sanitised


def clean_text(text):
    """Plain text: every tag removed (their text kept, scripts and styles dropped)."""
    if not text:
        return ""
    cleaned = nh3.clean(
        str(text), tags=set(), clean_content_tags=set(DROPPED_WITH_CONTENT), strip_comments=True
    )
    return html.unescape(cleaned)
