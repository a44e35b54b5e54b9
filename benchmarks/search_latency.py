"""Search latency: modelsearch's stock SQLite ranking vs ours (search.backends.sqlite).

    .venv/bin/python benchmarks/search_latency.py [--copies 7] [--database URL]
    .venv/bin/python benchmarks/search_latency.py --served [--database URL]

Loads the 272 reference records ``copies`` times (7 → 1,904 procedures with real
names, steps and legal basis), indexes them, then times the same ranked first-page
query (``search(q)[:10]`` ordered by relevance, like the site search) with the stock
backend and with ours, over unaccented and accented queries, plus the whole site
search (all types, facets) and the autocomplete. Prints median and p95 in ms.

``--served`` times part 5 of ``make bench`` alone, the way it does: the demo catalogue
(662 procedures, no dossiers: the site search reads none) served by gunicorn (2
workers, page cache and rate limits off), ``/tim-kiem/`` over the same 20 queries and
``/tim-kiem/goi-y/`` over the same 10 prefixes, beside a static file of the same server,
then the same at 6,620 procedures (``BENCH_QUICK=1``: 1,324). The database is a fresh
SQLite file by default, or the PostgreSQL database ``--database`` names (emptied first).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.search_common import ROOT, catalogue_load, django_setup

QUERIES = [
    "dang ky",
    "dang ky ket hon",
    "Đăng ký thường trú",
    "chung thuc",
    "giay phep",
    "cap lai",
    "thua phat lai",
    "van phong cong chung",
    "tro giup phap ly",
    "quoc tich",
    "ho tich",
    "luat su nuoc ngoai",
]


def timed(function, repeat: int = 5) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        for query in QUERIES:
            started = time.perf_counter()
            function(query)
            samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[round(0.95 * (len(samples) - 1))]


def served(database: str | None) -> None:
    """Site search and autocomplete over HTTP at 662 and 6,620 procedures, beside a static file."""
    import json
    import subprocess

    from benchmarks.harness import PYTHON, bench_env, manage, print_table, progress, server, static_baseline
    from benchmarks.pages import search_rows
    from benchmarks.workload import PROCEDURES_BIG

    if database is None:
        path = ROOT / "var" / "bench" / "search-served.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        for stale in path.parent.glob(path.name + "*"):
            stale.unlink()
        database = f"sqlite:///{path}"
    else:
        server_url, _sep, name = database.rpartition("/")
        admin = subprocess.run(
            [
                *("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", f"{server_url}/postgres"),
                *("-c", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', "-c", f'CREATE DATABASE "{name}"'),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if admin.returncode != 0:
            raise SystemExit(admin.stderr.strip())
    env = bench_env(database)

    def task(*args: str) -> dict:
        done = subprocess.run(
            [PYTHON, str(ROOT / "benchmarks" / "tasks.py"), *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return json.loads(done.stdout.strip().splitlines()[-1])

    progress(f"migrate, collectstatic, demo catalogue ({database.split(':', 1)[0]})")
    manage("migrate", "--noinput", "-v", "0", env=env)
    manage("collectstatic", "--noinput", "-v", "0", env=env)
    task("catalogue")
    rows = []
    for size in (None, PROCEDURES_BIG):
        if size is not None:
            progress(f"copy procedures to {size:,}, index them")
            task("procedures_clone", str(size))
        with server(env) as base:
            baseline = static_baseline(base)
            label = f"{size or 662:,} procedures"
            progress(f"timing {label}")
            rows += [baseline, *search_rows(base, baseline, size=label)]
    print_table(f"Site search and autocomplete ({database.split(':', 1)[0]}, gunicorn, page cache off)", rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=7)
    parser.add_argument("--database", default=None)
    parser.add_argument("--served", action="store_true", help="time part 5 of make bench over HTTP")
    args = parser.parse_args()
    if args.served:
        served(args.database)
        return
    django_setup(args.database or f"sqlite:///{ROOT / 'var' / 'bench' / 'search.sqlite3'}")

    from django.db import connection
    from wagtail.search.backends import get_search_backend

    from core.folding import normalize
    from procedures.models import Procedure
    from search.selectors import search_suggestions, site_search

    started = time.perf_counter()
    count = catalogue_load(copies=args.copies)
    print(
        f"{count} procedures loaded and indexed in {time.perf_counter() - started:.1f} s"
        f" ({connection.vendor})"
    )

    ours = get_search_backend()
    rows: list[tuple[str, Any, Callable[[str], str]]] = []
    if connection.vendor == "sqlite":
        stock = get_search_backend("modelsearch.backends.database")
        rows.append(("stock SQLite backend, first page ranked", stock, normalize))
        rows.append(("stock SQLite backend, accented query as typed", stock, lambda q: q))
    rows.append((f"{type(ours).__name__}, first page ranked", ours, lambda q: q))
    print(f"\n  {'what':<52} {'median ms':>10} {'p95 ms':>9}")
    for label, backend, prepare in rows:
        median, p95 = timed(
            lambda q, backend=backend, prepare=prepare: list(
                backend.search(prepare(q), Procedure.objects.filter(live=True))[:10]
            )
        )
        print(f"  {label:<52} {median:>10.1f} {p95:>9.1f}")
    median, p95 = timed(lambda q: site_search(text=q), repeat=3)
    print(f"  {'site search (all types, facets, snippets)':<52} {median:>10.1f} {p95:>9.1f}")
    median, p95 = timed(lambda q: search_suggestions(text=q[: max(3, len(q) - 2)]), repeat=3)
    print(f"  {'autocomplete /tim-kiem/goi-y/':<52} {median:>10.1f} {p95:>9.1f}")


if __name__ == "__main__":
    main()
