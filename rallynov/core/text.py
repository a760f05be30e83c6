"""Text helpers: input cleaning at the boundary, and the French analysis shared by the commune
resolver and the catalogue search.

`clean_input` removes what the database refuses from text that comes from outside (query
strings, forms, cookies, imported files). `fold` removes case and accents; `stems` cuts French
words to their Snowball stems so that "épiceries" and "epicerie" meet at "epicer", and
"covoiturer" and "covoiturage" at a common prefix ("covoitur").
"""

import re
import unicodedata
from functools import lru_cache

# PostgreSQL refuses the NUL character in text (SQLite stores it): a search, a form or an imported
# row carrying one would fail there with a server error. Nobody types it; it is dropped.
REFUSED_CHARACTERS = "\x00"


def clean_input(text):
    """`text` without the characters the database refuses (NUL). Anything else than a str is
    returned as it is (None, numbers, uploaded files)."""
    if not isinstance(text, str) or REFUSED_CHARACTERS not in text:
        return text
    return text.replace(REFUSED_CHARACTERS, "")


_WORD = re.compile(r"[0-9a-z]+")
# French function words that carry no meaning for search.
STOP_WORDS = frozenset(
    [
        "a",
        "au",
        "aux",
        "avec",
        "ce",
        "ces",
        "cet",
        "cette",
        "d",
        "dans",
        "de",
        "des",
        "du",
        "en",
        "et",
        "l",
        "la",
        "le",
        "les",
        "leur",
        "leurs",
        "ou",
        "par",
        "pour",
        "qu",
        "que",
        "qui",
        "sa",
        "se",
        "ses",
        "son",
        "sur",
        "un",
        "une",
        "vos",
        "votre",
        "nos",
        "notre",
        "est",
        "sont",
        "il",
        "elle",
        "ils",
        "elles",
        "on",
        "y",
        "ne",
        "pas",
        "plus",
    ]
)


class _CombiningMarks(dict):
    """A str.translate table that drops combining marks and keeps every other character, filled
    as characters are met (a translation in C, instead of a Python test per character)."""

    def __missing__(self, code):
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_MARKS = _CombiningMarks()


def fold(text):
    """Lower case without accents or ligatures: "Épiceries Œuvre" -> "epiceries oeuvre"."""
    if not text:
        return ""
    text = str(text)
    if text.isascii():  # nothing to decompose nor to drop
        return text.lower()
    text = text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    return unicodedata.normalize("NFKD", text).translate(_MARKS).lower()


def words(text):
    return _WORD.findall(fold(text))


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer  # here, not at the top: every command imports this module at start

    return snowballstemmer.stemmer("french")


# Stems already computed, by word; emptied when it holds STEMS_KEPT words (a bound for a
# long-running process that stems visitors' searches).
_STEMS = {}
STEMS_KEPT = 50_000


def stem(word):
    """The stem of one folded word. Numbers are their own stem (the French stemmer keeps them
    as they are): they rarely repeat, and are not kept."""
    found = _STEMS.get(word)
    if found is None:
        if word.isascii() and word.isdigit():
            return word
        found = fold(_stemmer().stemWord(word))
        if len(_STEMS) >= STEMS_KEPT:
            _STEMS.clear()
        _STEMS[word] = found
    return found


def stems(text, *, keep_stop_words=False):
    """The Snowball stems of the words of `text`, in order, accents folded."""
    known = _STEMS.get  # the common case without a call per word (a catalogue entry has dozens)
    return [known(w) or stem(w) for w in words(text) if keep_stop_words or w not in STOP_WORDS]


_SAINT = re.compile(r"\b(st|ste|sts|stes)\b")
_SAINT_FULL = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}


def place_key(name):
    """A comparable key for a place name: accents, case, hyphens, apostrophes and the "St"/"Ste"
    abbreviations do not matter. "ST CLAUDE" and "Saint-Claude" give "saint claude"."""
    text = fold(name)
    text = re.sub(r"[-'’`_.,/]", " ", text)
    text = _SAINT.sub(lambda m: _SAINT_FULL[m.group(1)], text)
    return " ".join(text.split())


_ARTICLE = re.compile(r"^(le|la|les|l) ")


def place_key_without_article(name):
    return _ARTICLE.sub("", place_key(name))
