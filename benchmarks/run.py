"""`make bench`: performance figures of the portal, each beside a static file.

Builds throw-away databases under var/bench/ (SQLite; PostgreSQL scratch databases
``bench_copy`` and ``bench_portal`` when a server answers at 127.0.0.1:5432), serves
them with gunicorn on loopback and prints:

1. catalogue latency (/thu-tuc/, a filtered catalogue, a procedure page) at 662 and
   6,620 procedures;
2. import times of the reference procedure records and spreadsheets, each into a fresh
   database;
3. import of a generated 100,000-row dossier CSV (wall time, peak memory) beside
   PostgreSQL ``COPY`` of the same rows, on SQLite and PostgreSQL;
4. statistics page and API latency at 10,000 … 1,000,000 dossiers (a million over ten
   years, and the worst case: a million in the same ten and a half months);
5. site search and autocomplete latency at 662 and 6,620 procedures with 1,000,000
   dossiers, and the relevance figures (recall@10, MRR) ours vs stock;
6. the bulk download of every dossier (CSV, gzip, streamed) at 100,000 and 1,000,000
   dossiers: wall time and the serving worker's peak memory;
7. first visitors: every public page type and the statistics API cold (a new throw-away
   parameter per request, so the page cache misses) and warm, page cache on, on the demo
   and at 1,000,000 dossiers over ten years, each cold ratio beside its bound
   (benchmarks/first_visit.py). ``benchmarks/run.py --only first-visit`` runs this part
   alone, on the demo.

Every latency is the median (and p95) of sequential requests to gunicorn with 2
workers, beside the median of a hashed static file served by the same server in the
same run ("× static"). The public page cache and rate limits are off.

Environment: ``BENCH_QUICK=1`` shrinks every size tenfold (a few minutes);
``BENCH_POSTGRES=0`` skips PostgreSQL; ``BENCH_RELEVANCE=0`` skips the relevance set;
``BENCH_PORTS=8120-8129`` the loopback ports to try first; ``BENCH_PG`` the server
(default ``postgres://postgres@127.0.0.1:5432``); ``BENCH_KEEP=1`` keeps the two
million-dossier databases (half a gigabyte each) under var/bench/.
"""

from __future__ import annotations

import os
import platform
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import paths
from benchmarks.bulk_download import HEADER as BULK_HEADER
from benchmarks.bulk_download import NOTE as BULK_NOTE
from benchmarks.bulk_download import bulk_download_line
from benchmarks.first_visit import first_visit_rows
from benchmarks.first_visit import lines as first_visit_lines
from benchmarks.harness import (
    PYTHON,
    Timing,
    bench_env,
    manage,
    progress,
    run_timed,
    server,
    sqlite_copy,
    sqlite_url,
    static_baseline,
    time_get,
)
from benchmarks.pages import (
    cached_search_rows,
    catalogue_rows,
    dossier_search_row,
    procedure_code,
    search_rows,
    statistics_rows,
)
from benchmarks.postgres import part_postgres, postgres_problem
from benchmarks.report import SETUP, Report, import_line, inflate_line
from benchmarks.steps import import_command, migrate, task, timed
from benchmarks.workload import (
    BENCH_DIR,
    BIG_DOSSIERS,
    CSV_ROWS,
    FILTERED,
    MONTH_FROM,
    MONTH_ROWS,
    PERIOD,
    PG,
    PROCEDURES_BIG,
    QUICK,
    REFERENCE,
    ROUNDS,
    SEARCH_QUERIES,
    SMALL_DOSSIERS,
    N,
)


