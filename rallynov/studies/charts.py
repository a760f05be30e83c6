"""Server-side SVG charts (no JavaScript): horizontal bars for frequencies and 100 % stacked bars
for cross-tabs. Each chart has role="img", a <title> and is shown beside its data table."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

PALETTE = ["#00566b", "#a8380a", "#1e6b34", "#6b3fa0", "#8a6d00", "#004c99", "#9b1d52"]
WIDTH, LABEL_W, BAR_H, GAP = 680, 270, 22, 8


LINE_H = 15  # height of one line of a label (13 px text)


def _lines(text, size=32):
    """A label on as many lines as it needs (never cut: « Mieux concilier vie professionnelle et vie
    personnelle » is read whole); a word longer than a line is broken, not dropped."""
    import textwrap

    return textwrap.wrap(str(text), size, break_long_words=True, break_on_hyphens=False) or [""]


def _label(x, y_middle, text, *, anchor="end", size=32):
    """An SVG <text> of one or more <tspan> lines, centred on y_middle."""
    lines = _lines(text, size)
    first = y_middle - (len(lines) - 1) * LINE_H / 2 + 4.5
    spans = "".join(
        f'<tspan x="{x}" y="{first + i * LINE_H:.1f}">{escape(line)}</tspan>' for i, line in enumerate(lines)
    )
    return (
        f'<text text-anchor="{anchor}" class="chart-label" font-family="DejaVu Sans, sans-serif" '
        f'font-size="13">{spans}</text>'
    )


def _row_heights(labels, size=32):
    return [max(BAR_H, len(_lines(label, size)) * LINE_H + 4) for label in labels]


def bar_chart(title, rows, *, ident):
    """rows: [(label, count, percent)]. Returns safe SVG markup."""
    heights = _row_heights([label for label, _, _ in rows])
    height = sum(heights) + GAP * (len(rows) + 1)
    scale = (WIDTH - LABEL_W - 110) / 100
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{ident}-t" '
        f'xmlns="http://www.w3.org/2000/svg"><title id="{ident}-t">{escape(title)}</title>'
    ]
    top = GAP
    for (label, count, percent), row_h in zip(rows, heights, strict=True):
        w = max(percent * scale, 0)
        y = top + (row_h - BAR_H) / 2
        parts.append(
            _label(LABEL_W - 6, top + row_h / 2, label)
            + f'<rect x="{LABEL_W}" y="{y:.1f}" width="{w:.1f}" height="{BAR_H}" fill="{PALETTE[0]}"></rect>'
            f'<text x="{LABEL_W + w + 6:.1f}" y="{y + BAR_H * 0.7:.1f}" class="chart-value" font-family="DejaVu Sans, sans-serif" font-size="13" font-weight="bold">'
            f"{percent:.0f} % ({count})</text>"
        )
        top += row_h + GAP
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above


def stacked_chart(title, lines, legend, *, ident):
    """lines: [(label, [percent per column])]; legend: column labels."""
    heights = _row_heights([label for label, _ in lines])
    # The legend: three per row, each name on as many lines as it needs.
    legend_rows = [legend[i : i + 3] for i in range(0, len(legend), 3)]
    legend_heights = [max(len(_lines(name, 24)) for name in row) * LINE_H + 8 for row in legend_rows]
    legend_h = sum(legend_heights) + 6
    height = sum(heights) + GAP * (len(lines) + 1) + legend_h
    scale = (WIDTH - LABEL_W - 20) / 100
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{ident}-t" '
        f'xmlns="http://www.w3.org/2000/svg"><title id="{ident}-t">{escape(title)}</title>'
    ]
    top = GAP
    for (label, percents), row_h in zip(lines, heights, strict=True):
        y = top + (row_h - BAR_H) / 2
        parts.append(_label(LABEL_W - 6, top + row_h / 2, label))
        x = LABEL_W
        for j, pct in enumerate(percents):
            w = pct * scale
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{BAR_H}" '
                         f'fill="{PALETTE[j % len(PALETTE)]}"></rect>')
            x += w
        top += row_h + GAP
    top += 4
    for row, row_h in zip(legend_rows, legend_heights, strict=True):
        for k, name in enumerate(row):
            j = legend.index(name)
            x = 10 + k * 220
            parts.append(f'<rect x="{x}" y="{top}" width="14" height="14" fill="{PALETTE[j % len(PALETTE)]}"></rect>'
                         + _label(x + 20, top + 7 + (len(_lines(name, 24)) - 1) * LINE_H / 2, name, anchor="start", size=24))
        top += row_h
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above


def result_chart(result):
    """The chart of one QuestionResult, or None (text, dates)."""
    q = result.question
    ident = f"chart-{q.key[:8]}"
    if result.rows:
        return bar_chart(f"Q{q.number}. {q.label} — répartition des réponses (en % des répondants)",
                         [(r.label, r.count, r.percent) for r in result.rows], ident=ident)
    if result.items:
        legend = [o.label for o in q.options]
        lines = [(entry["item"].label, [r.percent for r in entry["rows"]]) for entry in result.items]
        return stacked_chart(f"Q{q.number}. {q.label} — répartition par item (en %)", lines, legend, ident=ident)
    return None
