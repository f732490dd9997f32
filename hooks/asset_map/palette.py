"""The colours of every map and chart, read from one file: templates/palette.json.

The balance charts (templates/balance/chart.svg.j2) and the legends Python writes for county,
region and partner maps take their colours from here; the map script
(content/assets/javascripts/asset-maps.js) reads the same file, published inside
assets/maps/county-stats.json. The stylesheet keeps the one colour it needs (the sea behind the
maps) as a custom property that a test holds equal to this file. The file sits among the
templates because it is part of how pages look, and so that the render cache's fingerprint of
the templates covers it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from .render import TEMPLATE_DIR

PALETTE_FILE = TEMPLATE_DIR / "palette.json"


def palette() -> dict[str, Any]:
    """Every colour by name (read each time: the file may change under `mkdocs serve`)."""
    data = json.loads(PALETTE_FILE.read_text(encoding="utf-8"))
    return {name: value for name, value in data.items() if not name.startswith("$")}


def series(colours: Sequence[str], keys: Sequence[str], what: str) -> dict[str, str]:
    """One colour for each key, in order (subjects in the vocabulary's order, say)."""
    if len(colours) < len(keys):
        raise ValueError(f"templates/palette.json has {len(colours)} colours for {len(keys)} {what}")
    return dict(zip(keys, colours, strict=False))