def part_procedure_imports(report: Report, *, empty: Path) -> None:
    title = "2. Procedure imports (manage.py import_procedures PATH --json, a fresh SQLite database each)"
    report.add(title, [f"  {'source':<52} {'new':>5} {'invalid':>7} {'wall s':>7} {'peak MB':>8}"])
    sources = [
        (REFERENCE / "records-bo-tu-phap", "271 national JSON records (folder)"),
        (REFERENCE / "lists" / "danh-sach-tthc-BoTuPhap.xlsx", "list spreadsheet Bộ Tư pháp (xlsx)"),
        (REFERENCE / "lists" / "danh-sach-tthc-BoCongAn.xlsx", "list spreadsheet Bộ Công an (xlsx)"),
    ]
    for path, label in sources:
        if not path.exists():
            report.skip(f"{label}: {path} is missing")
            continue
        target = sqlite_copy(empty, BENCH_DIR / "import.sqlite3")
        progress(f"import_procedures {path.name} …")
        wall, peak, summary = import_command("procedures", path, env=bench_env(sqlite_url(target)))
        new, invalid = summary.get("new", "?"), summary.get("invalid", 0)
        report.add(
            title,
            [f"  {label:<52} {new!s:>5} {invalid!s:>7} {wall:>7.1f} {peak:>8.0f}"],
        )
    report.add(title, ["  wall s: the whole command (start-up included); peak MB: its maximum resident set"])


def part_relevance(report: Report, *, postgres: bool) -> None:
    """hit@10 and MRR per kind, ours vs stock, by benchmarks/search_relevance.py (SQLite, then PostgreSQL)."""
    title = "5b. Search relevance (benchmarks/search_relevance.py: reference and demo data, ours vs stock)"
    if os.environ.get("BENCH_RELEVANCE", "1") in ("0", "false"):
        report.skip("relevance set switched off (BENCH_RELEVANCE=0)")
        return
    if not (REFERENCE / "records-bo-tu-phap").exists():
        report.skip(f"relevance set: no reference records at {REFERENCE} (set PORTAL_REFERENCE_DATA)")
        return
    runs: list[tuple[str, list[str]]] = [("SQLite", [])]
    if postgres:
        # The script empties the database it is given: the scratch bench_portal, done with by now.
        runs.append(("PostgreSQL", ["--database", f"{PG}/bench_portal"]))
    for vendor, args in runs:
        progress(f"relevance set: ours vs stock ({vendor}) …")
        command = run_timed(
            [PYTHON, "benchmarks/search_relevance.py", *args],
            env=bench_env(sqlite_url(BENCH_DIR / "empty.sqlite3")),
        )
        if command.returncode != 0:
            report.skip(f"search_relevance.py ({vendor}) failed: {command.stderr.strip().splitlines()[-1:]}")
            continue
        report.add(title, [line for line in command.stdout.splitlines() if line.strip()])


FIRST_VISIT = "7. First visitors: cold (page cache misses) and warm, page cache on (gunicorn, 1 worker)"


def part_first_visit(report: Report, env: dict[str, str], *, size: str) -> None:
    rows, static_median, static_p95 = first_visit_rows(env, n=N)
    report.add(FIRST_VISIT, first_visit_lines(rows, static_median, static_p95, size=size))


