"""Build the site from synthetic data and report how long it takes and how big it is.

    python bench/bench.py --counties 58 --assets 40 --cycles 3

Steps, each in a fresh Python process so one does not warm the other:
1. `mkdocs build` of the site with the generated data (build_s), timing the library calls the
   hooks make (hooks_s), and the process's peak memory (peak_rss_mb).
2. The floor: the same pages written out beforehand as plain Markdown files and built by
   MkDocs with no hooks (floor_s): what MkDocs and the theme cost anyway.
3. What `mkdocs serve` does: a build with site_url at the development server, then one asset
   renamed in one county's current file, then the timed second build in the same process
   from a reloaded config (rebuild_s, of which rebuild_hooks_s in the library), the time
   until its search index, written in the background under `serve`, is ready
   (rebuild_search_ready_s), and that process's peak memory (serve_peak_rss_mb).
4. Matching alone, as the build does it (matching_s): needs to assets by tags and words, each
   asset's needs elsewhere and counties like yours, on the same data in a fresh process, and
   its share of the one-off build (matching_share); the same in processor time
   (matching_cpu_s, build_cpu_s, matching_cpu_share), which a busy machine changes less.
5. The site search in Debian's Chromium (skipped with --no-browser or without Chromium), the
   built site served from 127.0.0.1 without compression: the bytes fetched for the search
   from opening the home page to the first results of a one-word query
   (search_first_query_bytes: the search's own script and style, and everything fetched
   after the page loaded), and everything the home page and that query fetched
   (home_and_first_query_bytes).

From the build step also: search_index_s (how long the build waited for Pagefind after the
pages were written, part of hooks_s; Pagefind indexes in a thread while MkDocs renders),
search_index_work_s (Pagefind's own time, most of it overlapping the rendering),
search_index_bytes (the whole index folder), explore_page_bytes (/explore/'s HTML) and
explore_data_bytes (the rows it loads); when the Spanish pages were made in a second process
meanwhile (asset_map/elsewhere.py), that process's peak memory and processor time
(second_process_peak_rss_mb, which counts the memory it still shares with the build, and
second_process_cpu_s; both are null when the build made every page itself).

With --trace-memory, the build step also prints where it is each time its memory grows by
25 MB: what to look at first when peak_rss_mb moves. The sampling thread keeps the build
from forking, so it makes the Spanish pages itself, as with ASSET_MAP_JOBS=1.

With --profile, the same build once more under cProfile, in one process (ASSET_MAP_JOBS=1,
so the Spanish pages' generation is in the profile), printing the 15 functions of our hooks
(hooks/ and the library, templates included) with the most cumulative time: where to look
first when a figure moves.

The last line printed is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SERVE_URL = "http://127.0.0.1:8000/"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO / "hooks"))


def copy_project(target: Path) -> Path:
    target.mkdir(parents=True)
    for name in ("content", "hooks", "theme_overrides"):
        shutil.copytree(REPO / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copyfile(REPO / "mkdocs.yml", target / "mkdocs.yml")
    return target


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed_config(project: Path, site: Path, spent: dict[str, float], **overrides: str):
    """The project's config, with every event our hook file handles timed into `spent`
    (generation happens inside on_files as pages are handed over, so timing only the
    library's entry points would miss it)."""
    from mkdocs.config import load_config

    def timed(function):
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent["seconds"] += time.perf_counter() - started

        return wrapper

    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site), **overrides)
    ours = {module.__name__ for module in config.hooks.values()}
    for handlers in config.plugins.events.values():
        handlers[:] = [timed(h) if getattr(h, "__module__", None) in ours else h for h in handlers]
    return config


MEMORY_STEP_MB = 25


def trace_memory() -> None:
    """Print (to stderr) where the build is each time its memory grows by MEMORY_STEP_MB:
    the innermost frames of the main thread that are not Jinja's or MkDocs's plumbing."""
    import threading
    import traceback

    main = threading.main_thread().ident
    plumbing = ("runtime.py", "environment.py", "sandbox.py", "bench.py", "plugins.py", "threading.py")

    def sample() -> None:
        highest = 0.0
        while True:
            with open("/proc/self/statm", encoding="ascii") as statm:
                rss = int(statm.read().split()[1]) * resource.getpagesize() / 2**20
            if rss > highest + MEMORY_STEP_MB:
                highest = rss
                frames = traceback.extract_stack(sys._current_frames().get(main))
                where = [f"{Path(f.filename).name}:{f.lineno}({f.name})" for f in frames]
                where = [w for w in where if not w.startswith(plumbing)][-6:]
                print(f"memory {rss:7.0f} MB at " + " > ".join(where), file=sys.stderr, flush=True)
            time.sleep(0.2)

    threading.Thread(target=sample, daemon=True).start()


