"""Tools shared by the benchmarks: a real server on loopback and latency statistics.

Figures are medians and percentiles of repeated requests, printed beside a static
file served by the same server in the same run, so they compare across machines.
"""

from __future__ import annotations

import contextlib
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(*args: str, env: dict[str, str]) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def bench_env(database_url: str, **extra: str) -> dict[str, str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "website.settings.dev", "DATABASE_URL": database_url}
    env.update(extra)
    return env


@contextlib.contextmanager
def server(env: dict[str, str], *, workers: int = 2) -> Iterator[str]:
    """Run gunicorn on a free loopback port; yields the base URL."""
    port = free_port()
    gunicorn = str(Path(PYTHON).with_name("gunicorn"))
    process = subprocess.Popen(
        [gunicorn, "website.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("the server did not start")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@dataclass(frozen=True)
class Timing:
    label: str
    median_ms: float
    p95_ms: float
    n: int


def time_get(url: str, *, label: str, n: int = 30, warmup: int = 3) -> Timing:
    """Median and p95 latency of n sequential GETs (after warm-up)."""
    for _ in range(warmup):
        urllib.request.urlopen(url, timeout=60).read()
    samples = []
    for _ in range(n):
        started = time.perf_counter()
        with urllib.request.urlopen(url, timeout=60) as response:
            response.read()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return Timing(label=label, median_ms=statistics.median(samples), p95_ms=p95, n=n)


def print_table(title: str, rows: list[Timing], baseline: Timing) -> None:
    print(f"\n{title}")
    print(f"  {'what':<48} {'median ms':>10} {'p95 ms':>9} {'× static':>9}")
    for row in [baseline, *rows]:
        ratio = row.median_ms / baseline.median_ms if baseline.median_ms else float("nan")
        print(f"  {row.label:<48} {row.median_ms:>10.2f} {row.p95_ms:>9.2f} {ratio:>9.1f}")


def static_url(base: str) -> str:
    """A real hashed static file as the server's own baseline."""
    html = urllib.request.urlopen(base + "/", timeout=30).read().decode()
    marker = "/static/css/portal"
    start = html.index(marker)
    return base + html[start : html.index('"', start)]