def first_visit_only() -> None:
    """``--only first-visit``: a fresh demo database, then its first-visit table."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    report = Report()
    demo = BENCH_DIR / "demo.sqlite3"
    for stale in BENCH_DIR.glob("demo.sqlite3*"):
        stale.unlink()
    demo_env = bench_env(sqlite_url(demo))
    timed("migrate (SQLite)", lambda: migrate(demo_env))
    manage("collectstatic", "--noinput", "-v", "0", env=demo_env)
    timed("load_demo", lambda: {"out": manage("load_demo", env=demo_env)})
    part_first_visit(report, demo_env, size="demo, 662 procedures, 71,189 dossiers")
    report.summary()


def main() -> None:
    if sys.argv[1:] == ["--only", "first-visit"]:
        first_visit_only()
        return
    if sys.argv[1:]:
        raise SystemExit("usage: benchmarks/run.py [--only first-visit]")
    started = time.perf_counter()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    report = Report()
    print(
        f"make bench{' (BENCH_QUICK=1: sizes ÷10)' if QUICK else ''}: {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"{time.strftime('%Y-%m-%d %H:%M')}",
        flush=True,
    )
    pg_problem = postgres_problem()
    if pg_problem:
        report.skip(pg_problem)

    # --- an empty migrated database (copied for every fresh database) and the demo -------------------
    empty = BENCH_DIR / "empty.sqlite3"
    for stale in BENCH_DIR.glob("empty.sqlite3*"):
        stale.unlink()
    seconds, _ = timed("migrate (SQLite)", lambda: migrate(bench_env(sqlite_url(empty))))
    report.add(SETUP, [f"  migrate an empty SQLite database              {seconds:7.1f} s"])
    manage("collectstatic", "--noinput", "-v", "0", env=bench_env(sqlite_url(empty)))
    demo = sqlite_copy(empty, BENCH_DIR / "demo.sqlite3")
    demo_env = bench_env(sqlite_url(demo))
    seconds, _ = timed("load_demo", lambda: {"out": manage("load_demo", env=demo_env)})
    report.add(SETUP, [f"  load_demo (662 procedures, 71,189 dossiers)   {seconds:7.1f} s"])

    catalogue_title = "1. Catalogue (SQLite; gunicorn, 2 workers, sequential requests; page cache off)"
    stats_title = f"4. Statistics page and API, {PERIOD} (gunicorn, 2 workers, page cache off)"
    search_title = (
        f"5. Search ({paths.SEARCH}, {paths.SUGGEST}, {paths.DOSSIER_SEARCH}; p95 × = p95 ÷ static p95)"
    )
    stats_table: list[Timing] = []
    progress("serving the demo database")
    with server(demo_env) as base:
        baseline = static_baseline(base)
        code = procedure_code(base)
        report.table(
            "Site pages (SQLite, demo data)",
            [
                baseline,
                time_get(base + paths.HOME, label=f"home {paths.HOME}", n=N, baseline=baseline),
                time_get(base + paths.HOME_EN, label=f"home {paths.HOME_EN}", n=N, baseline=baseline),
                time_get(
                    base + paths.department("so-tu-phap"), label="department profile", n=N, baseline=baseline
                ),
                time_get(base + paths.HEALTHZ, label=paths.HEALTHZ, n=N, baseline=baseline),
            ],
        )
        report.table(
            catalogue_title,
            [baseline, *catalogue_rows(base, baseline, size="662 procedures, demo", code=code)],
            note=f"filtered catalogue: {FILTERED}; procedure page: {paths.procedure(code)}",
        )
        stats_table += [baseline, *statistics_rows(base, baseline, size="demo, 71,189 dossiers")]
    part_first_visit(report, demo_env, size="demo, 662 procedures, 71,189 dossiers")

    part_procedure_imports(report, empty=empty)

    # --- the generated dossier export, its import ---------------------------------------------------
    catalogue_db = sqlite_copy(empty, BENCH_DIR / "catalogue.sqlite3")
    seconds, _ = timed(
        "demo catalogue without dossiers", lambda: task("catalogue", env=bench_env(sqlite_url(catalogue_db)))
    )
    report.add(SETUP, [f"  demo catalogue without dossiers               {seconds:7.1f} s"])
    csv_big = BENCH_DIR / f"dossiers-{CSV_ROWS}.csv"
    csv_small = BENCH_DIR / f"dossiers-{SMALL_DOSSIERS}.csv"
    catalogue_env = bench_env(sqlite_url(catalogue_db))
    seconds, info = timed(
        f"generate the {CSV_ROWS:,}-row CSV",
        lambda: task("dossier_csv", str(csv_big), str(CSV_ROWS), env=catalogue_env),
    )
    report.add(
        SETUP,
        [f"  generate the {CSV_ROWS:,}-row dossier CSV ({info['bytes'] / 1e6:.1f} MB)  {seconds:7.1f} s"],
    )
    task("dossier_csv", str(csv_small), str(SMALL_DOSSIERS), env=catalogue_env)

    import_title = (
        f"3. Dossier import: generated export, {CSV_ROWS:,} rows ({info['bytes'] / 1e6:.1f} MB CSV, UTF-8)"
    )
    report.add(import_title, [f"  {'what':<64} {'wall s':>7} {'rows/s':>8} {'peak MB':>8}"])
    small_db = sqlite_copy(catalogue_db, BENCH_DIR / "dossiers-small.sqlite3")
    progress(f"import_dossiers {csv_small.name} (SQLite) …")
    wall, peak, _summary = import_command("dossiers", csv_small, env=bench_env(sqlite_url(small_db)))
    report.add(
        import_title,
        [import_line(f"import_dossiers, {SMALL_DOSSIERS:,} rows, SQLite", wall, SMALL_DOSSIERS, peak)],
    )
    mid_db = sqlite_copy(catalogue_db, BENCH_DIR / "dossiers-mid.sqlite3")
    progress(f"import_dossiers {csv_big.name} (SQLite) …")
    wall, peak, _summary = import_command("dossiers", csv_big, env=bench_env(sqlite_url(mid_db)))
    report.add(
        import_title, [import_line(f"import_dossiers, {CSV_ROWS:,} rows, SQLite", wall, CSV_ROWS, peak)]
    )
    # The same dossiers as the national portal's sync records (JSON): read one record at a time,
    # so its peak memory is held against the CSV's just above.
    national = BENCH_DIR / f"dossiers-{CSV_ROWS}-national.json"
    task("dossier_national_json", str(csv_big), str(national), env=catalogue_env)
    national_db = sqlite_copy(catalogue_db, BENCH_DIR / "dossiers-national.sqlite3")
    progress(f"import_dossiers {national.name} (SQLite) …")
    wall, peak, _summary = import_command("dossiers", national, env=bench_env(sqlite_url(national_db)))
    label = f"import_dossiers, {CSV_ROWS:,} national records ({national.stat().st_size / 1e6:.0f} MB JSON)"
    report.add(import_title, [import_line(label, wall, CSV_ROWS, peak)])
    national_db.unlink(missing_ok=True)

    pg_stats: list[Timing] = []
    pg_search: list[Timing] = []
    if pg_problem is None:
        try:
            pg_stats, pg_search = part_postgres(report, title=import_title, csv_path=csv_big, rows=CSV_ROWS)
        except (RuntimeError, subprocess.TimeoutExpired, OSError) as error:
            report.skip(f"PostgreSQL part stopped: {str(error)[:400]}")
    report.add(
        import_title,
        [
            "  wall s: the whole command (start-up, check pass, write pass, statistics refresh);",
            "  peak MB: maximum resident set of the import process",
        ],
    )

    # --- statistics at 10k and 100k ------------------------------------------------------------------
    for db, size in ((small_db, f"{SMALL_DOSSIERS:,} dossiers"), (mid_db, f"{CSV_ROWS:,} dossiers")):
        progress(f"serving {db.name}")
        with server(bench_env(sqlite_url(db))) as base:
            baseline = static_baseline(base)
            stats_table += [baseline, *statistics_rows(base, baseline, size=size)]

    bulk_title = "6. Bulk download of every dossier (CSV, gzip, streamed; SQLite)"
    bulk_lines = [bulk_download_line(bench_env(sqlite_url(mid_db)), size=f"{CSV_ROWS:,} dossiers")]

    # --- 1,000,000 dossiers, then 6,620 procedures ---------------------------------------------------
    big = sqlite_copy(mid_db, BENCH_DIR / "big.sqlite3")
    big_env = bench_env(sqlite_url(big))
    # The archive of ten years (each copy a year further back): the realistic million.
    history = sqlite_copy(mid_db, BENCH_DIR / "history.sqlite3")
    history_size = f"{BIG_DOSSIERS:,} dossiers, 10 years"
    seconds, info = timed(
        f"copy dossiers to {BIG_DOSSIERS:,} over 10 years, refresh statistics",
        lambda: task("dossiers_inflate", str(BIG_DOSSIERS), "history", env=bench_env(sqlite_url(history))),
    )
    report.add(SETUP, [inflate_line(history_size, seconds, info)])
    progress(f"refresh_statistics (full) on {history_size} …")
    refresh = run_timed([PYTHON, "manage.py", "refresh_statistics"], env=bench_env(sqlite_url(history)))
    if refresh.returncode != 0:
        raise RuntimeError(f"refresh_statistics failed: {refresh.stderr[-1500:]}")
    label = f"refresh_statistics (full rebuild), {history_size}"
    line = import_line(label, refresh.wall_s, BIG_DOSSIERS, refresh.peak_mb)
    report.add(import_title, [f"{line}  (bound: peak ≤ 300 MB)"])
    progress(f"serving {history_size}")
    with server(bench_env(sqlite_url(history))) as base:
        baseline = static_baseline(base)
        stats_table += [baseline, *statistics_rows(base, baseline, size=history_size)]
    bulk_lines.append(bulk_download_line(bench_env(sqlite_url(history)), size=history_size))
    part_first_visit(report, bench_env(sqlite_url(history)), size=f"{history_size}, 662 procedures")
    report.add(bulk_title, [BULK_HEADER, *bulk_lines, BULK_NOTE])
    # The monthly routine on the archive: the refresh rebuilds the months from the earliest
    # dossier received in the file, not the ten years.
    month_csv = BENCH_DIR / f"dossiers-month-{MONTH_ROWS}.csv"
    task("dossier_csv", str(month_csv), str(MONTH_ROWS), MONTH_FROM, env=catalogue_env)
    progress(f"import_dossiers {month_csv.name} into {history_size} (SQLite) …")
    wall, peak, _summary = import_command("dossiers", month_csv, env=bench_env(sqlite_url(history)))
    report.add(
        import_title,
        [import_line(f"one month ({MONTH_ROWS:,} rows) into {history_size}", wall, MONTH_ROWS, peak)],
    )
    # The worst case: a million dossiers in the same ten and a half months.
    big_size = f"{BIG_DOSSIERS:,} dossiers, all in 2019"
    seconds, info = timed(
        f"copy dossiers to {BIG_DOSSIERS:,} in 2019, refresh statistics",
        lambda: task("dossiers_inflate", str(BIG_DOSSIERS), env=big_env),
    )
    report.add(SETUP, [inflate_line(big_size, seconds, info)])
    search_table: list[Timing] = []
    catalogue_big: list[Timing] = []
    progress(f"serving {big_size}, 662 procedures")
    with server(big_env) as base:
        baseline = static_baseline(base)
        stats_table += [baseline, *statistics_rows(base, baseline, size=big_size)]
        report.table(
            stats_title,
            stats_table,
            note="SQLite; each size in its own server with its own static file; 10k to 1M: generated rows",
        )
        size = f"662 procedures, {BIG_DOSSIERS:,} dossiers"
        catalogue_big += [baseline, *catalogue_rows(base, baseline, size=size, code=code)]
        search_table += [baseline, *search_rows(base, baseline, size=size)]
        search_table.append(dossier_search_row(base, baseline, size=f"{BIG_DOSSIERS:,} dossiers"))
    search_table += cached_search_rows(big_env, size="662 procedures")
    seconds, info = timed(
        f"copy procedures to {PROCEDURES_BIG:,}, index them",
        lambda: task("procedures_clone", str(PROCEDURES_BIG), env=big_env),
    )
    report.add(
        SETUP,
        [
            f"  {PROCEDURES_BIG:,} procedures: bulk_create {info['copy_s']:.1f} s, "
            f"search index {info['index_s']:.1f} s (total {seconds:.1f} s)"
        ],
    )
    progress(f"serving {BIG_DOSSIERS:,} dossiers, {PROCEDURES_BIG:,} procedures")
    with server(big_env) as base:
        baseline = static_baseline(base)
        size = f"{PROCEDURES_BIG:,} procedures, {BIG_DOSSIERS:,} dossiers"
        catalogue_big += [baseline, *catalogue_rows(base, baseline, size=size, code=code)]
        search_table += [baseline, *search_rows(base, baseline, size=size)]
    report.table(
        catalogue_title,
        catalogue_big,
        note=f"the same pages with {BIG_DOSSIERS:,} dossiers, at 662 then {PROCEDURES_BIG:,} procedures:",
    )
    if pg_stats:
        report.table(stats_title, pg_stats, note="PostgreSQL 127.0.0.1:5432 (bench_portal):")
    report.table(
        search_title,
        search_table,
        note=f"SQLite; site search: {len(SEARCH_QUERIES)} queries (accented, unaccented, codes) × {ROUNDS}",
    )
    if pg_search:
        report.table(search_title, pg_search, note="PostgreSQL (bench_portal):")

    part_relevance(report, postgres=pg_problem is None)
    if os.environ.get("BENCH_KEEP", "") in ("", "0", "false"):
        for db in (big, history):  # half a gigabyte each
            for path in db.parent.glob(db.name + "*"):
                path.unlink()

    report.add(
        SETUP, [f"  the whole make bench                          {time.perf_counter() - started:7.1f} s"]
    )
    report.summary()


if __name__ == "__main__":
    main()
