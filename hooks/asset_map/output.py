"""Every generated page and file written to a folder, for generators that do not run our hooks.

Zensical (the theme's successor) reads mkdocs.yml but ignores MkDocs hooks, so it, or any other
generator or script, reads this folder instead: Markdown pages with their HTML fragments filled
in, every other file byte for byte as the MkDocs build publishes it.

The folder is only ever cleaned of files written here. Their paths are listed in a manifest
(a dot file, which MkDocs-style generators skip); the next run removes exactly those and writes
afresh, so a page that is no longer generated does not linger. A file it did not write is never
overwritten or removed: a folder holding such files is refused unless `force`, and even then a
generated page that would land on one stops the run. The manifest lists every file as it is
written, so a run that stops half-way is cleaned up by the next one.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from .render import Page

MANIFEST = ".asset-map-generated"


class OutputError(Exception):
    """The folder cannot be written without touching files this module did not write."""


def write_pages(pages: Iterable[Page], out_dir: Path, *, force: bool = False) -> list[str]:
    """Write `pages` under `out_dir` at their paths; returns the paths written, in order."""
    out_dir = out_dir.resolve()
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"{out_dir} is not a folder.")
    manifest = out_dir / MANIFEST
    ours = _read_manifest(manifest)
    foreign = sorted(set(_files(out_dir)) - ours - {MANIFEST, MANIFEST + ".new"})
    if foreign and not force:
        raise OutputError(
            f"{out_dir} holds {len(foreign)} file(s) this command did not write, such as {foreign[0]}. "
            "Choose an empty or new folder, or pass --force to write beside them "
            "(they are never overwritten or removed)."
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    for path in sorted(ours):
        target = _target(out_dir, path)
        if target is None or not target.parent.resolve().is_relative_to(out_dir):
            continue  # never follow a link out of the folder
        if target.is_file() or target.is_symlink():
            target.unlink()
    written: list[str] = []
    with manifest.open("a", encoding="utf-8") as log:  # still lists the removed files: harmless
        for page in pages:
            target = _target(out_dir, page.path)
            if target is None:
                raise OutputError(f"{page.path}: a generated path must stay inside the folder.")
            if target.exists() or target.is_symlink():
                raise OutputError(
                    f"{out_dir / page.path} exists and was not written by this command "
                    "(or two generated files share its path); move it away and run again."
                )
            if not target.parent.resolve().is_relative_to(out_dir):
                raise OutputError(f"{target.parent} leads outside {out_dir}; it is left alone.")
            target.parent.mkdir(parents=True, exist_ok=True)
            log.write(page.path + "\n")
            log.flush()
            page.write(target)
            written.append(page.path)
    _remove_empty_folders(out_dir, ours - set(written))
    partial = manifest.with_name(MANIFEST + ".new")
    partial.write_text("".join(f"{path}\n" for path in written), encoding="utf-8")
    partial.replace(manifest)
    return written


def _read_manifest(manifest: Path) -> set[str]:
    if not manifest.is_file():
        return set()
    return {line for line in manifest.read_text(encoding="utf-8").splitlines() if line}


def _files(out_dir: Path) -> list[str]:
    if not out_dir.is_dir():
        return []
    return [p.relative_to(out_dir).as_posix() for p in out_dir.rglob("*") if not p.is_dir() or p.is_symlink()]


def _target(out_dir: Path, path: str) -> Path | None:
    """Where `path` goes, or None if it is absolute or climbs out of the folder."""
    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        return None
    return out_dir.joinpath(*pure.parts)


def _remove_empty_folders(out_dir: Path, removed: Iterable[str]) -> None:
    """Folders emptied by removing pages that are no longer generated (a deleted county's)."""
    for path in removed:
        target = _target(out_dir, path)
        folder = target.parent if target is not None else out_dir
        while folder != out_dir and folder.is_dir() and not folder.is_symlink() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
