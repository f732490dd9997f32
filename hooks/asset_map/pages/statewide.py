"""The statewide map page (/map/) and the smaller map on the home page.

Both colour the 58 counties; /map/ lets the reader choose the measure and lists every
county in a table with the same numbers.
"""

from __future__ import annotations

from ..completeness import completeness
from ..language import current, fill_text
from ..maps import build_map
from ..model import Dataset
from ..render import Page, html_block, in_sentence, render
from .directory import CountyRow


def measures(dataset: Dataset) -> list[tuple[str, str]]:
    """What the statewide map can colour counties by (asset-maps.js has one MEASURE each)."""
    subjects = ", ".join(in_sentence(s.short_label) for s in dataset.subjects)
    words = current().messages.map.measures
    return [
        ("published", words.published),
        ("assets", words.assets),
        ("coverage", fill_text(words.coverage, subjects=subjects)),
        ("completeness", words.completeness),
        ("region", words.region),
    ]


def map_pages(dataset: Dataset) -> list[Page]:
    state = build_map(
        "state",
        "map/",
        {"mode": "state", "measure": "published", "legend": "am-legend-state", "control": "am-measure"},
    )
    rows = [CountyRow(c, dataset.current(c.slug)) for c in dataset.counties]
    page = render(
        "map/index.md.j2",
        page_url="map/",
        map=state,
        rows=rows,
        dataset=dataset,
        measures=measures(dataset),
        checklist={c.slug: completeness(dataset, c) for c in dataset.counties},
    )
    return [Page("map/index.md", page), state.script]


def home_snippet(dataset: Dataset) -> tuple[str, Page]:
    """The home page's map and its list, for the <!-- asset-map: home-map --> placeholder."""
    home = build_map(
        "home",
        "",
        {"mode": "state", "measure": "published", "legend": "am-legend-home"},
        css_class="am-map--small",
    )
    published = [c for c in dataset.counties if dataset.current(c.slug)]
    html = render("map/home.html", page_url="", map=home, published=published, total=len(dataset.counties))
    return html_block(html), home.script
