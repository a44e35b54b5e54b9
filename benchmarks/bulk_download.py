"""`make bench`: the bulk download of every dossier (``/thong-ke/du-lieu-ho-so/tai-ve.csv.gz/``),
streamed by one gunicorn worker to a consumer that reads it in 64 KB pieces and counts them.

Reported: wall time, compressed size, rows (the response's ``X-Rows``) and the worker's resident
memory before the request and at its peak (``VmRSS``, ``VmHWM`` of /proc): a stream that holds
only a chunk of rows at a time peaks at about the same memory for 100,000 and 1,000,000 rows.
"""

from __future__ import annotations

import time
import urllib.request
from pathlib import Path

from benchmarks import paths
from benchmarks.harness import progress, server_process

CHUNK = 64 * 1024


def _status_kb(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{key}:"):
            return int(line.split()[1])
    raise RuntimeError(f"no {key} for process {pid}")


def _worker(master: int) -> int:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    if len(children) != 1:
        raise RuntimeError(f"expected one gunicorn worker, found {children}")
    return int(children[0])


def bulk_download_line(env: dict[str, str], *, size: str) -> str:
    """One result line: wall s, MB sent, rows, rows/s, worker MB before and at its peak."""
    progress(f"bulk download of {size} …")
    with server_process(env, workers=1) as (base, process):
        worker = _worker(process.pid)
        # A page first, so the worker's memory before is that of a worker that has served.
        urllib.request.urlopen(base + paths.BULK_DOSSIERS.replace("tai-ve.csv.gz/", ""), timeout=120).read()
        before = _status_kb(worker, "VmRSS")
        started = time.perf_counter()
        sent = 0
        with urllib.request.urlopen(base + paths.BULK_DOSSIERS, timeout=600) as response:
            rows = int(response.headers["X-Rows"])
            while piece := response.read(CHUNK):
                sent += len(piece)
        wall = time.perf_counter() - started
        peak = _status_kb(worker, "VmHWM")
    progress(f"bulk download of {size}: {wall:.1f} s")
    return (
        f"  {size:<40} {wall:>7.1f} {sent / 1e6:>8.1f} {rows:>10,} {rows / wall:>8.0f}"
        f" {before / 1024:>9.0f} {peak / 1024:>8.0f}"
    )


HEADER = (
    f"  {'dossiers':<40} {'wall s':>7} {'MB sent':>8} {'rows':>10} {'rows/s':>8} {'RSS MB':>9} {'peak MB':>8}"
)
NOTE = (
    "  one gunicorn worker; RSS MB: the worker's resident memory before the download, "
    "peak MB: its high-water mark after it"
)
