"""Server-side SVG charts. Each chart is decorative for screen readers (`aria-hidden`) because
the page shows its data table right beside it; the SVG has no inline style (strict CSP): colours
come from classes in reporting.css."""

import math
import textwrap

from django.utils.html import escape
from django.utils.safestring import mark_safe

from rallynov.reporting.keyfigures import format_value


def _nice_max(value):
    """The top of the axis: four ticks of a round, whole step (20 → 5 10 15 20; 53 → 15 30 45 60)."""
    raw = value / 4
    if raw <= 1:
        return 4
    magnitude = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        step = multiple * magnitude
        if step >= raw and float(step).is_integer():
            return 4 * int(step)
    return 4 * 10 * magnitude


def column_chart(points, *, width=420, height=220):
    """Vertical bars for a series over the years: points = [(label, value or None)]."""
    if not points:
        return ""
    left, bottom, top, right = 44, 26, 12, 6
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = _nice_max(max((v or 0) for _, v in points))
    slot = plot_w / len(points)
    bar_w = max(4, slot * 0.6)
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" aria-hidden="true" focusable="false" '
        'xmlns="http://www.w3.org/2000/svg">'
    ]
    for tick in range(5):
        value = top_value * tick / 4
        y = top + plot_h - plot_h * tick / 4
        parts.append(f'<line class="chart-grid" x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}"/>')
        parts.append(
            f'<text class="chart-axis" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{escape(format_value(value))}</text>'
        )
    for index, (label, value) in enumerate(points):
        x = left + slot * index + (slot - bar_w) / 2
        if value is None:
            parts.append(
                f'<text class="chart-missing" x="{x + bar_w / 2:.1f}" y="{top + plot_h - 4}" text-anchor="middle">–</text>'
            )
        else:
            bar_h = plot_h * value / top_value
            parts.append(
                f'<rect class="chart-bar" x="{x:.1f}" y="{top + plot_h - bar_h:.1f}" width="{bar_w:.1f}" height="{bar_h:.1f}"/>'
            )
        if len(points) <= 8 or (len(points) - 1 - index) % 2 == 0:
            parts.append(
                f'<text class="chart-axis" x="{x + bar_w / 2:.1f}" y="{height - 8}" text-anchor="middle">{escape(str(label))}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every label and value above is escaped


def label_lines(text, size=24):
    """A category's label on as many lines as it needs: never cut (« Mieux concilier vie
    professionnelle… » is read whole)."""
    return textwrap.wrap(str(text), size, break_long_words=True, break_on_hyphens=False) or [""]


def bar_chart(points, *, width=460, row_height=28, line_height=14):
    """Horizontal bars for categories (departments, themes): points = [(label, value)]."""
    if not points:
        return ""
    label_w, right = 170, 44
    lines = [label_lines(label) for label, _ in points]
    heights = [max(row_height, len(found) * line_height + 10) for found in lines]
    height = sum(heights) + 8
    top_value = max(v for _, v in points) or 1
    plot_w = width - label_w - right
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" aria-hidden="true" focusable="false" '
        'xmlns="http://www.w3.org/2000/svg">'
    ]
    top = 4
    for (_label, value), found, row_h in zip(points, lines, heights, strict=True):
        y = top + (row_h - row_height) / 2
        top += row_h
        bar_w = plot_w * value / top_value
        first = y + row_height * 0.62 - (len(found) - 1) * line_height / 2
        spans = "".join(
            f'<tspan x="{label_w - 8}" y="{first + i * line_height:.1f}">{escape(line)}</tspan>'
            for i, line in enumerate(found)
        )
        parts.append(f'<text class="chart-label" text-anchor="end">{spans}</text>')
        parts.append(
            f'<rect class="chart-bar" x="{label_w}" y="{y + 3:.1f}" width="{bar_w:.1f}" height="{row_height - 8}"/>'
        )
        parts.append(
            f'<text class="chart-value" x="{label_w + bar_w + 6:.1f}" y="{y + row_height * 0.62:.1f}">{escape(format_value(value))}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every label and value above is escaped
