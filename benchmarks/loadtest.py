"""`make loadtest`: a bounded locust run on loopback, printed beside a static-file baseline.

Builds a throw-away SQLite demo database under var/loadtest/, serves it with gunicorn
(as `make serve`: 3 workers) on a free loopback port, then runs locust headless twice:
a short baseline of one hashed static file, and the mixed citizen/journalist scenario of
benchmarks/locustfile.py. Rate limits are switched off (RATELIMIT_ENABLE=false) for the
run, since every simulated user shares the address 127.0.0.1; the page cache stays on.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.harness import PYTHON, ROOT, bench_env, manage, server, static_url

USERS = int(os.environ.get("LOADTEST_USERS", "20"))
SPAWN_RATE = int(os.environ.get("LOADTEST_SPAWN_RATE", "5"))
DURATION = os.environ.get("LOADTEST_DURATION", "30s")
BASELINE_DURATION = os.environ.get("LOADTEST_BASELINE_DURATION", "10s")
LOCUSTFILE = ROOT / "benchmarks" / "locustfile.py"


def locust_run(base: str, classes: list[str], *, duration: str, env: dict[str, str]) -> list[dict[str, str]]:
    """Run locust headless; returns its per-endpoint statistics rows (the last is "Aggregated")."""
    locust = str(Path(PYTHON).with_name("locust"))
    with tempfile.TemporaryDirectory() as tmp:
        prefix = str(Path(tmp) / "run")
        subprocess.run(
            [
                locust,
                "-f",
                str(LOCUSTFILE),
                "--headless",
                "--host",
                base,
                "-u",
                str(USERS),
                "-r",
                str(SPAWN_RATE),
                "-t",
                duration,
                "--csv",
                prefix,
                "--only-summary",
                "--loglevel",
                "WARNING",
                *classes,
            ],
            cwd=ROOT,
            env=env,
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
            return list(csv.DictReader(handle))


def row_print(label: str, row: dict[str, str], baseline_p50: float) -> None:
    requests = int(row["Request Count"])
    failures = int(row["Failure Count"])
    p50, p95 = float(row["50%"]), float(row["95%"])
    ratio = p50 / baseline_p50 if baseline_p50 else float("nan")
    print(
        f"  {label:<34} {requests:>7} {float(row['Requests/s']):>8.1f} {p50:>7.0f} {p95:>7.0f}"
        f" {failures:>6} {ratio:>8.1f}"
    )


def main() -> None:
    work = ROOT / "var" / "loadtest"
    work.mkdir(parents=True, exist_ok=True)
    db = work / "demo.sqlite3"
    for stale in work.glob("demo.sqlite3*"):
        stale.unlink()
    env = bench_env(f"sqlite:///{db}", RATELIMIT_ENABLE="false", DJANGO_LOG_LEVEL="WARNING")
    started = time.perf_counter()
    manage("migrate", "--noinput", "-v", "0", env=env)
    manage("load_demo", env=env)
    manage("collectstatic", "--noinput", "-v", "0", env=env)
    print(f"set-up: demo database built in {time.perf_counter() - started:.0f} s (SQLite)")
    print("rate limits: OFF for this run (RATELIMIT_ENABLE=false); page cache: on")

    with server(env, workers=3) as base:
        static = static_url(base)
        locust_env = {**env, "LOADTEST_STATIC_PATH": static.removeprefix(base)}
        baseline = locust_run(base, ["StaticUser"], duration=BASELINE_DURATION, env=locust_env)
        mixed = locust_run(base, ["CitizenUser", "JournalistUser"], duration=DURATION, env=locust_env)

    base_row = baseline[-1]
    base_p50 = float(base_row["50%"])
    print(
        f"\nLoad: {USERS} users, spawn {SPAWN_RATE}/s, {DURATION} (baseline {BASELINE_DURATION}), "
        "gunicorn 3 workers on loopback"
    )
    header = ("requests", "req/s", "p50 ms", "p95 ms", "errors", "× static")
    print(f"  {'what':<34} " + " ".join(f"{h:>{w}}" for h, w in zip(header, (7, 8, 7, 7, 6, 8), strict=True)))
    row_print("static file (baseline)", base_row, base_p50)
    for row in mixed:
        label = "ALL (citizens + journalists)" if row["Name"] == "Aggregated" else row["Name"]
        row_print(label[:34], row, base_p50)
    errors = int(mixed[-1]["Failure Count"])
    if errors:
        print(f"\n{errors} requests failed (see the rows above)")
        raise SystemExit(1)


if __name__ == "__main__":
    main()
