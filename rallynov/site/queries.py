"""Reused reads of the site: search across every public page, newsletter subscribers."""

import re
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page

from rallynov.core import snapshot
from rallynov.core.text import fold, stems

MAX_QUERY_LENGTH = 200
# The results of the last searches, per site and words, and the pages of results shown
# (core.snapshot.KeptValues).
KEPT_SEARCHES = snapshot.KeptValues(64)
KEPT_RESULT_PAGES = snapshot.KeptValues(64)
_WORD = re.compile(r"\w+")


def clean_query(text):
    return " ".join((text or "").split())[:MAX_QUERY_LENGTH]


# The most results a search shows (ten pages of 20).
MAX_RESULTS = 200


def search_pages(query, *, site):
    """Live public pages of the site matching `query`, best first (`find_pages`), kept per data
    stamp: at 100,000 initiatives a search reads the whole text index (over 100 ms of the
    database's time), and the same words asked again before any write find the same pages."""
    found = KEPT_SEARCHES.get(
        (site.pk if site is not None else None, query),
        lambda: [(page.pk, page.content_type_id) for page in find_pages(query, site=site)],
    )
    return [Page(pk=pk, content_type_id=content_type_id) for pk, content_type_id in found]


def find_pages(query, *, site):
    """Live public pages of the site matching `query`, best first.

    Wagtail's database backend folds accents on SQLite but does not stem, and PostgreSQL's French
    configuration stems but keeps accents: the query is tried as typed, then folded, then as its
    French stems matched as prefixes, so "evenement", "Événements" and "événement" find the same pages.
    """
    # Only what tells the results apart: the page of them shown is read by `specific_pages`.
    pages = Page.objects.live().public().only("id", "content_type_id")
    if site is not None:
        pages = pages.descendant_of(site.root_page, inclusive=True)
    seen, results = set(), []
    # Words only: quotes and operators mean something to SQLite FTS5 and to tsquery, and an
    # unbalanced quote was an error of the database ("unterminated string").
    words = " ".join(_WORD.findall(query))
    if not words:
        return results
    attempts = [lambda: pages.search(words, operator="and")]
    if fold(words) != words:  # the same search again would find the same pages
        attempts.append(lambda: pages.search(fold(words), operator="and"))
    word_stems = [s for s in stems(query) if len(s) >= 3]
    if word_stems:
        attempts.append(lambda: pages.autocomplete(" ".join(word_stems)))
    for attempt in attempts:
        # Bounded: a common word matches most of a catalogue of 100,000 initiatives, and every
        # match was loaded as a page; the best MAX_RESULTS of each attempt are enough to read.
        for page in attempt()[:MAX_RESULTS]:
            if page.pk not in seen:
                seen.add(page.pk)
                results.append(page)
        if len(results) >= MAX_RESULTS:
            break
    return results[:MAX_RESULTS]


def kept_specific_pages(pages, *, site, query, number):
    """specific_pages(pages) for the page `number` of the results of `query`, kept per data stamp."""
    return KEPT_RESULT_PAGES.get(
        (site.pk if site is not None else None, query, number), lambda: specific_pages(pages)
    )


def specific_pages(pages):
    """The specific pages of `pages` (search results, which hold only their id and kind), in the
    same order: one query per kind of page among them instead of one per page (`page.specific`).
    Their StreamFields are not read: a result shows its title, kind and summary."""
    pks_by_type = defaultdict(list)
    for page in pages:
        pks_by_type[page.content_type_id].append(page.pk)
    found = {}
    for content_type_id, pks in pks_by_type.items():
        # A kind of page whose model is gone is read as a plain page.
        model = ContentType.objects.get_for_id(content_type_id).model_class() or Page
        found.update((item.pk, item) for item in model.objects.filter(pk__in=pks).defer_streamfields())
    return [found[page.pk] for page in pages if page.pk in found]


def newsletter_subscribers():
    """People who agreed to receive the newsletter, who have an address and were not erased."""
    from rallynov.organizations.models import Person

    return (
        Person.objects.filter(newsletter_consent_at__isnull=False, erased_at__isnull=True)
        .exclude(email="")
        .select_related("organization")
        .order_by("last_name", "first_name", "pk")
    )
