"""Pagefind's index, made the same for the same input: two builds, byte for byte (and
without the interfaces the site does not use).

Pagefind 1.5 writes each filter's values (and the list of filters in its metadata file) in
the order of a Rust hash map, which changes from run to run; the Pagefind source says as
much ("TODO: Change filter indexes to BTree to give them a stable hash"). Everything else
it writes is already stable. So after Pagefind has written the index, `stabilise` sorts
the values in each filter file and the filters in the metadata file, and renames them
after their new content as Pagefind names files (the first hex digits of a SHA-1,
prefixed with the language), updating the references: the metadata names the filter
files, and pagefind-entry.json names the metadata file.

The files are gzip streams of `pagefind_dcd` followed by CBOR (RFC 8949) in the shapes of
Pagefind's `index_filter.rs` (`[filter, [[value, [page, ...]], ...]]`) and
`index_metadata.rs` (`[version, pages, index_chunks, [[filter, hash], ...], sorts]`). Only
definite-length integers, strings, arrays and maps occur; anything else stops
the build (a newer Pagefind would need this module looked at). Index files hold negative
integers too; they are read (by a test of this module) but not changed.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import struct
from pathlib import Path
from typing import Any

SIGNATURE = b"pagefind_dcd"
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)
"""Pagefind's ready-made interfaces, which the site does not use (its search box talks to
pagefind.js directly, see content/assets/javascripts/search.js)."""


class FormatChanged(ValueError):
    """Pagefind's files are not in the shape this module knows."""


def stabilise(bundle: Path) -> None:
    """Sort the filter files' values and the metadata's filters, in place; drop the
    interfaces the site does not use."""
    for name in UNUSED:
        (bundle / name).unlink(missing_ok=True)
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, details in sorted(entry["languages"].items()):
        meta_path = bundle / f"pagefind.{details['hash']}.pf_meta"
        meta = _read(meta_path)
        if not (isinstance(meta, list) and len(meta) >= 4 and isinstance(meta[3], list)):
            raise FormatChanged(f"{meta_path.name}: not Pagefind 1.5's metadata")
        filters = []
        for name, old_hash in meta[3]:
            old_path = bundle / "filter" / f"{old_hash}.pf_filter"
            chunk = _read(old_path)
            if not (isinstance(chunk, list) and len(chunk) == 2 and chunk[0] == name):
                raise FormatChanged(f"{old_path.name}: not Pagefind 1.5's filter for {name!r}")
            chunk[1] = sorted(chunk[1], key=lambda value: value[0])
            new_hash = _write(bundle / "filter", language, chunk, ".pf_filter", length=7)
            if new_hash != old_hash:
                old_path.unlink()
            filters.append([name, new_hash])
        meta[3] = sorted(filters)
        meta_hash = _write(bundle, language, meta, ".pf_meta", length=len(language) + 8, prefix="pagefind.")
        if meta_hash != details["hash"]:
            meta_path.unlink()
            details["hash"] = meta_hash
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _read(path: Path) -> Any:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise FormatChanged(f"{path.name}: no Pagefind signature")
    value, end = _decode(data, len(SIGNATURE))
    if end != len(data):
        raise FormatChanged(f"{path.name}: more than one value")
    return value


def _write(folder: Path, language: str, value: Any, suffix: str, *, length: int, prefix: str = "") -> str:
    """Write `value` where Pagefind would, named after its encoding; return the name's hash."""
    encoded = _encode(value)
    digest = "".join(f"{byte:x}" for byte in hashlib.sha1(encoded).digest())  # Pagefind's full_hash
    name = f"{language}_{digest[:length]}"
    (folder / f"{prefix}{name}{suffix}").write_bytes(gzip.compress(SIGNATURE + encoded, compresslevel=9, mtime=0))
    return name


def _decode(data: bytes, at: int) -> tuple[Any, int]:
    major, info = data[at] >> 5, data[at] & 0x1F
    at += 1
    if info < 24:
        argument = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        argument = int.from_bytes(data[at : at + size], "big")
        at += size
    else:
        raise FormatChanged(f"CBOR item {major}/{info} (indefinite length or simple value)")
    if major == 0:
        return argument, at
    if major == 1:
        return -1 - argument, at
    if major in (2, 3):
        raw = data[at : at + argument]
        return (raw if major == 2 else raw.decode("utf-8")), at + argument
    if major == 4:
        items = []
        for _ in range(argument):
            item, at = _decode(data, at)
            items.append(item)
        return items, at
    if major == 5:
        pairs = {}
        for _ in range(argument):
            key, at = _decode(data, at)
            pairs[key], at = _decode(data, at)
        return pairs, at
    raise FormatChanged(f"CBOR major type {major}")


def _head(major: int, argument: int) -> bytes:
    if argument < 24:
        return bytes([major << 5 | argument])
    for info, size, code in ((24, 1, ">B"), (25, 2, ">H"), (26, 4, ">I"), (27, 8, ">Q")):
        if argument < 1 << (8 * size):
            return bytes([major << 5 | info]) + struct.pack(code, argument)
    raise FormatChanged(f"integer too large: {argument}")


def _encode(value: Any) -> bytes:
    if isinstance(value, bool) or value is None:
        raise FormatChanged(f"unexpected value {value!r}")
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(_encode(item) for item in value)
    if isinstance(value, dict):
        return _head(5, len(value)) + b"".join(_encode(k) + _encode(v) for k, v in value.items())
    raise FormatChanged(f"unexpected value {value!r}")