def child_build(project: Path, site: Path) -> dict:
    """A one-off `mkdocs build`; time the library inside the hooks, and the search index."""
    from mkdocs.commands.build import build

    if os.environ.get("BENCH_TRACE_MEMORY"):
        trace_memory()
    spent = {"seconds": 0.0}
    started = time.perf_counter()
    config = _timed_config(project, site, spent)
    build(config)
    search = config.asset_map_search
    elsewhere = getattr(config, "asset_map_elsewhere_usage", None)
    return {
        "build_s": time.perf_counter() - started,
        "hooks_s": spent["seconds"],
        "peak_rss_mb": peak_rss_mb(),
        "second_process_peak_rss_mb": elsewhere.ru_maxrss / 1024 if elsewhere else None,
        "second_process_cpu_s": _cpu(elsewhere) if elsewhere else None,
        "search_index_s": search["seconds"],
        "search_index_work_s": search["indexer"].seconds,
    }


PROFILE_TOP = 15


def child_profile(project: Path, site: Path) -> dict:
    """The one-off build under cProfile: the functions of our hooks (hooks/ and the library,
    templates included) taking the most cumulative time, as a table."""
    import cProfile
    import pstats

    from mkdocs.commands.build import build

    # One process, so the profile holds the Spanish pages' generation too (a second process's
    # profile would end with it).
    os.environ["ASSET_MAP_JOBS"] = "1"
    profiler = cProfile.Profile()
    config = _timed_config(project, site, {"seconds": 0.0})
    profiler.enable()
    build(config)
    profiler.disable()
    ours = str(project / "hooks") + os.sep
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    rows = sorted(
        (
            (cumulative, own, calls, f"{file.removeprefix(ours)}:{line}({name})")
            for (file, line, name), (_, calls, own, cumulative, _) in stats.items()
            if file.startswith(ours)
        ),
        reverse=True,
    )[:PROFILE_TOP]
    lines = [
        f"Top {PROFILE_TOP} functions of our hooks by cumulative time (a profiled build, slower than build_s):",
        f"{'cumulative s':>12} {'own s':>8} {'calls':>9}  function (under hooks/)",
    ]
    lines += [f"{c:12.2f} {o:8.2f} {n:9d}  {where}" for c, o, n, where in rows]
    return {"profile": "\n".join(lines)}


def child_rebuild(project: Path, site: Path) -> dict:
    """What `mkdocs serve` does: build, and after an edit build again in the same process
    with a freshly loaded config (serve reloads it), site_url pointing at the dev server."""
    from mkdocs.commands.build import build

    serve = {"site_url": SERVE_URL}
    spent = {"seconds": 0.0}
    config = _timed_config(project, site, spent, **serve)
    build(config, serve_url=SERVE_URL)
    config.plugins.on_shutdown()  # the first build's search index, written in the background
    edit_one_asset(project / "counties")
    spent["seconds"] = 0.0
    started = time.perf_counter()
    config = _timed_config(project, site, spent, **serve)
    build(config, serve_url=SERVE_URL)
    rebuilt, in_hooks = time.perf_counter() - started, spent["seconds"]
    config.plugins.on_shutdown()
    return {
        "rebuild_s": rebuilt,
        "rebuild_hooks_s": in_hooks,
        "rebuild_search_ready_s": time.perf_counter() - started,
        "serve_peak_rss_mb": peak_rss_mb(),
    }


