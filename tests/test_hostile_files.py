"""Hostile files and hostile characters: refused quickly with file and line, nothing lost,
nothing forged. Links, devices and odd names are made in temporary folders, never in the
repository."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from asset_map.cli import main
from asset_map.load import check
from conftest import REPO, VALID_COUNTY, build_site, make_project


def validate(data_dir: Path, capsys: pytest.CaptureFixture[str], *, actions: bool = False) -> tuple[int, str]:
    if actions:
        os.environ["GITHUB_ACTIONS"] = "true"
    try:
        status = main(["--data-dir", str(data_dir), "validate"])
    finally:
        os.environ.pop("GITHUB_ACTIONS", None)
    return status, capsys.readouterr().out


def test_links_are_refused_and_never_followed(data_dir: Path, tmp_path: Path, capsys) -> None:
    secret = tmp_path / "outside.yml"
    secret.write_text(VALID_COUNTY.replace("Summer science institute", "SECRET-OUTSIDE"), encoding="utf-8")
    (data_dir / "marin").mkdir()
    (data_dir / "marin" / "2024-25.yml").symlink_to(secret)
    (data_dir / "napa").mkdir()
    (data_dir / "napa" / "2024-25.yml").symlink_to("/etc/passwd")
    (data_dir / "sonoma").symlink_to(tmp_path)
    status, out = validate(data_dir, capsys)
    assert status == 1
    assert "counties/marin/2024-25.yml:1:1: is a symbolic link, which the site does not follow" in out
    assert "counties/napa/2024-25.yml:1:1: is a symbolic link" in out
    assert "counties/sonoma:1:1: is a symbolic link" in out
    assert "SECRET-OUTSIDE" not in out and "root:" not in out


def test_a_device_or_pipe_is_not_read(data_dir: Path, capsys) -> None:
    (data_dir / "marin").mkdir()
    os.mkfifo(data_dir / "marin" / "2024-25.yml")  # reading it would wait forever
    status, out = validate(data_dir, capsys)
    assert status == 1 and "counties/marin/2024-25.yml:1:1: is not an ordinary file" in out


_VALIDATE_IN_A_NEW_PROCESS = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))
sys.path[:0] = [sys.argv[1]]
from asset_map.cli import main
sys.exit(main(["--data-dir", sys.argv[2], "validate"]))
"""


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("assets: " + "[" * 40_000, "counties/marin/2024-25.yml:2:20: the data is nested more than 12 levels deep"),
        ("assets: [" + "{}," * 140_000 + "]", "counties/marin/2024-25.yml:2:9: assets: this list has 140,000 items"),
        ("assets:\n" + "  - {}\n" * 9_000, "more problems in this file"),
    ],
    ids=["40000-brackets", "140000-items", "9000-empty-items"],
)
def test_parser_bombs_are_refused_with_their_line(data_dir: Path, body: str, expected: str) -> None:
    """In a separate process with 1.5 GB of memory: a crash or a memory blow-up fails the test
    instead of the test run."""
    (data_dir / "marin").mkdir()
    (data_dir / "marin" / "2024-25.yml").write_text(VALID_COUNTY.split("\n")[0] + "\n" + body + "\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", _VALIDATE_IN_A_NEW_PROCESS, str(REPO / "hooks"), str(data_dir)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr[-2000:]
    assert expected in done.stdout
    assert len(done.stdout.splitlines()) < 250


@pytest.mark.parametrize(
    ("text", "character"),
    [
        ('"Summer\\rscience institute"', "an invisible control character (U+000D)"),
        ('"Summer\\x1bscience institute"', "an invisible control character (U+001B)"),
        ('"Summer \\ud800 institute"', "an unpaired surrogate (U+D800)"),
        ('"Summer\\x0b institute"', "an invisible control character (U+000B)"),
    ],
)
def test_control_characters_and_surrogates_are_refused(write_county, data_dir: Path, text: str, character: str) -> None:
    write_county(text=VALID_COUNTY.replace("name: Summer science institute", f"name: {text}"))
    problems = check(data_dir)[1]
    assert [p.format().splitlines()[0] for p in problems] == [
        f'counties/marin/2024-25.yml:9:11: assets, item 1 ("summer-institute"), name: this text contains {character}'
    ]


def test_a_field_name_cannot_forge_workflow_commands(write_county, data_dir: Path, capsys) -> None:
    forged = '"x\\n::error file=README.md,line=1::forged\\n::set-output name=a::b"'
    write_county(text=VALID_COUNTY.replace("updated: 2024-11-15", f"updated: 2024-11-15\n{forged}: 1"))
    status, out = validate(data_dir, capsys, actions=True)
    assert status == 1
    commands = [line for line in out.splitlines() if line.startswith("::")]
    assert commands and all(line.startswith("::error file=counties/marin/2024-25.yml,") for line in commands)
    assert "forged" in out  # shown, escaped


@pytest.mark.parametrize(
    "name",
    [
        "２０２４-２５.yml",
        "\u0662\u0660\u0662\u0664-\u0662\u0665.yml",
        "2024-25.yml\n",
        "2024-25.yml.bak",
        ".2024-25.yml",
    ],
    ids=["full-width", "arabic-indic", "trailing-newline", "backup", "dot-file"],
)
def test_cycle_names_are_ascii_and_nothing_is_ignored(data_dir: Path, name: str, capsys) -> None:
    folder = data_dir / "marin"
    folder.mkdir()
    (folder / name).write_text(VALID_COUNTY, encoding="utf-8")
    status, out = validate(data_dir, capsys)
    assert status == 1
    assert "is not named after a cycle" in out
    assert "\n" not in out.split(" is not named")[0].split("\n")[-1] + "x"[:0]  # the name is on one line


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("_shared/marin-2024-25.yml", "counties/_shared/ holds only the shared lists"),
        (".hidden/2024-25.yml", "this folder is not a county's folder"),
        ("_drafts/2024-25.yml", "this folder is not a county's folder"),
        ("2024-25.yml", "only county folders belong in counties/"),
    ],
)
def test_files_outside_a_county_folder_are_errors(data_dir: Path, path: str, message: str, capsys) -> None:
    target = data_dir / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(VALID_COUNTY, encoding="utf-8")
    status, out = validate(data_dir, capsys)
    assert status == 1 and message in out, out


