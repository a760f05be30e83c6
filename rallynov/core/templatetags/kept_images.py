"""Wagtail's `{% image %}` and `{% srcset_image %}`, with the HTML they write kept in the process.

Writing a picture's tag costs Wagtail about half a millisecond (parsing the filter specs, finding
the renditions among the prefetched ones, building the srcset and escaping every attribute):
10 ms for the twenty cards of a catalogue page, a third of what the page costs. The tag is the
same at every view as long as the picture is, so it is kept, keyed by what it depends on: the
image (its id, its file, its focal point and size: a new file or a moved focal point makes new
renditions; its default alt text), the filter specs and the attributes as resolved for this view (the alt text in the
page's language included). A rendition Wagtail had to create is kept the same way once created.

`{% load kept_images %}` replaces `{% load wagtailimages_tags %}` in a public template; the
syntax is Wagtail's. The `as name` form (a rendition put in the context) is Wagtail's own.
"""

import threading

from django import template
from wagtail.images.templatetags import wagtailimages_tags

register = template.Library()

MAX_ENTRIES = 4096
_kept = {}
_lock = threading.Lock()


def image_identity(image):
    """What a picture's renditions depend on."""
    return (
        image.pk,
        image.file.name,
        image.width,
        image.height,
        image.focal_point_x,
        image.focal_point_y,
        image.focal_point_width,
        image.focal_point_height,
        image.default_alt_text,
    )


class KeptImageNode(template.Node):
    """Renders like Wagtail's node `wrapped`, and keeps the HTML it wrote."""

    def __init__(self, wrapped):
        self.wrapped = wrapped

    def render(self, context):
        node = self.wrapped
        if node.output_var_name:
            return node.render(context)
        image = node.validate_image(context)
        if not image:
            return ""
        attrs = tuple((name, str(value.resolve(context))) for name, value in node.attrs.items())
        key = (type(node).__name__, image_identity(image), tuple(node.filter_specs), attrs)
        html = _kept.get(key)
        if html is None:
            html = node.render(context)
            with _lock:
                if len(_kept) >= MAX_ENTRIES:
                    _kept.clear()
                _kept[key] = html
        return html


@register.tag(name="image")
def image(parser, token):
    return KeptImageNode(wagtailimages_tags.image(parser, token))


@register.tag(name="srcset_image")
def srcset_image(parser, token):
    return KeptImageNode(wagtailimages_tags.image(parser, token))


def clear():
    """Forget every kept tag (tests)."""
    with _lock:
        _kept.clear()
