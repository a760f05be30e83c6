from rallynov.core.exports import neutralise, rows_to_csv
from rallynov.core.text import fold, place_key, stems


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
