"""Subject balance (/balance/): assets per subject, enduring against temporary, and the share
of community partners, per county and per region, as inline SVG charts with tables.

Participants worried that one subject would dominate, that assets were mostly temporary and
that community-based partners were rare; this page makes all three visible.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import CountyAsset, Dataset
from ..palette import palette, series
from ..render import Page, render

BAR_WIDTH = 300


@dataclass(frozen=True)
class Balance:
    name: str
    url: str
    subjects: dict[str, int]
    """Assets per subject, in the order of the dataset's subjects."""
    enduring: int
    temporary: int
    partners: int
    community_partners: int

    @property
    def assets(self) -> int:
        return self.enduring + self.temporary

    @property
    def missing(self) -> list[str]:
        return [s for s, count in self.subjects.items() if count == 0]

    @property
    def community_percent(self) -> int:
        """Community-based partners as a whole percentage of the partners named (0 if none)."""
        return round(100 * self.community_partners / self.partners) if self.partners else 0


def community_types(dataset: Dataset) -> list[str]:
    """The partner types marked `community: true` in vocabularies.yml."""
    return [key for key, term in dataset.vocabularies["partner_types"].terms.items() if term.community]


def balance(dataset: Dataset, name: str, url: str, items: list[CountyAsset]) -> Balance:
    partner_ids = {p for item in items for p in item.asset.partners}
    community = community_types(dataset)
    return Balance(
        name=name,
        url=url,
        subjects={s.key: sum(s.key in item.asset.subjects for item in items) for s in dataset.subjects},
        enduring=sum(item.asset.duration == "enduring" for item in items),
        temporary=sum(item.asset.duration == "temporary" for item in items),
        partners=len(partner_ids),
        community_partners=sum(dataset.partners[p].type in community for p in partner_ids),
    )


def balance_page(dataset: Dataset) -> Page:
    assets = dataset.current_assets()
    # Grouped in one pass (a scan of every asset per county and per region grew with the
    # square of the data); each group keeps the order of `assets`.
    by_county: dict[str, list[CountyAsset]] = {}
    by_region: dict[int, list[CountyAsset]] = {}
    for item in assets:
        by_county.setdefault(item.county.slug, []).append(item)
        by_region.setdefault(item.county.region, []).append(item)
    counties = [
        balance(dataset, c.name, f"counties/{c.slug}/", by_county.get(c.slug, []))
        for c in dataset.counties
        if dataset.current(c.slug)
    ]
    regions = [balance(dataset, r.title, f"regions/{r.number}/", by_region.get(r.number, [])) for r in dataset.regions]
    statewide = balance(dataset, "All counties", "counties/", assets)
    scale = max([max(b.subjects.values()) for b in regions] + [1])
    county_scale = max([max(b.subjects.values()) for b in counties] + [1])
    return Page(
        "balance/index.md",
        render(
            "balance/index.md.j2",
            page_url="balance/",
            counties=counties,
            regions=regions,
            statewide=statewide,
            scale=scale,
            county_scale=county_scale,
            bar_width=BAR_WIDTH,
            subjects=dataset.subjects,
            dataset=dataset,
            colours=series(palette()["subjects"], [s.key for s in dataset.subjects], "subjects"),
            community=[dataset.vocabularies["partner_types"].terms[key] for key in community_types(dataset)],
        ),
    )
