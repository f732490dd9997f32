"""How fresh a county's map is, and where temporary assets stand, on the day of the build.

The build date comes from the caller (SOURCE_DATE_EPOCH when set), so a rebuild of the same
commit on the same day gives the same pages, and tests can fix the date.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass

from .model import Action, Asset, CountyMap

LABELS = {"current": "Current", "due": "Due for review", "stale": "Stale"}
OPEN_STATUSES = ("planned", "in-progress")
"""Action statuses that mean the step should still get done (not done, not paused)."""


def build_date() -> datetime.date:
    """Today, or the day SOURCE_DATE_EPOCH names (the reproducible-builds convention)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC).date()
    return datetime.date.today()


@dataclass(frozen=True)
class Clock:
    today: datetime.date
    due_days: int = 365
    """A map not updated for this many days is due for review."""
    stale_days: int = 730
    """...and for this many days, stale."""
    ending_soon_days: int = 90

    def age_days(self, county_map: CountyMap) -> int:
        return (self.today - datetime.date.fromisoformat(county_map.updated)).days

    def freshness(self, county_map: CountyMap) -> str:
        age = self.age_days(county_map)
        if age >= self.stale_days:
            return "stale"
        return "due" if age >= self.due_days else "current"

    def freshness_label(self, county_map: CountyMap) -> str:
        return LABELS[self.freshness(county_map)]

    def asset_state(self, asset: Asset) -> str | None:
        """'ended' or 'ending-soon' for a temporary asset, else None."""
        if asset.duration != "temporary" or not asset.ends:
            return None
        days_left = (datetime.date.fromisoformat(asset.ends) - self.today).days
        if days_left < 0:
            return "ended"
        return "ending-soon" if days_left <= self.ending_soon_days else None

    def past_due(self, action: Action) -> bool:
        """True for a step still planned or in progress after its due date."""
        return (
            action.status in OPEN_STATUSES
            and action.due is not None
            and datetime.date.fromisoformat(action.due) < self.today
        )
