"""The catalogue's facet boxes, written in Python.

A catalogue page shows a hundred options or more (themes and their sub-themes, SDGs, departments,
years, kinds), each with a checkbox, a label and a count: through the template language that was
about a third of the page's CPU. The markup is the one the template wrote.
"""

from django import template
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()


def _option(facet_name, option):
    checked = " checked" if option.selected else ""
    return (
        f'<input type="checkbox" id="{conditional_escape(option.input_id)}" name="{conditional_escape(facet_name)}"'
        f' value="{conditional_escape(option.value)}"{checked}>\n'
        f'<label for="{conditional_escape(option.input_id)}">{conditional_escape(option.label)}'
        f' <span class="facet-count">({localize(option.count)})</span></label>'
    )


@register.simple_tag
def facet_fieldsets(facets):
    """One <fieldset> per facet that has options: checkboxes, labels with counts, sub-options."""
    parts = []
    for facet in facets:
        if not facet.options:
            continue
        parts.append(
            f'<fieldset class="facet" id="facet-{conditional_escape(facet.name)}">\n'
            f"<legend>{conditional_escape(facet.label)}</legend>\n"
            '<ul class="plain-list facet-options">\n'
        )
        for option in facet.options:
            parts.append("<li>\n" + _option(facet.name, option))
            if option.children:
                parts.append('\n<ul class="plain-list facet-children">\n')
                parts.extend(f"<li>\n{_option(facet.name, child)}\n</li>\n" for child in option.children)
                parts.append("</ul>")
            parts.append("\n</li>\n")
        parts.append("</ul>\n</fieldset>\n")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


@register.filter
def selected_options(facets):
    """The options switched on, in the order of the boxes (an option, then its sub-options): the
    active filters' chips, without the template walking every option."""
    selected = []
    for facet in facets:
        for option in facet.options:
            if option.selected:
                selected.append(option)
            selected.extend(child for child in option.children if child.selected)
    return selected
