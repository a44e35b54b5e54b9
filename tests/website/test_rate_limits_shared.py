"""Rate limits are what they say across processes: every gunicorn worker counts in one store.

With the local-memory cache each of the three ``make run`` workers counted alone (a 120/m
limit first refused request 346). Without Redis the counters live in files shared by the
machine's processes, counted under a lock.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.website.test_resilience import ROOT, _copy, _env, migrated_db  # noqa: F401 (fixture)

#: The port this test's gunicorn listens on (loopback only).
PORT = 8116

COUNT_IN_PROCESS = """
import django, json, sys
django.setup()
from django.conf import settings
from django.core.cache import caches
counters = caches[settings.RATELIMIT_USE_CACHE]
counters.add("shared-probe", 0, 60)
for _ in range(int(sys.argv[1])):
    counters.incr("shared-probe")
print(json.dumps({"backend": type(counters).__module__ + "." + type(counters).__name__}))
"""


def _count_in_processes(env: dict[str, str], *, processes: int, each: int) -> list[dict]:
    running = [
        subprocess.Popen(
            [sys.executable, "-c", COUNT_IN_PROCESS, str(each)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(processes)
    ]
    reports = []
    for process in running:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err[-3000:]
        reports.append(json.loads(out.strip().splitlines()[-1]))
    return reports


def test_by_default_the_limiter_counts_in_a_store_every_process_shares(tmp_path):
    env = _env(tmp_path / "unused.sqlite3", RATELIMIT_CACHE_DIR=str(tmp_path / "ratelimit"))
    reports = _count_in_processes(env, processes=3, each=200)
    assert {r["backend"] for r in reports} == {"website.cache_backends.LockedFileBasedCache"}
    total = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "from django.core.cache import caches; "
            "print(caches[settings.RATELIMIT_USE_CACHE].get('shared-probe'))",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    # Three processes counting at the same time lose no count.
    assert total.stdout.strip() == "600"


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback only
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _wait_until_serving(url: str, process: subprocess.Popen, deadline: float) -> None:
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError("gunicorn exited before serving")
        try:
            urllib.request.urlopen(url, timeout=2).close()  # noqa: S310 - loopback only
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise AssertionError("gunicorn did not start in time")


@pytest.mark.skipif(not Path(sys.executable).with_name("gunicorn").exists(), reason="gunicorn not installed")
def test_three_gunicorn_workers_refuse_exactly_the_requests_over_the_limit(migrated_db, tmp_path):  # noqa: F811
    db = _copy(migrated_db, tmp_path / "workers.sqlite3")
    env = _env(
        db,
        ALLOWED_HOSTS="127.0.0.1",
        RATELIMIT_ENABLE="true",
        RATE_LIMIT_API="10/m",
        PAGE_CACHE_ENABLED="false",
        RATELIMIT_CACHE_DIR=str(tmp_path / "ratelimit"),
        PORTAL_BASE_URL=f"http://127.0.0.1:{PORT}",
    )
    access_log = tmp_path / "access.log"
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "website.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "3",
            "--timeout",
            "60",
            "--access-logfile",
            str(access_log),
            "--access-logformat",
            "%(p)s %(s)s %(U)s",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    counters = tmp_path / "ratelimit"
    bursts_served_by: list[set[str]] = []
    try:
        _wait_until_serving(f"http://127.0.0.1:{PORT}/healthz", server, time.monotonic() + 60)
        _wait_until_workers_serve(f"http://127.0.0.1:{PORT}/healthz", access_log, time.monotonic() + 60)
        # On a busy machine one worker can still drain the whole burst from the accept queue,
        # which would prove nothing about sharing; such a burst is repeated with fresh counters
        # (at most three times). Every burst, whoever served it, must refuse exactly 20.
        for _ in range(3):
            for counter_file in counters.glob("*.djcache"):
                counter_file.unlink()
            logged_before = len(access_log.read_text().splitlines())
            # Requests in parallel, so that every worker takes some (the log names which one).
            with ThreadPoolExecutor(max_workers=6) as pool:
                statuses = list(pool.map(_get, [f"http://127.0.0.1:{PORT}/api/v1/procedures"] * 30))
            assert statuses.count(200) == 10, statuses
            assert statuses.count(429) == 20, statuses
            time.sleep(0.5)  # the access log is written after the response
            lines = access_log.read_text().splitlines()[logged_before:]
            bursts_served_by.append({line.split()[0] for line in lines if "/api/v1/" in line})
            if len(bursts_served_by[-1]) > 1:
                break
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)
    assert len(bursts_served_by[-1]) > 1, f"one worker served every burst, no proof: {bursts_served_by}"


def _wait_until_workers_serve(url: str, access_log: Path, deadline: float) -> None:
    """Return once at least two workers have answered (all three have booted by then, usually)."""
    while time.monotonic() < deadline:
        with ThreadPoolExecutor(max_workers=6) as pool:
            list(pool.map(_get, [url] * 12))
        time.sleep(0.2)
        pids = {line.split()[0] for line in access_log.read_text().splitlines() if "/healthz" in line}
        if len(pids) > 1:
            return
    raise AssertionError("only one gunicorn worker ever answered")
