"""How big Pagefind's metadata file is for N one-line records.

Every first search query loads this file (it lists every indexed record), so its size is a
lower bound for `search_first_query_bytes` whatever the records say. Usage:

    python bench/pagefind_metadata.py 5000 62860 94389

prints, per count, the seconds taken and the size of `pagefind.*.pf_meta` in bytes. It uses
the same Pagefind service as the build (hooks/mkdocs_search.py), one filter per record.
"""

from __future__ import annotations

import asyncio
import collections
import sys
import tempfile
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent.parent / "hooks")]

from mkdocs_search import IN_FLIGHT, _Service, _written  # noqa: E402
from pagefind.index import IndexConfig  # noqa: E402


async def index(count: int, out: Path) -> None:
    service = await _Service().launch()
    try:
        built = await service.create_index(IndexConfig(force_language="en"))
        sent: collections.deque[asyncio.Future] = collections.deque()
        for i in range(count):
            html = (
                '<html lang="en"><body><main data-pagefind-body>'
                f'<h1>Asset {i}</h1><p data-pagefind-filter="type">asset</p><p>word{i % 500} summer</p>'
                "</main></body></html>"
            )
            sent.append(
                asyncio.ensure_future(built.add_html_file(content=html, url=f"/counties/c{i // 20}/#a{i % 20}"))
            )
            if len(sent) >= IN_FLIGHT:
                await sent.popleft()
        await asyncio.gather(*sent)
        await built.write_files(output_path=str(out))
        await _written(out)
    finally:
        await service.close()


def main(counts: list[int]) -> None:
    for count in counts:
        with tempfile.TemporaryDirectory() as folder:
            started = time.perf_counter()
            asyncio.run(index(count, Path(folder)))
            meta = next(Path(folder).glob("pagefind.*.pf_meta"))
            print(f"{count} records: pf_meta {meta.stat().st_size} B ({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [5000])
