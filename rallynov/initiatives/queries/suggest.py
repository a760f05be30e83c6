"""« Vouliez-vous dire … » : a query with a typo ("innovasion", "epicries") corrected with the
catalogue's own words.

The vocabulary is every word of the published sheets of a programme (titles, summaries,
communes, themes), folded like the search folds it ("Épiceries" -> "epiceries"), with the form
most often written kept for display. It is built when a search finds nothing, kept per process
and built again when the catalogue's stamp (`initiatives.facets.stamp`) changes, like the facet
index. Each unknown word of the query is replaced by the closest known word (rapidfuzz's
normalised Levenshtein ratio, ties to the most frequent word); the corrected query is offered
only if it finds something with the same filters.
"""

import re
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass, replace

from django.db import connection
from rapidfuzz import fuzz, process

from rallynov.core.text import fold
from rallynov.initiatives.facets import stamp
from rallynov.initiatives.models import CatalogueEntry, CatalogueEntryTheme, InitiativePage
from rallynov.initiatives.queries.catalogue import Catalogue

# Words of the texts: letters only (accents included), apostrophes split ("l'épicerie").
WORD = re.compile(r"[^\W\d_]+")
# Shorter words are neither corrected nor offered: too many neighbours at one letter.
MIN_LENGTH = 4
# Lowest similarity (0-100) of a correction: "innovasion"/"innovation" is 90, "epicries"/
# "epiceries" 94, "garage"/"barrage" 77.
SCORE_CUTOFF = 80
CANDIDATES = 5

_cache = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class Suggestion:
    q: str  # the corrected query, as shown
    querystring: str  # the catalogue's query string for it, other filters kept


@dataclass(frozen=True)
class Vocabulary:
    token: object
    words: tuple  # folded words, most frequent first
    shown: dict  # folded word -> its most frequent written form (lower case)
    frequency: dict  # folded word -> occurrences

    @classmethod
    def build(cls, programme_id, token=None):
        written = defaultdict(Counter)
        entries = CatalogueEntry.objects.filter(programme_id=programme_id)
        texts = InitiativePage.objects.filter(catalogue_entry__programme_id=programme_id).values_list(
            "title", "summary"
        )
        communes = entries.values_list("commune_name", flat=True).distinct()
        themes = (
            CatalogueEntryTheme.objects.filter(entry__programme_id=programme_id)
            .values_list("theme__name", flat=True)
            .distinct()
        )
        for row in (*texts.iterator(chunk_size=2000), *((c,) for c in communes), *((t,) for t in themes)):
            for text in row:
                for word in WORD.findall((text or "").lower()):
                    if len(word) >= MIN_LENGTH:
                        written[fold(word)][word] += 1
        frequency = {folded: sum(forms.values()) for folded, forms in written.items()}
        return cls(
            token=token,
            words=tuple(sorted(frequency, key=lambda w: (-frequency[w], w))),
            shown={folded: forms.most_common(1)[0][0] for folded, forms in written.items()},
            frequency=frequency,
        )

    def correct(self, word):
        """The known word closest to `word` as written in the catalogue, or None when `word`
        is known, too short, or close to nothing."""
        folded = fold(word)
        if len(folded) < MIN_LENGTH or not folded.isalpha() or folded in self.frequency:
            return None
        matches = process.extract(
            folded, self.words, scorer=fuzz.ratio, score_cutoff=SCORE_CUTOFF, limit=CANDIDATES
        )
        if not matches:
            return None
        best = max(matches, key=lambda match: (match[1], self.frequency[match[0]]))
        return self.shown[best[0]]


def vocabulary(programme_id):
    """The programme's vocabulary, built again when the catalogue changed (or every time where
    the database has no stamp)."""
    token = stamp()
    if token is None:
        return Vocabulary.build(programme_id)
    key = (connection.alias, connection.settings_dict.get("NAME"), programme_id)
    cached = _cache.get(key)
    if cached is not None and cached.token == token:
        return cached
    built = Vocabulary.build(programme_id, token)
    with _lock:
        _cache[key] = built
    return built


def suggest(*, programme, filters):
    """A corrected query for `filters.q` that finds something with the same filters, or None."""
    if not filters.q:
        return None
    vocab = vocabulary(programme.pk)
    changed = False
    words = []
    for word in filters.q.split():
        corrected = vocab.correct(word)
        changed = changed or corrected is not None
        words.append(corrected or word)
    if not changed:
        return None
    corrected_filters = replace(filters, q=" ".join(words))
    if not Catalogue(programme=programme, filters=corrected_filters).count():
        return None
    return Suggestion(q=corrected_filters.q, querystring=corrected_filters.querystring())