def edit_one_asset(counties: Path) -> Path:
    """What a contributor typically does while `mkdocs serve` runs: rename one asset in their
    county's current map. The name shows on the county page, in idea listings, the explorer,
    partner pages, other counties' matches and the exports, so this is not a cheap edit."""
    folder = next(p for p in sorted(counties.iterdir()) if p.is_dir() and not p.name.startswith("_"))
    changed = sorted(folder.glob("*.yml"))[-1]
    text = changed.read_text(encoding="utf-8")
    edited = re.sub(r"(- id: asset-\d+\n +name: )", r"\1Renamed ", text, count=1)
    if edited == text:
        raise SystemExit(f"bench: found no asset to rename in {changed}")
    changed.write_text(edited, encoding="utf-8")
    return changed


def child_matching(project: Path, site: Path) -> dict:
    """What generation spends matching (site.py calls the same two functions once per build)."""
    from asset_map.alike import counties_alike
    from asset_map.freshness import build_date
    from asset_map.load import load_dataset
    from asset_map.matching import match_all
    from asset_map.pages.county import SHOWN_MATCHES

    dataset = load_dataset(project / "counties")
    started, cpu = time.perf_counter(), time.process_time()
    counties_alike(dataset, match_all(dataset, build_date()), SHOWN_MATCHES)
    return {"matching_s": time.perf_counter() - started, "matching_cpu_s": time.process_time() - cpu}


FLOOR_HOOK = '''"""The floor build's only hook: the theme's words in the language being built."""
from asset_map.language import theme_words


def _words(config):
    plugin = config.plugins.get("i18n")
    return theme_words(getattr(plugin, "current_language", None) or "en")


def on_page_context(context, page, config, nav):
    context["am_words"] = _words(config)
    return context


def on_template_context(context, template_name, config):
    context["am_words"] = _words(config)
    return context
'''


def child_floor(project: Path, site: Path) -> dict:
    """MkDocs building the same pages, written out as files, with no hooks."""
    from asset_map.freshness import Clock, build_date
    from asset_map.load import load_dataset
    from asset_map.site import SiteSettings, generate
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    generated = generate(load_dataset(project / "counties"), SiteSettings(clock=Clock(build_date())))
    floor = project.parent / "floor"
    copy_project(floor)
    for page in generated.pages:
        target = floor / "content" / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        page.write(target)
    config_text = (floor / "mkdocs.yml").read_text(encoding="utf-8")
    # No generation: one small hook gives the theme's templates their words (the search box's),
    # which the site's hook hands them in a real build.
    (floor / "hooks" / "floor_words.py").write_text(FLOOR_HOOK, encoding="utf-8")
    config_text = config_text.replace("hooks:\n  - hooks/mkdocs_hooks.py\n", "hooks:\n  - hooks/floor_words.py\n")
    config_text = config_text.replace("watch:\n  - counties\n  - hooks\n", "")
    (floor / "mkdocs.yml").write_text(config_text, encoding="utf-8")
    started = time.perf_counter()
    build(load_config(str(floor / "mkdocs.yml"), site_dir=str(site)))
    return {"floor_s": time.perf_counter() - started, "floor_rss_mb": peak_rss_mb()}


def site_stats(site: Path) -> dict:
    pages = [p for p in site.rglob("*.html")]
    files = [p for p in site.rglob("*") if p.is_file()]
    index = [p for p in (site / "pagefind").rglob("*") if p.is_file()]
    return {
        "pages": len(pages),
        "output_bytes": sum(p.stat().st_size for p in files),
        "largest_page_bytes": max((p.stat().st_size for p in pages), default=0),
        "largest_page": str(max(pages, key=lambda p: p.stat().st_size).relative_to(site)) if pages else "",
        "search_index_bytes": sum(p.stat().st_size for p in index),
        "explore_page_bytes": (site / "explore" / "index.html").stat().st_size,
        "explore_data_bytes": (site / "explore" / "assets.json").stat().st_size,
    }


SEARCH_FILES = ("assets/javascripts/search.js", "assets/stylesheets/search.css")
"""What every page loads for the search itself (the rest is fetched once it is used)."""


