"""The language switch: one link per language to the same page in that language.

The language lives in the address (French at the root, English under /en/, see rallynov/urls.py),
so switching is a plain link: no form, no CSRF cookie, no session, and the page cache keys on
the address.
"""

import functools

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation

register = template.Library()


def language_url(path, code):
    """`path` (with its query string) in language `code`; that language's home page when the
    path is none of the site's (a 404) or has no other language (the admin, the accounts)."""
    return _language_url(path, code, translation.get_language())


@functools.lru_cache(maxsize=1024)
def _language_url(path, code, current):
    # Resolving and reversing a path costs a millisecond; the answer depends only on the path, the
    # languages and the address patterns (Wagtail's pages are served by one catch-all pattern).
    url = translate_url(path, code)
    if code != current and url == path:
        with translation.override(code):
            return reverse("wagtail_serve", args=("",))
    return url


@register.simple_tag(takes_context=True)
def language_links(context):
    """[{code, name, url, current}] for each language of the site, current one included."""
    request = context.get("request")
    path = request.get_full_path() if request is not None else "/"
    current = translation.get_language()
    return [
        {"code": code, "name": name, "url": _language_url(path, code, current), "current": code == current}
        for code, name in settings.LANGUAGES
    ]


@register.filter
def translated(text):
    """A text marked for translation where it was written (gettext_noop: a key figure's label
    is computed once and kept for every language), translated into the page's language here."""
    return translation.gettext(text) if text else text
