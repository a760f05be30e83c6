"""Complete English: every public page (tests/trust/public_pages.py), opened under /en/, has no
French left in its main content.

The text of `<main>` is read node by node. What is record data, written in French by the people
who entered it (an initiative's title and summary, a structure's name, a commune, a news item),
is not the site's wording and is set aside: a text node found in the database's own texts, or
inside an element marked `lang="fr"`. Every other node must hold none of the common French words
below. The words are ones English never uses on its own, so the test cannot fail on English
text, and it reads only what the server rendered (no clock, no browser).
"""

import re
from html import unescape
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from wagtail.fields import StreamField

from tests.trust.public_pages import in_english, matrix_context, public_paths

pytestmark = [pytest.mark.django_db, pytest.mark.timeout(1200)]

FRENCH_WORDS = frozenset(
    """
    les des pour avec dans une aux sur est sont vous votre vos nous notre être été très également
    aucun aucune inscription inscriptions inscrire rechercher recherche accueil candidature candidatures
    lauréat lauréats lauréate lauréates événement événements année années voir tous toutes
    chiffres clés ouvert ouverte fermée prochain prochaine jusqu’au jusqu'au du et ou mais qui
    résultats publiés édition éditions appel partenaires financeurs actualités études enquête
    enquêtes télécharger retour précédent suivant données carte participer
    """.split()  # noqa: SIM905 - a block of words reads better than a hundred quoted strings
)
# Proper names, French in English too (an institution, a postal service, a licence's name).
PROPER_NAMES = ("défenseur des droits", "libre réponse", "licence ouverte")
TAG = re.compile(r"<[^>]*>")
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


class MainText(HTMLParser):
    """The text nodes of <main>, without scripts, styles and parts marked in French."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack = []  # (tag, is_french, is_hidden_code) of the open elements inside <main>
        self.in_main = False
        self.nodes = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "main":
            self.in_main = True
            return
        if not self.in_main or tag in self.VOID:
            return
        parent_french, parent_skipped = (self.stack[-1][1], self.stack[-1][2]) if self.stack else (False, False)
        french = (attrs.get("lang") or "").startswith("fr") or parent_french
        skipped = tag in {"script", "style", "template"} or parent_skipped
        self.stack.append((tag, french, skipped))

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main = False
            return
        if not self.in_main:
            return
        while self.stack:
            open_tag, _, _ = self.stack.pop()
            if open_tag == tag:
                break

    def handle_data(self, data):
        text = " ".join(data.split())
        if not self.in_main or not text:
            return
        if self.stack and (self.stack[-1][1] or self.stack[-1][2]):
            return
        self.nodes.append(text)


def _texts_of(value):
    """The pieces of text in a value of the database: a string (rich text split at its tags), or
    the strings inside a StreamField's data."""
    if isinstance(value, str):
        return [" ".join(unescape(piece).split()) for piece in TAG.split(value) if piece.strip()]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _texts_of(item)]
    if isinstance(value, list | tuple):
        return [text for item in value for text in _texts_of(item)]
    return []


def record_texts():
    """Every text the database holds in the platform's tables and Wagtail's pages (StreamField
    bodies included), in lower case, longest first."""
    texts = set()
    for model in apps.get_models():
        if not (model.__module__.startswith("rallynov.") or model._meta.label == "wagtailcore.Page"):
            continue
        fields = [f for f in model._meta.concrete_fields if f.model is model]
        names = [f.name for f in fields if isinstance(f, models.CharField | models.TextField | StreamField)]
        if not names:
            continue
        for row in model.objects.values_list(*names):
            for value in row:
                raw = getattr(value, "raw_data", value)
                texts.update(normal(text) for text in _texts_of(list(raw) if hasattr(value, "raw_data") else raw))
    return sorted((t for t in texts if len(t) >= 3), key=len, reverse=True)


def normal(text):
    """Lower case, one kind of apostrophe and of space."""
    return " ".join(text.replace("’", "'").lower().split())


def french_words(text):
    return {w.lower() for w in WORD.findall(text)} & FRENCH_WORDS


def french_left(html, records):
    """The text nodes of <main> that still hold French once the records' texts are taken out."""
    parser = MainText()
    parser.feed(html)
    found = []
    for node in parser.nodes:
        if not french_words(node):
            continue
        rest = normal(node)
        for record in records:
            if record in rest:  # whole words only: "vey" must not turn "survey" into "sur"
                rest = re.sub(rf"(?<!\w){re.escape(record)}(?!\w)", " ", rest)
        for name in PROPER_NAMES:
            rest = rest.replace(name, " ")
        if french_words(rest):
            found.append(node[:120])
    return found


@pytest.fixture
def ctx(request, programme, home_page):
    return matrix_context(request)


def test_french_finder_reads_main_only_and_sets_records_and_french_parts_aside():
    html = """<header>Rechercher dans les initiatives</header><main><h1>Initiatives</h1>
    <p>Search the catalogue</p><p>Aucune initiative pour le moment</p>
    <p lang="fr">Une épicerie pour tous</p><h2>Épiceries solidaires du Pays</h2>
    <script>var x = "les données";</script></main><footer>Mentions légales et données</footer>"""

    records = ["épiceries solidaires du pays"]

    assert french_left(html, records) == ["Aucune initiative pour le moment"]
    assert french_left("<main><p>Answer « Épiceries solidaires du pays »</p></main>", records) == []
    assert french_left("<main><p>Les Épiceries solidaires du pays</p></main>", records) == [
        "Les Épiceries solidaires du pays"
    ]


def test_every_public_page_in_english_has_no_french_in_its_main_content(ctx, settings):
    settings.RATELIMIT_ENABLE = False
    paths = [in_english(path) for path in public_paths(ctx)]
    english = [path for path in paths if path.startswith("/en/")]
    assert len(english) > 40  # the walk found the site's pages in English
    records = record_texts()
    left = {}
    for path in english:
        response = Client().get(path)
        if response.streaming:
            for closer in response._resource_closers:
                closer()
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        assert response.get("Content-Language") == "en", path
        found = french_left(response.content.decode(), records)
        if found:
            left[path] = found
    assert left == {}, "\n".join(f"{path} : {nodes}" for path, nodes in left.items())
