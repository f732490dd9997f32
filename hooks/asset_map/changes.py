"""What changed between two cycles of a county's map, matched by id.

Asset mapping repeats every year "to assess progress", so the site shows, for each county,
which assets were added, retired or changed (an asset keeping its id but changing its name
counts as changed, not as one retired and one added), which needs appeared or were dropped,
which goals are new or gone, and which action steps moved status.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from .cache import cached
from .model import Action, Asset, County, CountyMap, Dataset, Goal, Need


@dataclass(frozen=True)
class Changed:
    before: Any
    after: Any
    fields: tuple[str, ...]


@dataclass(frozen=True)
class CycleDiff:
    county: County
    before: CountyMap
    after: CountyMap
    assets_added: tuple[Asset, ...]
    assets_retired: tuple[Asset, ...]
    assets_changed: tuple[Changed, ...]
    needs_added: tuple[Need, ...]
    needs_dropped: tuple[Need, ...]
    goals_added: tuple[Goal, ...]
    goals_dropped: tuple[Goal, ...]
    actions_added: tuple[Action, ...]
    actions_dropped: tuple[Action, ...]
    status_moves: tuple[Changed, ...]

    @property
    def is_empty(self) -> bool:
        return not any(
            getattr(self, f.name) for f in dataclasses.fields(self) if f.name not in ("county", "before", "after")
        )


def _by_id(items: tuple) -> dict[str, Any]:
    return {item.id: item for item in items}


def _compare(before: tuple, after: tuple) -> tuple[tuple, tuple, list[tuple[Any, Any]]]:
    old, new = _by_id(before), _by_id(after)
    added = tuple(item for item in after if item.id not in old)
    dropped = tuple(item for item in before if item.id not in new)
    kept = [(old[item.id], item) for item in after if item.id in old]
    return added, dropped, kept


def changed_fields(before: Any, after: Any) -> tuple[str, ...]:
    return tuple(
        f.name
        for f in dataclasses.fields(before)
        if f.name != "id" and getattr(before, f.name) != getattr(after, f.name)
    )


def diff(county: County, before: CountyMap, after: CountyMap) -> CycleDiff:
    assets_added, assets_retired, assets_kept = _compare(before.assets, after.assets)
    needs_added, needs_dropped, _ = _compare(before.needs, after.needs)
    goals_added, goals_dropped, _ = _compare(before.goals, after.goals)
    actions_added, actions_dropped, actions_kept = _compare(before.actions, after.actions)
    return CycleDiff(
        county=county,
        before=before,
        after=after,
        assets_added=assets_added,
        assets_retired=assets_retired,
        assets_changed=tuple(
            Changed(old, new, fields) for old, new in assets_kept if (fields := changed_fields(old, new))
        ),
        needs_added=needs_added,
        needs_dropped=needs_dropped,
        goals_added=goals_added,
        goals_dropped=goals_dropped,
        actions_added=actions_added,
        actions_dropped=actions_dropped,
        status_moves=tuple(Changed(old, new, ("status",)) for old, new in actions_kept if old.status != new.status),
    )


def county_diffs(dataset: Dataset, county: County) -> list[CycleDiff]:
    """Each cycle against the one before it, oldest first."""
    cycles = dataset.maps.get(county.slug, ())
    return cached(
        ("diffs", county, cycles),
        lambda: [diff(county, before, after) for before, after in zip(cycles, cycles[1:], strict=False)],
    )


def all_diffs(dataset: Dataset) -> list[CycleDiff]:
    """Every county's cycle-to-cycle changes, newest first (by the newer cycle's update date)."""
    found = [d for county in dataset.counties for d in county_diffs(dataset, county)]
    return sorted(found, key=lambda d: (d.after.updated, d.after.cycle, d.county.name), reverse=True)
