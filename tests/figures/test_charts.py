"""The one SVG bar chart: accessible name, bars in proportion, text escaped and kept short."""
from __future__ import annotations

from app.figures.charts import MAX_LABEL, Bar, bar_chart


def test_bars_are_in_proportion_and_named():
    svg = str(bar_chart("x", "Bidrag per måned", "Én stolpe per måned.", [
        Bar("januar", 8, "8"), Bar("februar", 2, "2"), Bar("mars", 0, "0")]))
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" class="figures-chart" '
                          'role="img"')
    assert 'aria-labelledby="x-title x-desc"' in svg
    assert '<title id="x-title">Bidrag per måned</title>' in svg
    assert '<desc id="x-desc">Én stolpe per måned.</desc>' in svg
    assert 'width="100.0%"' in svg and 'width="25.0%"' in svg
    assert svg.count("<rect") == 3 and 'height="1"' in svg  # a zero is a thin line, not a bar
    assert 'height="120"' in svg  # three rows of 40 px


def test_labels_are_escaped_and_cut():
    svg = str(bar_chart("y", "<b>", "&", [Bar("<script>alert(1)</script>" * 3, 1, "1")]))
    assert "<script>" not in svg and "&lt;b&gt;" in svg and "&amp;" in svg
    label = svg.split('<text x="0" y="16" fill="#1a1a1a">', 1)[1].split("</text>", 1)[0]
    assert label.endswith("…") and len(label.replace("&lt;", "<").replace("&gt;", ">")) <= MAX_LABEL


def test_an_empty_chart_is_still_a_valid_image():
    svg = str(bar_chart("z", "Tomt", "Ingen rader.", []))
    assert 'height="40"' in svg and svg.endswith("</svg>")
