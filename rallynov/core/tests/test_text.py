import random
import unicodedata

from rallynov.core.exports import neutralise, rows_to_csv
from rallynov.core.text import _stemmer, fold, place_key, stem, stems


def test_fold_removes_accents_case_and_ligatures():
    assert fold("Épiceries SOLIDAIRES, cœur") == "epiceries solidaires, coeur"


def test_stems_make_word_forms_meet():
    assert stems("Épiceries solidaires") == stems("epicerie solidaire")
    covoiturer, covoiturage = stems("covoiturer")[0], stems("covoiturage")[0]
    assert covoiturage.startswith(covoiturer)


def test_stems_drop_french_stop_words():
    assert stems("la semaine de 4 jours") == ["semain", "4", "jour"]


def test_place_key_expands_saint_and_ignores_punctuation():
    assert place_key("ST CLAUDE") == place_key("Saint-Claude") == "saint claude"
    assert place_key("Ste-Marie") == "sainte marie"


def test_neutralise_formulas_but_not_numbers():
    assert [neutralise(v) for v in ["=cmd|'/c calc'!A1", "+33 1", "-12", "@SUM(A1)", "texte", 12]] == [
        "'=cmd|'/c calc'!A1",
        "'+33 1",
        "-12",
        "'@SUM(A1)",
        "texte",
        12,
    ]


def test_csv_export_has_bom_and_neutralised_cells():
    data = rows_to_csv(["nom", "note"], [["=HYPERLINK(\"x\")", "ok"]]).decode("utf-8")
    assert data == "\ufeffnom;note\r\n\"'=HYPERLINK(\"\"x\"\")\";ok\r\n"


def _fold_by_characters(text):
    """fold as first written: a Python test per character (the reference of the faster one)."""
    if not text:
        return ""
    text = str(text).replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def test_fold_gives_what_the_character_by_character_fold_gave():
    every = "".join(chr(c) for c in range(0x3000) if not 0xD800 <= c <= 0xDFFF)
    for start in range(0, len(every), 64):
        assert fold(every[start : start + 64]) == _fold_by_characters(every[start : start + 64])
    rng = random.Random(7)
    pool = list("aeiouyAEIOUΣσςİIıœŒæÆßﬁ²'’- Éèêëàçñ") + [chr(c) for c in range(0x300, 0x370)]
    for _ in range(3000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 16)))
        assert fold(text) == _fold_by_characters(text), repr(text)


def test_numbers_are_their_own_stems_as_the_stemmer_gives_them():
    for number in [*range(0, 3000, 7), 12345, 2023, 10**15 + 3, "007", "0"]:
        word = str(number)
        assert stem(word) == word == _fold_by_characters(_stemmer().stemWord(word))
    assert stem("²") == _fold_by_characters(_stemmer().stemWord("²"))
