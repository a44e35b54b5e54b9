"""Tools shared by the benchmarks: a real server on loopback, timed commands, latency statistics.

Figures are medians and percentiles of repeated requests, printed beside a static
file served by the same server in the same run, so they compare across machines.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from benchmarks import paths

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
_STARTED = time.monotonic()


def progress(message: str) -> None:
    """One progress line, stamped with the time since the run started."""
    elapsed = int(time.monotonic() - _STARTED)
    print(f"[{elapsed // 60:02d}:{elapsed % 60:02d}] {message}", flush=True)


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def free_port() -> int:
    """A free loopback port, first from ``BENCH_PORTS`` (default 8120-8129), else any."""
    low, _sep, high = os.environ.get("BENCH_PORTS", "8120-8129").partition("-")
    with contextlib.suppress(ValueError):
        for port in range(int(low), int(high or low) + 1):
            if _port_free(port):
                return port
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
    """The environment of every benchmarked process.

    The public page cache and the rate limits are off: the figures are the cost of
    computing each answer, and a few hundred requests from one address are no attack.
    """
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "website.settings.dev",
        "DATABASE_URL": database_url,
        "PAGE_CACHE_ENABLED": "false",
        "RATELIMIT_ENABLE": "false",
        "DEBUG": "false",
    }
    env.pop("ELASTICSEARCH_URL", None)
    env.update(extra)
    return env


@dataclass(frozen=True)
class Command:
    wall_s: float
    peak_mb: float
    returncode: int
    stdout: str
    stderr: str


def run_timed(args: list[str], *, env: dict[str, str]) -> Command:
    """Run a command; its wall time and peak resident memory (of that process alone, by wait4)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=err)
        _pid, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Command(
            wall_s=wall,
            peak_mb=usage.ru_maxrss / 1024,  # kilobytes on Linux
            returncode=process.returncode,
            stdout=out.read().decode(errors="replace"),
            stderr=err.read().decode(errors="replace"),
        )


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def sqlite_copy(source: Path, target: Path) -> Path:
    """A copy of a (closed) SQLite database file, replacing ``target`` and its journals."""
    for stale in target.parent.glob(target.name + "*"):
        stale.unlink()
    shutil.copyfile(source, target)
    return target


@contextlib.contextmanager
def server(env: dict[str, str], *, workers: int = 2) -> Iterator[str]:
    """Run gunicorn on a free loopback port; yields the base URL."""
    with server_process(env, workers=workers) as (base, _process):
        yield base


@contextlib.contextmanager
def server_process(env: dict[str, str], *, workers: int = 2) -> Iterator[tuple[str, subprocess.Popen]]:
    """Run gunicorn on a free loopback port; yields the base URL and the master process."""
    port = free_port()
    gunicorn = str(Path(PYTHON).with_name("gunicorn"))
    process = subprocess.Popen(
        [
            gunicorn,
            "website.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "300",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(base + paths.HEALTHZ, timeout=5).read()
                break
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError("the server stopped at start-up") from None
                time.sleep(0.2)
        else:
            raise RuntimeError("the server did not start")
        yield base, process
    finally:
        process.terminate()
        process.wait(timeout=30)


@dataclass(frozen=True)
class Timing:
    label: str
    median_ms: float
    p95_ms: float
    n: int
    #: The static file's median in the same server, same run (None for the static file itself).
    static_ms: float | None = None
    static_p95_ms: float | None = None


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _get(url: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=300) as response:
        response.read()
    return (time.perf_counter() - started) * 1000


def time_urls(
    urls: Iterable[str],
    *,
    label: str,
    rounds: int = 5,
    warmup: int = 1,
    baseline: Timing | None = None,
    budget_s: float = 20.0,
) -> Timing:
    """Median and p95 of sequential GETs of every URL, ``rounds`` times each (after warm-up).

    A slow answer stops the repetitions early: after ``budget_s`` seconds no new round
    starts, provided every URL has been timed at least twice.
    """
    urls = list(urls)
    for _ in range(warmup):
        for url in urls:
            _get(url)
    samples: list[float] = []
    started = time.monotonic()
    for done in range(rounds):
        if done >= 2 and time.monotonic() - started > budget_s:
            break
        samples += [_get(url) for url in urls]
    return Timing(
        label=label,
        median_ms=statistics.median(samples),
        p95_ms=_percentile(samples, 0.95),
        n=len(samples),
        static_ms=baseline.median_ms if baseline else None,
        static_p95_ms=baseline.p95_ms if baseline else None,
    )


def time_get(url: str, *, label: str, n: int = 30, warmup: int = 3, baseline: Timing | None = None) -> Timing:
    """Median and p95 latency of n sequential GETs of one URL (after warm-up)."""
    return time_urls([url], label=label, rounds=n, warmup=warmup, baseline=baseline)


WIDTH = 62


def print_table(title: str, rows: list[Timing], baseline: Timing | None = None) -> None:
    """Rows with their own static baseline (``Timing.static_ms``) or the one given.

    "× static" is median ÷ the static file's median; "p95 ×" is p95 ÷ the static file's p95.
    """
    print(f"\n{title}")
    header = f"{'median ms':>9} {'p95 ms':>8} {'n':>4} {'static ms':>9} {'× static':>8} {'p95 ×':>6}"
    print(f"  {'what':<{WIDTH}} {header}")
    for row in rows:
        static = row.static_ms if row.static_ms is not None else (baseline.median_ms if baseline else None)
        static_p95 = (
            row.static_p95_ms if row.static_p95_ms is not None else (baseline.p95_ms if baseline else None)
        )
        ratio = f"{row.median_ms / static:>8.1f}" if static else f"{'':>8}"
        ratio_p95 = f"{row.p95_ms / static_p95:>6.1f}" if static_p95 else f"{'':>6}"
        shown_static = f"{static:>9.2f}" if static else f"{'':>9}"
        figures = f"{row.median_ms:>9.2f} {row.p95_ms:>8.2f} {row.n:>4} {shown_static} {ratio} {ratio_p95}"
        print(f"  {row.label:<{WIDTH}} {figures}")


def static_url(base: str) -> str:
    """A real hashed static file as the server's own baseline."""
    html = urllib.request.urlopen(base + paths.HOME, timeout=30).read().decode()
    start = html.index(paths.STATIC_CSS)
    return base + html[start : html.index('"', start)]


def static_baseline(base: str, *, label: str = "static file (baseline)", n: int = 200) -> Timing:
    return time_get(static_url(base), label=label, n=n, warmup=10)
