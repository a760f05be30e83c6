"""`{% kept "name" key… %}…{% endkept %}`: a fragment of a page rendered once per data stamp.

A card of an initiative, an event or a news article is the same for every visitor as long as no
record changed: its HTML is kept in the process with the data stamp it was rendered at
(core.snapshot), and rendered again at the first view after any write. Twenty cards cost a
catalogue page about ten milliseconds of template rendering; kept, they cost a dictionary look-up
each. Like Django's `{% cache %}`, but never stale and without a cache server.

Only for fragments that depend on nothing but the records named by the key, the language, the
site and the data: no form (CSRF token), no user, no time of day. Wagtail's previews (a draft
shown to its editor) are always rendered afresh. The key names the records
(`initiative.pk`); the language, the host and the fragment's name are added.
"""

import threading

from django import template
from django.db import connection
from django.utils import translation

from rallynov.core import snapshot

register = template.Library()

MAX_ENTRIES = 4096
_kept = {}
_lock = threading.Lock()


class KeptNode(template.Node):
    def __init__(self, nodelist, name, keys):
        self.nodelist = nodelist
        self.name = name
        self.keys = keys

    def render(self, context):
        request = context.get("request")
        stamp = snapshot.data_stamp()
        if stamp is None or getattr(request, "is_preview", False):  # a draft shows as it is
            return self.nodelist.render(context)
        key = (
            connection.alias,
            connection.settings_dict.get("NAME"),
            translation.get_language(),
            request.get_host() if request is not None else "",
            self.name,
            *(str(value.resolve(context)) for value in self.keys),
        )
        kept = _kept.get(key)
        if kept is not None and kept[0] == stamp:
            return kept[1]
        html = self.nodelist.render(context)
        with _lock:
            if len(_kept) >= MAX_ENTRIES:
                _kept.clear()
            _kept[key] = (stamp, html)
        return html


@register.tag("kept")
def kept(parser, token):
    """{% kept "initiatives:card" initiative.pk %}…{% endkept %}"""
    bits = token.split_contents()
    if len(bits) < 3 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError(
            f"{bits[0]} : un nom entre guillemets puis au moins une clé, ex. {{% kept \"cartes\" objet.pk %}}"
        )
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(nodelist, bits[1][1:-1], [parser.compile_filter(bit) for bit in bits[2:]])


def clear():
    """Forget every kept fragment (tests)."""
    with _lock:
        _kept.clear()
