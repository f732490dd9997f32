"""The command line: `python -m hooks validate [PATH ...]` and the maintainer tools.

It runs exactly the checks the site build runs, so a contributor (or the pull-request
check) sees the same messages without building the site.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from .load import SHARED_FOLDER, check
from .outlines import california_counties, to_json
from .problems import Problem, format_report
from .scaffold import ScaffoldError, new_county, new_cycle

REPO_ROOT = Path(__file__).resolve().parents[2]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m hooks",
        description="Tools for the county asset-map data under counties/.",
    )
    parser.add_argument(
        "--data-dir", type=Path, default=REPO_ROOT / "counties",
        help="the counties/ folder to use (default: the one in this repository)",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    validate = commands.add_parser(
        "validate", help="check the data files and list every problem",
        description="Check the data files and list every problem with its file, line and column. "
        "Exits with status 1 if there is any problem.",
    )
    validate.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH",
        help="county files or folders to check (default: everything)",
    )
    county = commands.add_parser(
        "new-county", help="start the map of a county that has none yet",
        description="Create counties/<slug>/<cycle>.yml: a valid starter file with notes on every field.",
    )
    county.add_argument("slug", help="the county's slug, such as san-luis-obispo")
    county.add_argument("--cycle", help="the school year, such as 2025-26 (default: the current one)")
    cycle = commands.add_parser(
        "new-cycle", help="start a county's next cycle from its newest one",
        description="Copy the county's newest cycle file to counties/<slug>/<cycle>.yml, "
        "with today's date as 'updated'.",
    )
    cycle.add_argument("slug", help="the county's slug, such as marin")
    cycle.add_argument("cycle", help="the new school year, such as 2025-26")
    outlines = commands.add_parser(
        "make-outlines", help="rebuild the county outlines from us-atlas's counties-10m.json",
        description="Convert us-atlas's counties-10m.json (TopoJSON) into the site's California "
        "county outlines (GeoJSON). See content/assets/maps/ABOUT.txt.",
    )
    outlines.add_argument("topojson", type=Path, help="path to counties-10m.json")
    outlines.add_argument(
        "--out", type=Path, default=REPO_ROOT / "content" / "assets" / "maps" / "ca-counties.geojson",
        help="where to write the GeoJSON (default: the site's copy)",
    )
    args = parser.parse_args(argv)
    args.data_dir = args.data_dir.resolve()
    if args.command == "validate":
        return run_validate(args.data_dir, args.paths)
    if args.command == "make-outlines":
        return run_make_outlines(args.topojson, args.out)
    try:
        if args.command == "new-county":
            path = new_county(args.data_dir, args.slug, cycle=args.cycle)
        else:
            path = new_cycle(args.data_dir, args.slug, args.cycle)
    except ScaffoldError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Created {path.relative_to(args.data_dir.resolve().parent).as_posix()}. "
          "Fill it in, then run: python -m hooks validate")
    return 0
    return 2  # pragma: no cover - argparse rejects unknown commands


def run_validate(data_dir: Path, paths: Sequence[Path]) -> int:
    data_dir = data_dir.resolve()
    only = _expand(data_dir, paths) if paths else None
    if only is not None and any(SHARED_FOLDER in p.relative_to(data_dir).parts[:1] for p in only):
        only = None  # reference data changed: every county file depends on it
    if only is not None:
        for path in only:
            if not path.exists():
                print(f"{path} does not exist", file=sys.stderr)
                return 2
            if data_dir not in path.parents:
                print(f"{path} is not inside {data_dir}", file=sys.stderr)
                return 2
    dataset, problems = check(data_dir, only)
    if problems:
        print(format_report(problems))
        if os.environ.get("GITHUB_ACTIONS") == "true":
            for problem in sorted(set(problems)):
                print(annotation(problem))
        return 1
    if dataset is not None:
        cycles = sum(len(c) for c in dataset.maps.values())
        print(f"No problems: {cycles} county files and the reference data are valid.")
    else:
        print(f"No problems in {len(only or [])} file(s).")
    return 0


def annotation(problem: Problem) -> str:
    """A GitHub Actions workflow command, so the problem shows on the changed line of a PR."""
    message = f"{problem.location}: {problem.message}" if problem.location else problem.message
    if problem.hint:
        message += "\n" + problem.hint
    escaped = _command_escape(message)
    file = _command_escape(problem.file).replace(",", "%2C").replace(":", "%3A")
    return f"::error file={file},line={problem.line},col={problem.column}::{escaped}"


def _command_escape(text: str) -> str:
    """GitHub's escaping for workflow command values: a data value can never end the command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def run_make_outlines(source: Path, out: Path) -> int:
    collection = california_counties(json.loads(source.read_text(encoding="utf-8")))
    out.write_text(to_json(collection), encoding="utf-8")
    print(f"Wrote {len(collection['features'])} counties to {out} ({out.stat().st_size:,} bytes).")
    return 0


def _expand(data_dir: Path, paths: Sequence[Path]) -> list[Path]:
    found = []
    for path in paths:
        path = path.resolve()
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file())
        else:
            found.append(path)
    return found
