"""The facet boxes written in Python (catalogue_tags) say what the template said: every option
with its checkbox, escaped label and count, sub-options under their theme, checked when on."""

import pytest

from rallynov.initiatives.queries.facet_display import Facet, FacetOption
from rallynov.initiatives.templatetags.catalogue_tags import facet_fieldsets, selected_options


def option(value, label, count, *, selected=False, children=()):
    return FacetOption(value, label, count, selected, f"?theme={value}", list(children), f"f-{value}")


@pytest.fixture
def facets():
    child = option("epiceries", "Épiceries <solidaires>", 3, selected=True)
    return [
        Facet("theme", "Thèmes", [option("alimentation", "Alimentation & circuits", 1200, children=[child])]),
        Facet("sdg", "ODD", []),
        Facet("department", "Départements", [option("21", "Côte-d'Or", 7, selected=True)]),
    ]


def test_every_option_has_its_checkbox_label_and_count(facets):
    html = facet_fieldsets(facets)
    assert html.count("<fieldset") == 2  # a facet without options has no box
    assert '<input type="checkbox" id="f-alimentation" name="theme" value="alimentation">' in html
    assert '<label for="f-alimentation">Alimentation &amp; circuits <span class="facet-count">(1200)</span></label>' in html
    assert 'value="epiceries" checked>' in html and "Épiceries &lt;solidaires&gt;" in html
    assert html.index('class="plain-list facet-children"') > html.index('id="f-alimentation"')
    assert 'value="21" checked>' in html and "Côte-d&#x27;Or" in html


def test_the_active_filters_are_the_options_switched_on_in_the_boxes_order(facets):
    assert [o.value for o in selected_options(facets)] == ["epiceries", "21"]
