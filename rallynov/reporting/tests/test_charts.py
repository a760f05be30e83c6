import textwrap

import pytest

from rallynov.reporting.charts import _nice_max, bar_chart, column_chart


@pytest.mark.parametrize(
    ("value", "top"), [(0, 4), (3, 4), (9, 12), (15, 16), (53, 60), (218, 240), (2882, 3200)]
)
def test_axis_top_gives_whole_ticks(value, top):
    assert _nice_max(value) == top


def test_column_chart_escapes_labels_and_marks_missing_years():
    svg = column_chart([("<2022>", None), (2023, 15)])

    assert "&lt;2022&gt;" in svg
    assert '<text class="chart-missing"' in svg
    assert svg.count('<rect class="chart-bar"') == 1
    assert 'aria-hidden="true"' in svg and "style=" not in svg


def test_bar_chart_one_bar_per_category():
    svg = bar_chart([("Doubs (25)", 5), ("Côte-d'Or (21)", 4)])

    assert svg.count('<rect class="chart-bar"') == 2
    assert "Côte-d&#x27;Or (21)" in svg


def test_empty_series_draw_nothing():
    assert column_chart([]) == "" and bar_chart([]) == ""


def test_bar_chart_wraps_long_labels_instead_of_cutting_them():
    label = "Mieux concilier vie professionnelle et vie personnelle"
    svg = bar_chart([(label, 5), ("Doubs (25)", 4)])

    assert "…" not in svg
    words = " ".join(span.split(">", 1)[1].split("<", 1)[0] for span in svg.split("<tspan")[1:])
    assert words == label + " Doubs (25)"
    assert svg.count("<tspan") == len(textwrap.wrap(label, 24)) + 1
