"""The benchmark scripts run (on a tiny size; the real figures are in bench/RESULTS.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from asset_map.load import load_dataset
from conftest import REPO


def test_generate_writes_valid_data_beyond_58_counties(tmp_path: Path) -> None:
    out = tmp_path / "counties"
    subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "generate.py"),
            "--counties",
            "60",
            "--assets",
            "3",
            "--cycles",
            "2",
            "--out",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    dataset = load_dataset(out)
    assert len(dataset.counties) == 60
    assert {len(cycles) for cycles in dataset.maps.values()} == {2}
    assert dataset.county("synthetic-0059").region == 12
    assert any(a.counties for item in dataset.current_assets() for a in [item.asset])


def test_bench_reports_every_figure() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "bench" / "bench.py"), "--counties", "3", "--assets", "3", "--cycles", "2"],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "ASSET_MAP_JOBS": "2"},
    )
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    for key in (
        "build_s",
        "hooks_s",
        "floor_s",
        "rebuild_s",
        "peak_rss_mb",
        "pages",
        "output_bytes",
        "largest_page_bytes",
        "search_index_bytes",
        "serve_peak_rss_mb",
        "search_index_s",
        "search_index_work_s",
        "explore_page_bytes",
        "explore_data_bytes",
    ):
        assert figures[key] > 0, key
    assert figures["hooks_s"] < figures["build_s"]
    # Asked for two processes, the build makes the Spanish pages in the second one.
    assert figures["second_process_peak_rss_mb"] > 0 and figures["second_process_cpu_s"] > 0
    # Matching 3 counties takes a few milliseconds, which the figures' rounding can make 0.
    assert figures["matching_s"] >= 0 and 0 <= figures["matching_share"] < 1
    assert 0 <= figures["matching_cpu_share"] < 1
    if "search_first_query_bytes" in figures:  # measured in Chromium, when it is installed
        assert 0 < figures["search_first_query_bytes"] < figures["home_and_first_query_bytes"]
