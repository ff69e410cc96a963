"""Bar charts drawn on the server, as inline SVG: the one chart drawing of the figures pages.

A chart is a horizontal bar per row: the row's label and value on a line of text, the bar under
them, as long as the value against the largest. Sizes are in CSS pixels and the bars' lengths in
per cent of the width, so the text stays 14 px at every width (375 px phones included) and
nothing needs JavaScript. The SVG is `role="img"` named by its <title> and <desc>; the page puts
the same figures in a table beside it, which is what screen readers and the CSV use.
"""
from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

ROW_HEIGHT = 40
BAR_HEIGHT = 14
#: the bar colour: 8:1 against white (WCAG 1.4.11 asks 3:1); text in the page's ink colour
BAR_COLOUR = "#00507a"
INK = "#1a1a1a"
#: longer labels are cut (with "…"), so label and value share one line at 375 px
MAX_LABEL = 34


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    #: the value as the reader reads it ("1 234", "2,5 døgn")
    shown: str


def _cut(text: str) -> str:
    text = str(text)
    return text if len(text) <= MAX_LABEL else text[:MAX_LABEL - 1].rstrip() + "…"


def bar_chart(chart_id: str, title: str, description: str, bars: list[Bar]) -> Markup:
    """An accessible SVG bar chart (see the module docstring); `chart_id` must be unique on the
    page (it names the title and description)."""
    most = max((bar.value for bar in bars), default=0) or 1
    height = max(len(bars), 1) * ROW_HEIGHT
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="figures-chart" role="img" '
        f'width="100%" height="{height}" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="system-ui, sans-serif" font-size="14">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for index, bar in enumerate(bars):
        y = index * ROW_HEIGHT
        share = round(100 * bar.value / most, 2) if bar.value > 0 else 0
        parts.append(
            f'<text x="0" y="{y + 16}" fill="{INK}">{escape(_cut(bar.label))}</text>'
            f'<text x="100%" y="{y + 16}" fill="{INK}" text-anchor="end" '
            f'font-weight="600">{escape(bar.shown)}</text>')
        if share:
            parts.append(f'<rect x="0" y="{y + 22}" width="{share}%" height="{BAR_HEIGHT}" '
                         f'rx="2" fill="{BAR_COLOUR}"></rect>')
        else:
            parts.append(f'<rect x="0" y="{y + 22 + BAR_HEIGHT // 2}" width="100%" height="1" '
                         f'fill="#6b7075"></rect>')
    parts.append("</svg>")
    return Markup("".join(parts))
