"""`python -m hooks summary --base REV`: a pull request's changes in plain words, from git history."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from asset_map.cli import main
from conftest import VALID_COUNTY, make_project

# Marin's base file has a need no goal names, so a pull request can remove it.
BASE_MARIN = VALID_COUNTY.replace(
    "goals:\n",
    "  - id: family-nights\n    statement: Families rarely see what their children do in science.\n"
    "    subjects: [science]\n    grades: [3-5]\n    focus: [family-community-engagement]\n"
    "    evidence: Parent survey.\n    priority: medium\ngoals:\n",
)
NEW_ASSET = (
    "  - id: cs-family-night\n    name: Computer science family night\n    summary: Families code together.\n"
    "    kind: family-community-program\n    subjects: [cs]\n    grades: [3-5]\n"
    "    focus: [family-community-engagement]\n"
    "    duration: enduring\n    partners: [valley-families]\n"
)


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


def summarize(root: Path, base: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(["--data-dir", str(root / "counties"), "summary", "--base", base])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    sonoma = VALID_COUNTY.replace("counties: [sonoma]", "counties: []")
    root = make_project(tmp_path / "repo", {"marin": BASE_MARIN, "sonoma": sonoma})
    git(root, "init", "-q", "-b", "main")
    commit(root, "Base")
    return root


def test_a_pull_request_in_plain_words(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    partners = repo / "counties" / "_shared" / "partners.yml"
    registry = partners.read_text(encoding="utf-8")
    partners.write_text(
        registry + "  - id: valley-families\n    name: Valley Families\n    type: family-advocacy\n", encoding="utf-8"
    )
    marin = repo / "counties" / "marin" / "2024-25.yml"
    text = marin.read_text(encoding="utf-8")
    start = text.index("  - id: family-nights")
    text = text[:start] + text[text.index("goals:\n") :]  # the need is removed
    text = text.replace("name: Math PLC network", "name: Middle school math PLC network")  # renamed
    text = text.replace("needs:\n", NEW_ASSET + "needs:\n", 1)  # added
    text = text.replace("status: in-progress", "status: done")
    marin.write_text(text, encoding="utf-8")
    sonoma = repo / "counties" / "sonoma" / "2024-25.yml"
    sonoma.write_text(
        sonoma.read_text(encoding="utf-8").replace("subjects: [science]", "subjects: [sciense]"), encoding="utf-8"
    )
    commit(repo, "A pull request")

    status, out, err = summarize(repo, "HEAD~1", capsys)
    assert status == 0, err
    assert out.startswith(
        "## What this pull request changes in the asset maps\n\n"
        "Compared with HEAD\\~1: 2 counties changed, the shared lists changed and 1 file could not be read.\n"
    )
    marin_part = out[out.index("### Marin County") : out.index("### Sonoma County")]
    assert "counties/marin/2024-25.yml\n" in marin_part
    assert "**Checklist:** 5 of 7 → 6 of 7; now covered: Community.\n" in marin_part
    assert "- **Assets added:** Computer science family night\n" in marin_part
    assert ("- **Assets changed:** Middle school math PLC network (renamed from “Math PLC network”)\n") in marin_part
    assert "- **Needs removed:** Families rarely see what their children do in science.\n" in marin_part
    assert "- **Status moves:** Survey districts about computer science staffing. (in progress → done)\n" in marin_part
    assert "- **Partners added:** Valley Families\n" in out[out.index("### Shared lists") :]
    sonoma_part = out[out.index("### Sonoma County") : out.index("### Shared lists")]
    assert "**Could not be read:** counties/sonoma/2024-25.yml." in sonoma_part
    assert "Assets" not in sonoma_part
    unreadable = out[out.index("### Files that could not be read") :]
    assert 'The "Check the county data" step of this check lists every problem' in unreadable
    assert "python -m hooks validate" in unreadable
    assert "- counties/sonoma/2024-25.yml: 1 problem, the first on line 12: 'sciense' is not one of" in unreadable


def test_a_new_county_and_a_new_cycle(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "counties" / "napa").mkdir()
    (repo / "counties" / "napa" / "2024-25.yml").write_text(VALID_COUNTY, encoding="utf-8")
    marin = repo / "counties" / "marin"
    (marin / "2025-26.yml").write_text(
        BASE_MARIN.replace("updated: 2024-11-15", "updated: 2025-09-01"), encoding="utf-8"
    )
    status, out, _ = summarize(repo, "main", capsys)
    assert status == 0
    assert "counties/marin/2025-26.yml: A new cycle, 2025-26, compared with 2024-25.\n" in out
    assert "**Checklist:** 5 of 7 → 5 of 7.\n" in out
    napa = out[out.index("### Napa County") :]
    assert "counties/napa/2024-25.yml: The county's first map: 2024-25.\n" in napa
    assert "**Checklist:** no map → 5 of 7.\n" in napa
    assert "- **Assets:** Summer science institute; Math PLC network\n" in napa


def test_nothing_changed(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = summarize(repo, "HEAD", capsys)
    assert status == 0
    assert out.endswith("Compared with HEAD: nothing in the county maps or the shared lists changed.\n\n")


def test_contributed_text_cannot_write_markdown(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    marin = repo / "counties" / "marin" / "2024-25.yml"
    marin.write_text(
        marin.read_text(encoding="utf-8").replace(
            "name: Math PLC network", 'name: "**PLC** [win](https://example.org) <img src=x> `code`"'
        ),
        encoding="utf-8",
    )
    _, out, _ = summarize(repo, "HEAD", capsys)
    assert (
        "\\*\\*PLC\\*\\* \\[win\\](https://example.org) &lt;img src=x&gt; \\`code\\` (renamed from “Math PLC network”)"
    ) in out


def test_an_unknown_revision_or_no_data_at_the_base(repo: Path, tmp_path: Path, capsys) -> None:
    status, out, err = summarize(repo, "no-such-branch", capsys)
    assert status == 2 and out == ""
    assert "'no-such-branch' is not a revision git knows here" in err

    fresh = tmp_path / "fresh"
    fresh.mkdir()
    git(fresh, "init", "-q", "-b", "main")
    (fresh / "README.md").write_text("Asset maps\n", encoding="utf-8")
    commit(fresh, "Before the data")
    make_project(fresh, {"marin": VALID_COUNTY})
    status, out, _ = summarize(fresh, "HEAD", capsys)
    assert status == 0
    assert "counties/marin/2024-25.yml: The county's first map: 2024-25.\n" in out


def test_a_shared_list_new_in_the_pull_request(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The base's counties are read with the new list, so they can still be compared."""
    checklist = repo / "counties" / "_shared" / "checklist.yml"
    text = checklist.read_text(encoding="utf-8")
    git(repo, "rm", "-q", str(checklist))
    commit(repo, "Before the checklist")
    checklist.write_text(text, encoding="utf-8")
    status, out, _ = summarize(repo, "HEAD", capsys)
    assert status == 0
    assert "Compared with HEAD: the shared lists changed.\n" in out
    assert "- **New shared list:** counties/\\_shared/checklist.yml\n" in out
    assert "### Marin County" not in out


def test_a_stray_file_does_not_hide_a_countys_changes(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    marin = repo / "counties" / "marin"
    (marin / "notes.txt").write_text("to do\n", encoding="utf-8")
    current = marin / "2024-25.yml"
    current.write_text(
        current.read_text(encoding="utf-8").replace("name: Math PLC network", "name: Math network"), encoding="utf-8"
    )
    _, out, _ = summarize(repo, "HEAD", capsys)
    assert "- **Assets changed:** Math network (renamed from “Math PLC network”)\n" in out
    assert "- counties/marin/notes.txt: 1 problem, the first on line 1: 'notes.txt' is not named after a cycle" in out
