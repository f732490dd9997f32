"""The command line: `python -m hooks validate [PATH ...]`, `generate OUT_DIR`, `summary --base REV`
and the maintainer tools.

It runs exactly the checks the site build runs, so a contributor (or the pull-request
check) sees the same messages without building the site. `generate` writes every generated
page to a folder, for generators that do not run MkDocs hooks.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from .freshness import Clock, build_date
from .layout import SHARED_FOLDER
from .load import check, load_dataset
from .outlines import california_counties, to_json
from .output import OutputError, write_pages
from .problems import Problem, ProblemsFound, count_line, errors, format_report, format_summary, in_report_order
from .scaffold import ScaffoldError, new_county, new_cycle
from .site import SiteSettings, generate
from .summary import SummaryError, summary

REPO_ROOT = Path(__file__).resolve().parents[2]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m hooks",
        description="Tools for the county asset-map data under counties/.",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=REPO_ROOT / "counties",
        help="the counties/ folder to use (default: the one in this repository)",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    validate = commands.add_parser(
        "validate",
        help="check the data files and list every problem",
        description="Check the data files and list every problem with its file, line and column. "
        "Exits with status 1 if there is any problem.",
    )
    validate.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="county files or folders to check (default: everything)",
    )
    validate.add_argument(
        "--summary",
        type=Path,
        metavar="FILE",
        help="also add every problem, grouped by file, to FILE as Markdown (in GitHub Actions: "
        '--summary "$GITHUB_STEP_SUMMARY", the job summary, which has no limit on the number of problems)',
    )
    validate.add_argument(
        "--jobs",
        type=_jobs,
        metavar="N",
        help="check county files in N processes (default: ASSET_MAP_JOBS, else one per processor; "
        "1 checks them one after another in this process); the problems and their order are the same",
    )
    county = commands.add_parser(
        "new-county",
        help="start the map of a county that has none yet",
        description="Create counties/<slug>/<cycle>.yml: a valid starter file with notes on every field.",
    )
    county.add_argument("slug", help="the county's slug, such as san-luis-obispo")
    county.add_argument("--cycle", help="the school year, such as 2025-26 (default: the current one)")
    cycle = commands.add_parser(
        "new-cycle",
        help="start a county's next cycle from its newest one",
        description="Copy the county's newest cycle file to counties/<slug>/<cycle>.yml, "
        "with today's date as 'updated'.",
    )
    cycle.add_argument("slug", help="the county's slug, such as marin")
    cycle.add_argument("cycle", help="the new school year, such as 2025-26")
    outlines = commands.add_parser(
        "make-outlines",
        help="rebuild the county outlines from us-atlas's counties-10m.json",
        description="Convert us-atlas's counties-10m.json (TopoJSON) into the site's California "
        "county outlines (GeoJSON). See content/assets/maps/ABOUT.txt.",
    )
    outlines.add_argument("topojson", type=Path, help="path to counties-10m.json")
    outlines.add_argument(
        "--out",
        type=Path,
        default=REPO_ROOT / "content" / "assets" / "maps" / "ca-counties.geojson",
        help="where to write the GeoJSON (default: the site's copy)",
    )
    out = commands.add_parser(
        "generate",
        help="write every generated page and file to a folder",
        description="Check the data as validate does, then write every generated page and file under "
        "OUT_DIR at its path in the site: Markdown pages with their HTML filled in, downloads, feeds "
        "and schemas as the site publishes them. For generators that do not run MkDocs hooks.",
    )
    out.add_argument("out_dir", type=Path, metavar="OUT_DIR", help="the folder to write to")
    out.add_argument(
        "--public-url",
        type=_public_url,
        default=SiteSettings.public_url,
        help=f"where the site is published, for links in feeds and calendars (default: {SiteSettings.public_url})",
    )
    out.add_argument(
        "--today",
        type=_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="the build date for freshness marks (default: SOURCE_DATE_EPOCH if set, else today)",
    )
    out.add_argument(
        "--edit-base",
        default=None,
        metavar="URL",
        help="URL a data file's repository path is appended to for 'Edit this county's data' links, "
        "such as https://github.com/cal-mscs/asset-maps/edit/main/ (default: no such links)",
    )
    out.add_argument(
        "--repo-url",
        default=None,
        metavar="URL",
        help="the repository's address, for 'Suggest a correction' links to its correction issue form, "
        "such as https://github.com/cal-mscs/asset-maps (default: no such links)",
    )
    out.add_argument(
        "--force",
        action="store_true",
        help="write even if OUT_DIR holds files this command did not write (they are never "
        "overwritten or removed; a generated file landing on one is an error)",
    )
    changes = commands.add_parser(
        "summary",
        help="say in plain words what changed in the data since a git revision",
        description="Compare the data folder with the same folder at a git revision (read with git, "
        "no network) and print Markdown: per county, the assets, needs, goals and action steps added, "
        "removed or changed, status moves and the checklist score before and after; then changes to "
        "the shared lists, and the files that could not be read. The pull-request check writes it to "
        "the job summary.",
    )
    changes.add_argument(
        "--base",
        required=True,
        metavar="REV",
        help="the git revision to compare with, such as main or origin/main",
    )
    args = parser.parse_args(argv)
    args.data_dir = args.data_dir.resolve()
    if args.command == "validate":
        return run_validate(args.data_dir, args.paths, summary=args.summary, jobs=args.jobs)
    if args.command == "generate":
        settings = SiteSettings(
            edit_base=args.edit_base,
            clock=Clock(args.today or build_date()),
            public_url=args.public_url,
            repo_url=args.repo_url,
            source_root=args.data_dir.resolve().parent,
        )
        return run_generate(args.data_dir, args.out_dir, settings, force=args.force)
    if args.command == "make-outlines":
        return run_make_outlines(args.topojson, args.out)
    if args.command == "summary":
        try:
            print(summary(args.data_dir, args.base), end="")
        except SummaryError as error:
            print(error, file=sys.stderr)
            return 2
        return 0
    try:
        if args.command == "new-county":
            path = new_county(args.data_dir, args.slug, cycle=args.cycle)
        else:
            path = new_cycle(args.data_dir, args.slug, args.cycle)
    except ScaffoldError as error:
        print(error, file=sys.stderr)
        return 1
    print(
        f"Created {path.relative_to(args.data_dir.resolve().parent).as_posix()}. "
        "Fill it in, then run: python -m hooks validate"
    )
    return 0
    return 2  # pragma: no cover - argparse rejects unknown commands


def run_validate(data_dir: Path, paths: Sequence[Path], *, summary: Path | None = None, jobs: int | None = None) -> int:
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
    dataset, problems = check(data_dir, only, jobs=jobs)
    if errors(problems):
        _report(problems, summary)
        return 1
    if dataset is not None:
        cycles = sum(len(c) for c in dataset.maps.values())
        passed = f"No problems: {cycles} county files and the reference data are valid."
    else:
        passed = f"No problems in {len(only or [])} file(s)."
    if problems:
        passed = passed.removesuffix(".") + f", with {count_line(problems).split('; ')[1]}"
    _report(problems, summary, passed)
    return 0


def run_generate(data_dir: Path, out_dir: Path, settings: SiteSettings, *, force: bool) -> int:
    try:
        dataset = load_dataset(data_dir, today=settings.clock.today, warn=lambda problem: print(problem.format()))
    except ProblemsFound as found:
        _report(found.problems)
        return 1
    try:
        written = write_pages(generate(dataset, settings).pages, out_dir, force=force)
    except (OutputError, OSError) as error:
        print(error, file=sys.stderr)
        return 1
    pages = sum(path.endswith(".md") for path in written)
    print(f"Wrote {pages} pages and {len(written) - pages} other files to {out_dir}.")
    return 0


def _report(problems: Sequence[Problem], summary: Path | None = None, passed: str = "") -> None:
    """Print the problems (and `passed`, when none is an error); with `summary`, add them to
    that file as Markdown; in GitHub Actions, print them as annotations too."""
    problems = in_report_order(problems)
    if problems:
        print(format_report(problems) if not passed else "\n".join(p.format() for p in problems))
    if passed:
        print(passed)
    if summary is not None:
        with open(summary, "a", encoding="utf-8") as file:
            file.write(format_summary(problems, passed) + "\n")
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for problem in problems:
            print(annotation(problem))


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date written YYYY-MM-DD") from None


def _jobs(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of processes (1 or more)")
    return int(text)


def _public_url(text: str) -> str:
    if not text.startswith(("https://", "http://")):
        raise argparse.ArgumentTypeError(f"'{text}' is not an http(s) address")
    return text if text.endswith("/") else text + "/"


def annotation(problem: Problem) -> str:
    """A GitHub Actions workflow command (`::error` or `::warning`), so the problem shows on the
    changed line of a pull request."""
    message = f"{problem.location}: {problem.message}" if problem.location else problem.message
    if problem.hint:
        message += "\n" + problem.hint
    escaped = _command_escape(message)
    file = _command_escape(problem.file).replace(",", "%2C").replace(":", "%3A")
    return f"::{problem.severity} file={file},line={problem.line},col={problem.column}::{escaped}"


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
