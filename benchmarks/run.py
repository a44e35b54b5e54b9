"""`make bench`: performance figures of the portal, each beside a static file.

Builds a throw-away SQLite database under var/bench/ with the demo data, serves it
with gunicorn on loopback and prints median/p95 latencies of the main pages.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.harness import ROOT, bench_env, manage, print_table, server, static_url, time_get


def main() -> None:
    bench_dir = ROOT / "var" / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    db = bench_dir / "demo.sqlite3"
    for stale in bench_dir.glob("demo.sqlite3*"):
        stale.unlink()
    env = bench_env(f"sqlite:///{db}")
    started = time.perf_counter()
    manage("migrate", "--noinput", "-v", "0", env=env)
    migrate_s = time.perf_counter() - started
    started = time.perf_counter()
    manage("load_demo", env=env)
    demo_s = time.perf_counter() - started
    manage("collectstatic", "--noinput", "-v", "0", env=env)
    print(f"set-up: migrate {migrate_s:.1f} s, load_demo {demo_s:.1f} s (SQLite)")

    with server(env) as base:
        baseline = time_get(static_url(base), label="static file (baseline)")
        rows = [
            time_get(base + "/", label="home /"),
            time_get(base + "/en/", label="home /en/"),
            time_get(base + "/co-quan/", label="departments /co-quan/"),
            time_get(base + "/co-quan/so-tu-phap/", label="department profile"),
            time_get(base + "/healthz", label="/healthz"),
        ]
        print_table("Site pages (SQLite, gunicorn 2 workers, sequential requests)", rows, baseline)


if __name__ == "__main__":
    main()