def test_any_name_survives_the_front_matter(tmp_path: Path) -> None:
    """Emoji and non-Latin names in every registry keep their page's title and its map."""
    project = make_project(tmp_path, {"marin": VALID_COUNTY})
    shared = project / "counties" / "_shared"

    def rename(file: str, old: str, new: str) -> None:
        path = shared / file
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    rename("counties.yml", "name: Marin", "name: Marin 🌊 马林")
    rename("regions.yml", "name: Bay\n", 'name: "Bay 🌉 ベイエリア"\n')
    rename("partners.yml", "name: Exploratorium", "name: Exploratorium 🔬 Έξπλορα")
    rename("vocabularies.yml", "label: Lesson study", "label: Lesson study 📚 Estudio")
    site = build_site(project)
    assert site.html("counties/marin/").title.get_text().startswith("Marin 🌊 马林 County")
    assert site.html("partners/exploratorium/").title.get_text().startswith("Exploratorium 🔬 Έξπλορα")
    assert site.html("regions/4/").title.get_text().startswith("Region 4: Bay 🌉 ベイエリア")
    assert site.html("counties/marin/").select('script[src$="leaflet.js"]'), "the page's front matter was lost"
    stats = json.loads(site.path("assets/maps/county-stats.json").read_text(encoding="utf-8"))
    assert stats["counties"]["06041"]["name"] == "Marin 🌊 马林"


_BUILD_UNTIL_TERMINATED = """
import os, signal, sys, time
from pathlib import Path
sys.path[:0] = [sys.argv[1], sys.argv[2]]
import mkdocs_spool
mkdocs_spool.SPOOL_BYTES = 0
real_keep_fragments = mkdocs_spool.keep_fragments

def spool_then_wait(*args, **kwargs):
    real_keep_fragments(*args, **kwargs)
    print("spooled", flush=True)
    time.sleep(60)  # the test sends SIGTERM now

mkdocs_spool.keep_fragments = spool_then_wait
from conftest import build_site
build_site(Path(sys.argv[3]), spanish=sys.argv[4] == "spanish")
"""


@pytest.mark.parametrize("languages", ["english", "spanish"])
def test_a_build_stopped_with_sigterm_leaves_no_spool(tmp_path: Path, languages: str) -> None:
    """With Spanish, a second process makes its pages (elsewhere.py): it and its folder go too."""
    import signal

    project = make_project(tmp_path / "project", {"marin": VALID_COUNTY})
    temp = tmp_path / "tmp"
    temp.mkdir()
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            _BUILD_UNTIL_TERMINATED,
            str(REPO / "tests"),
            str(REPO / "hooks"),
            str(project),
            languages,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "TMPDIR": str(temp), "ASSET_MAP_JOBS": "2"},
    )
    try:
        assert process.stdout.readline().strip() == "spooled"
        assert any(temp.glob("asset-map-spool-*/fragments")), "the build spooled nothing to test with"
        if languages == "spanish":
            assert any(temp.glob("asset-map-pages-*")), "no second process to test with"
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == -signal.SIGTERM
    finally:
        process.kill()
        process.wait()
        process.stdout.close()
    assert list(temp.iterdir()) == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("  - id: summer-institute", '  - id: "summer-institute\\n"'),
        ("    name: Summer science institute", '    name: "Summer science institute\\n"'),
        ("    link: https://example.org/x", '    link: "https://example.org/x\\n"'),
    ],
)
def test_a_trailing_newline_does_not_pass_a_pattern(write_county, data_dir: Path, field: str, value: str) -> None:
    """Python's `$` matches before a final newline; the schema's patterns must not."""
    text = VALID_COUNTY.replace(
        "    partners: [exploratorium]\n", "    partners: [exploratorium]\n    link: https://example.org/x\n", 1
    )
    write_county(text=text.replace(field, value, 1))
    problems = check(data_dir)[1]
    assert problems and all(p.line in (8, 9, 19) for p in problems), [p.format() for p in problems]
