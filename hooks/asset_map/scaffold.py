"""Starting a county's data: a commented starter file for a new county, or a new cycle
copied from the county's newest one. Both refuse to overwrite anything."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

from .layout import is_cycle, is_cycle_file
from .load import modeline
from .references import fixed_vocabularies
from .render import environment
from .suggestions import did_you_mean
from .yaml_source import read_yaml

UPDATED_LINE = re.compile(r"^updated:.*$", re.MULTILINE)
HEADER_CYCLE = re.compile(r"^(# .+: asset map for the )[0-9]{4}-[0-9]{2}( cycle\.)$", re.MULTILINE)
"""The note a starter file begins with (templates/scaffold/county.yml.j2), naming the cycle."""


class ScaffoldError(Exception):
    """A reason not to write anything, in words for the person running the command."""


def school_year(today: datetime.date) -> str:
    """The cycle a date falls in: school years run July to June."""
    start = today.year if today.month >= 7 else today.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def _county(data_dir: Path, slug: str) -> dict:
    doc, problems = read_yaml(data_dir / "_shared" / "counties.yml", "counties/_shared/counties.yml")
    if doc is None or problems:
        raise ScaffoldError("counties/_shared/counties.yml has problems: run python -m hooks validate")
    counties = {c["slug"]: c for c in doc.data["counties"]}
    if slug not in counties:
        hint = did_you_mean(slug, counties)
        raise ScaffoldError(f"'{slug}' is not a county slug. {hint}".strip())
    return counties[slug]


def _check_cycle(cycle: str) -> None:
    if not is_cycle(cycle):
        raise ScaffoldError(f"'{cycle}' is not a cycle: write the school year, such as 2025-26.")


def starter_text(county: Any, cycle: str, today: datetime.date) -> str:
    """The commented starter file for a county (its entry in counties.yml, or a `County`):
    what `new-county` writes and what the county editor starts a county without a map from."""
    slug = county["slug"] if isinstance(county, dict) else county.slug
    return (
        environment()
        .get_template("scaffold/county.yml.j2")
        .render(
            modeline=modeline("county"),
            county=county,
            cycle=cycle,
            today=today.isoformat(),
            other_county="sonoma" if slug != "sonoma" else "marin",
            fixed=fixed_vocabularies("county"),
        )
    )


def new_county(data_dir: Path, slug: str, *, cycle: str | None = None, today: datetime.date | None = None) -> Path:
    today = today or datetime.date.today()
    cycle = cycle or school_year(today)
    _check_cycle(cycle)
    county = _county(data_dir, slug)
    folder = data_dir / slug
    if folder.exists() and any(is_cycle_file(p) for p in folder.iterdir()):
        raise ScaffoldError(
            f"counties/{slug}/ already has a map; start a new cycle with: python -m hooks new-cycle {slug} {cycle}"
        )
    text = starter_text(county, cycle, today)
    folder.mkdir(exist_ok=True)
    target = folder / f"{cycle}.yml"
    target.write_text(text, encoding="utf-8")
    return target


def new_cycle(data_dir: Path, slug: str, cycle: str, *, today: datetime.date | None = None) -> Path:
    today = today or datetime.date.today()
    _check_cycle(cycle)
    _county(data_dir, slug)
    folder = data_dir / slug
    cycles = sorted(p for p in folder.glob("*.yml") if is_cycle_file(p)) if folder.is_dir() else []
    if not cycles:
        raise ScaffoldError(f"counties/{slug}/ has no map yet; start one with: python -m hooks new-county {slug}")
    target = folder / f"{cycle}.yml"
    if target.exists():
        raise ScaffoldError(f"counties/{slug}/{cycle}.yml already exists; edit it instead.")
    previous = cycles[-1]
    if previous.stem > cycle:
        raise ScaffoldError(f"{cycle} is older than the newest cycle, {previous.stem}.")
    text = previous.read_text(encoding="utf-8")
    text, replaced = UPDATED_LINE.subn(f"updated: {today.isoformat()}", text, count=1)
    if not replaced:
        raise ScaffoldError(f"{previous.name} has no 'updated:' line to carry forward; fix it first.")
    text = HEADER_CYCLE.sub(rf"\g<1>{cycle}\g<2>", text, count=1)
    target.write_text(text, encoding="utf-8")
    return target