def browser_search(site: Path, word: str) -> dict:
    """Open the home page, search for `word`, and count the bytes fetched until the first
    results show: for the search, and in all. Uncompressed (http.server sends no gzip)."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    from playwright.sync_api import expect, sync_playwright

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    fetched: list[tuple[str, int]] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            page.on(
                "requestfinished",
                lambda request: fetched.append((request.url.removeprefix(base), request.sizes()["responseBodySize"])),
            )
            page.goto(base, wait_until="networkidle")
            loaded = len(fetched)
            started = time.perf_counter()
            page.locator("[data-am-search-open]").click()
            page.locator("#am-search-input").fill(word)
            expect(page.locator(".am-search__result").first).to_be_visible(timeout=60_000)
            seconds = time.perf_counter() - started
            page.wait_for_timeout(200)  # let finished requests report their sizes
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    search = sum(size for url, size in fetched[:loaded] if url in SEARCH_FILES)
    search += sum(size for _, size in fetched[loaded:])
    return {
        "search_first_query_bytes": search,
        "home_and_first_query_bytes": sum(size for _, size in fetched),
        "search_first_query_s": seconds,
    }


def _cpu(usage: resource.struct_rusage) -> float:
    """Processor time, which other work on a shared machine changes far less than wall time."""
    return usage.ru_utime + usage.ru_stime


def run_child(step: str, project: Path, site: Path) -> dict:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, __file__, "--child", step, "--project", str(project), "--site", str(site)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if result.returncode:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"the {step} step failed")
    if os.environ.get("BENCH_TRACE_MEMORY"):
        sys.stderr.write("".join(line + "\n" for line in result.stderr.splitlines() if line.startswith("memory ")))
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark a site build on synthetic data.")
    parser.add_argument("--counties", type=int, default=58)
    parser.add_argument("--assets", type=int, default=40)
    parser.add_argument("--cycles", type=int, default=3)
    parser.add_argument("--no-floor", action="store_true", help="skip the floor build (it doubles the time)")
    parser.add_argument("--no-rebuild", action="store_true", help="skip the two serve-style builds")
    parser.add_argument("--no-browser", action="store_true", help="skip the search measured in Chromium")
    parser.add_argument("--word", default="summer", help="the one-word query of the browser step")
    parser.add_argument(
        "--profile",
        action="store_true",
        help=f"also build once under cProfile; print the top {PROFILE_TOP} functions of our hooks by cumulative time",
    )
    parser.add_argument(
        "--trace-memory",
        action="store_true",
        help=f"print where the one-off build is each time its memory grows by {MEMORY_STEP_MB} MB",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--project", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--site", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        step = {
            "build": child_build,
            "rebuild": child_rebuild,
            "floor": child_floor,
            "matching": child_matching,
            "profile": child_profile,
        }[args.child]
        print(json.dumps(step(args.project, args.site)))
        return

    from generate import generate

    if args.trace_memory:
        os.environ["BENCH_TRACE_MEMORY"] = "1"
    with tempfile.TemporaryDirectory(prefix="asset-map-bench-") as temp:
        project = copy_project(Path(temp) / "project")
        generate(args.counties, args.assets, args.cycles, project / "counties")
        result = {"counties": args.counties, "assets": args.assets, "cycles": args.cycles}
        spent = resource.getrusage(resource.RUSAGE_CHILDREN)
        result.update(run_child("build", project, Path(temp) / "site"))
        result["build_cpu_s"] = _cpu(resource.getrusage(resource.RUSAGE_CHILDREN)) - _cpu(spent)
        result.update(run_child("matching", project, Path(temp) / "site"))
        result["matching_share"] = result["matching_s"] / result["build_s"]
        result["matching_cpu_share"] = result["matching_cpu_s"] / result["build_cpu_s"]
        result.update(site_stats(Path(temp) / "site"))
        result["search_index_share"] = round(result["search_index_s"] / result["build_s"], 3)
        print("build:", json.dumps(result), file=sys.stderr, flush=True)
        if not args.no_browser and Path(CHROMIUM).exists():
            result.update(browser_search(Path(temp) / "site", args.word))
        if args.profile:
            print(run_child("profile", project, Path(temp) / "profile-site")["profile"], flush=True)
        if not args.no_floor:
            result.update(run_child("floor", project, Path(temp) / "floor-site"))
            result["build_over_floor"] = round(result["build_s"] / result["floor_s"], 2)
        if not args.no_rebuild:
            result.update(run_child("rebuild", project, Path(temp) / "serve-site"))
        for key, value in result.items():
            if isinstance(value, float):
                result[key] = round(value, 3 if key.endswith("_share") else 2)
        print(json.dumps(result))


if __name__ == "__main__":
    main()
