"""The open data page (/data/): every download, what it holds, and every CSV column."""

from __future__ import annotations

from ..exports import LIST_SEPARATOR, TABLES
from ..model import Dataset
from ..render import Page, render


def data_page(dataset: Dataset) -> Page:
    rows = {table.name: len(table.rows(dataset)) for table in TABLES}
    counties = [c for c in dataset.counties if c.slug in dataset.maps]
    return Page(
        "data/index.md",
        render(
            "data/index.md.j2",
            page_url="data/",
            tables=TABLES,
            rows=rows,
            counties=counties,
            separator=LIST_SEPARATOR,
        ),
    )
