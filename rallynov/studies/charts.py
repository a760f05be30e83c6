"""Server-side SVG charts (no JavaScript): horizontal bars for frequencies and 100 % stacked bars
for cross-tabs. Each chart has role="img", a <title> and is shown beside its data table."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

PALETTE = ["#00566b", "#a8380a", "#1e6b34", "#6b3fa0", "#8a6d00", "#004c99", "#9b1d52"]
WIDTH, LABEL_W, BAR_H, GAP = 680, 270, 22, 8


def _truncate(text, size=32):
    return text if len(text) <= size else text[: size - 1] + "…"


def bar_chart(title, rows, *, ident):
    """rows: [(label, count, percent)]. Returns safe SVG markup."""
    height = len(rows) * (BAR_H + GAP) + GAP
    scale = (WIDTH - LABEL_W - 110) / 100
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{ident}-t" '
        f'xmlns="http://www.w3.org/2000/svg"><title id="{ident}-t">{escape(title)}</title>'
    ]
    for i, (label, count, percent) in enumerate(rows):
        y = GAP + i * (BAR_H + GAP)
        w = max(percent * scale, 0)
        parts.append(
            f'<text x="{LABEL_W - 6}" y="{y + BAR_H * 0.7:.1f}" text-anchor="end" class="chart-label" font-family="DejaVu Sans, sans-serif" font-size="13">'
            f"{escape(_truncate(label))}</text>"
            f'<rect x="{LABEL_W}" y="{y}" width="{w:.1f}" height="{BAR_H}" fill="{PALETTE[0]}"></rect>'
            f'<text x="{LABEL_W + w + 6:.1f}" y="{y + BAR_H * 0.7:.1f}" class="chart-value" font-family="DejaVu Sans, sans-serif" font-size="13" font-weight="bold">'
            f"{percent:.0f} % ({count})</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above


def stacked_chart(title, lines, legend, *, ident):
    """lines: [(label, [percent per column])]; legend: column labels."""
    legend_h = 22 * ((len(legend) + 2) // 3) + 6
    height = len(lines) * (BAR_H + GAP) + GAP + legend_h
    scale = (WIDTH - LABEL_W - 20) / 100
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{ident}-t" '
        f'xmlns="http://www.w3.org/2000/svg"><title id="{ident}-t">{escape(title)}</title>'
    ]
    for i, (label, percents) in enumerate(lines):
        y = GAP + i * (BAR_H + GAP)
        parts.append(f'<text x="{LABEL_W - 6}" y="{y + BAR_H * 0.7:.1f}" text-anchor="end" class="chart-label" font-family="DejaVu Sans, sans-serif" font-size="13">'
                     f"{escape(_truncate(label))}</text>")
        x = LABEL_W
        for j, pct in enumerate(percents):
            w = pct * scale
            parts.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{BAR_H}" '
                         f'fill="{PALETTE[j % len(PALETTE)]}"></rect>')
            x += w
    top = len(lines) * (BAR_H + GAP) + GAP + 4
    for j, name in enumerate(legend):
        x, y = 10 + (j % 3) * 210, top + (j // 3) * 22
        parts.append(f'<rect x="{x}" y="{y}" width="14" height="14" fill="{PALETTE[j % len(PALETTE)]}"></rect>'
                     f'<text x="{x + 20}" y="{y + 12}" class="chart-label" font-family="DejaVu Sans, sans-serif" font-size="13">{escape(_truncate(name, 30))}</text>')
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
