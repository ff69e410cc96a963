"""A table that may scroll sideways on a phone sits in a focusable, named region (axe rule
scrollable-region-focusable): keyboard users can scroll it, screen readers announce its caption."""
from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "app" / "templates"
WRAPPER = re.compile(r'<div class="table-scroll"([^>]*)>')


def test_every_scrolling_table_is_a_named_focusable_region():
    found = 0
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for match in WRAPPER.finditer(text):
            found += 1
            attrs = match.group(1)
            where = f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
            assert 'role="region"' in attrs and 'tabindex="0"' in attrs, where
            label = re.search(r'aria-labelledby="([^"]+)"', attrs)
            assert label, where
            assert f'id="{label.group(1)}"' in text, f"{where}: no element has that id"
    assert found >= 10  # the wrappers exist: the walk above checked something
