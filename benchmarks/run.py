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
   dossiers, and the relevance figures (recall@10, MRR) ours vs stock.

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

import contextlib
import io
import json
import os
import platform
import re
import shutil
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.harness import (
    PYTHON,
    ROOT,
    Timing,
    bench_env,
    manage,
    print_table,
    progress,
    run_timed,
    server,
    sqlite_copy,
    sqlite_url,
    static_baseline,
    time_get,
    time_urls,
)

QUICK = os.environ.get("BENCH_QUICK", "") not in ("", "0", "false")
SCALE = 10 if QUICK else 1
PROCEDURES_BIG = 1_324 if QUICK else 6_620
CSV_ROWS = 100_000 // SCALE
SMALL_DOSSIERS = 10_000 // SCALE
BIG_DOSSIERS = 1_000_000 // SCALE
#: One month's export (received in the last 30 days of the data), imported into the ten-year archive.
MONTH_ROWS = 8_000 // SCALE
MONTH_FROM = "2019-10-16"
ROUNDS = 2 if QUICK else 5
N = 10 if QUICK else 30

#: The national portal's exports shipped beside the repository (``../shared``), or elsewhere.
REFERENCE = Path(
    os.environ.get("PORTAL_REFERENCE_DATA", "") or ROOT.parent / "shared" / "reference-data" / "dichvucong"
)
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
BENCH_DIR = ROOT / "var" / "bench"

PERIOD = "start=2019-01-01&end=2019-11-15"
STATS_PAGE = f"/thong-ke/?{PERIOD}"
STATS_API = f"/api/v1/statistics?{PERIOD}"
FILTERED = "/thu-tuc/?department=so-tu-phap&level=province&sort=time_limit"
#: Site search queries: accented as typed, the same unaccented, and procedure codes.
SEARCH_QUERIES = (
    "Đăng ký",
    "dang ky",
    "giấy phép",
    "giay phep",
    "Gia hạn giấy phép",
    "gia han giay phep",
    "đất đai",
    "dat dai",
    "chứng nhận đủ điều kiện",
    "chung nhan du dieu kien",
    "thành lập doanh nghiệp",
    "thanh lap doanh nghiep",
    "an toàn thực phẩm",
    "an toan thuc pham",
    "lao động nước ngoài",
    "lao dong nuoc ngoai",
    "ban le ruou",
    "2.005003",
    "2.005631",
    "2.006265",
)
AUTOCOMPLETE_QUERIES = (
    "dang k",
    "Đăng k",
    "giay p",
    "gia ha",
    "chung nh",
    "thanh la",
    "cấp giấ",
    "an toa",
    "ben th",
    "2.0056",
)
DOSSIER_SEARCH_QUERIES = ("trễ hạn đất đai", "tre han quy 3 2019", "hồ sơ trực tuyến", "qua han so tu phap")


class Report:
    """Sections of result lines, printed as they come and again together at the end."""

    def __init__(self) -> None:
        self.sections: dict[str, list[str]] = {}
        self.skipped: list[str] = []

    def add(self, title: str, lines: list[str]) -> None:
        if title not in self.sections:
            self.sections[title] = []
            print(f"\n{title}", flush=True)
        self.sections[title].extend(lines)
        print("\n".join(lines), flush=True)

    def table(self, title: str, rows: list[Timing], *, note: str = "") -> None:
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            print_table("", rows)
        lines = buffer.getvalue().strip("\n").splitlines()
        self.add(title, [f"  {note}", *lines] if note else lines)

    def skip(self, reason: str) -> None:
        self.skipped.append(f"skipped: {reason}")
        progress(f"skipped: {reason}")

    def summary(self) -> None:
        print("\n" + "=" * 104 + "\nSummary\n" + "=" * 104)
        for title, lines in self.sections.items():
            print(f"\n{title}")
            print("\n".join(lines))
        if self.skipped:
            print()
            print("\n".join(self.skipped))


def timed(label: str, action: Callable[[], dict]) -> tuple[float, dict]:
    progress(f"{label} …")
    started = time.perf_counter()
    result = action()
    seconds = time.perf_counter() - started
    progress(f"{label}: {seconds:.1f} s")
    return seconds, result


def task(name: str, *args: str, env: dict[str, str]) -> dict:
    """Run a set-up task of benchmarks/tasks.py; its JSON result."""
    result = subprocess.run(
        [PYTHON, str(ROOT / "benchmarks" / "tasks.py"), name, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"benchmarks/tasks.py {name} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def migrate(env: dict[str, str]) -> dict:
    manage("migrate", "--noinput", "-v", "0", env=env)
    return {}


# --- PostgreSQL ----------------------------------------------------------------------------------


def psql(*args: str, database: str = "postgres", extra_env: dict[str, str] | None = None) -> str:
    parsed = urllib.parse.urlsplit(PG)
    command = [
        "psql",
        "-X",
        "-q",
        "-v",
        "ON_ERROR_STOP=1",
        "-h",
        parsed.hostname or "127.0.0.1",
        "-p",
        str(parsed.port or 5432),
        "-U",
        parsed.username or "postgres",
        "-d",
        database,
        *args,
    ]
    env = {**os.environ, **(extra_env or {})}
    if parsed.password:
        env["PGPASSWORD"] = parsed.password
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False, timeout=600)
    if result.returncode != 0:
        raise RuntimeError(result.stderr.strip() or f"psql exited with {result.returncode}")
    return result.stdout


def postgres_problem() -> str | None:
    """Why PostgreSQL cannot be used, or None."""
    if os.environ.get("BENCH_POSTGRES", "1") in ("0", "false"):
        return "PostgreSQL parts switched off (BENCH_POSTGRES=0)"
    if shutil.which("psql") is None:
        return "psql (PostgreSQL client) is not installed"
    try:
        psql("-c", "SELECT 1")
    except (RuntimeError, subprocess.TimeoutExpired) as error:
        return f"PostgreSQL at {PG} does not answer ({str(error).splitlines()[0][:120]})"
    return None


def pg_recreate(name: str) -> None:
    psql("-c", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', "-c", f'CREATE DATABASE "{name}"')


# --- the parts -------------------------------------------------------------------------------------


def procedure_code(base: str) -> str:
    """The first procedure of the catalogue page (the same at both catalogue sizes)."""
    html = urllib.request.urlopen(base + "/thu-tuc/", timeout=60).read().decode()
    match = re.search(r'href="/thu-tuc/([0-9][\w.\-]*)/"', html)
    if match is None:
        raise RuntimeError("no procedure link on /thu-tuc/")
    return match.group(1)


def catalogue_rows(base: str, baseline: Timing, *, size: str, code: str) -> list[Timing]:
    return [
        time_get(base + "/thu-tuc/", label=f"/thu-tuc/ ({size})", n=N, baseline=baseline),
        time_get(base + FILTERED, label=f"filtered catalogue ({size})", n=N, baseline=baseline),
        time_get(
            base + f"/thu-tuc/{code}/",
            label=f"procedure page ({size})",
            n=N,
            baseline=baseline,
        ),
    ]


def statistics_rows(base: str, baseline: Timing, *, size: str) -> list[Timing]:
    totals = json.loads(urllib.request.urlopen(base + STATS_API, timeout=300).read())["totals"]
    progress(
        f"statistics at {size}: received {totals['received']:,}, resolved {totals['resolved']:,}, "
        f"late {totals['late']:,} (late_rate {totals['late_rate']})"
    )
    return [
        time_get(base + STATS_PAGE, label=f"/thong-ke/ page ({size})", n=N, baseline=baseline),
        time_get(base + STATS_API, label=f"/api/v1/statistics ({size})", n=N, baseline=baseline),
    ]


def search_rows(base: str, baseline: Timing, *, size: str) -> list[Timing]:
    def q(path: str, text: str) -> str:
        return f"{base}{path}?{urllib.parse.urlencode({'q': text})}"

    code_hits = json.loads(urllib.request.urlopen(f"{base}/api/v1/search?q=2.005003", timeout=60).read())
    word_hits = json.loads(urllib.request.urlopen(f"{base}/api/v1/search?q=dang+ky", timeout=60).read())
    first = code_hits["results"][0]["url"] if code_hits["results"] else "nothing"
    progress(f"search at {size}: 'dang ky' {word_hits['count']:,} hits; '2.005003' first hit {first}")
    return [
        time_urls(
            [q("/tim-kiem/", text) for text in SEARCH_QUERIES],
            label=f"site search ×{len(SEARCH_QUERIES)} ({size})",
            rounds=ROUNDS,
            baseline=baseline,
        ),
        time_urls(
            [q("/tim-kiem/goi-y/", text) for text in AUTOCOMPLETE_QUERIES],
            label=f"autocomplete ×{len(AUTOCOMPLETE_QUERIES)} ({size})",
            rounds=ROUNDS * 2,
            baseline=baseline,
        ),
    ]


def cached_search_rows(env: dict[str, str], *, size: str) -> list[Timing]:
    """The site search as deployed, for a query asked again within ``PAGE_CACHE_SECONDS``: the
    public page cache on (one worker, so its local-memory cache holds every warmed query),
    beside the static file of the same server. The other rows time computing each answer."""
    with server({**env, "PAGE_CACHE_ENABLED": "true"}, workers=1) as base:
        baseline = static_baseline(base)
        urls = [f"{base}/tim-kiem/?{urllib.parse.urlencode({'q': text})}" for text in SEARCH_QUERIES]
        urllib.request.urlopen(urls[0], timeout=60).read()
        with urllib.request.urlopen(urls[0], timeout=60) as response:
            progress(
                f"site search with the page cache on: second request X-Cache {response.headers['X-Cache']}"
            )
        row = time_urls(
            urls,
            label=f"site search ×{len(urls)}, asked again, page cache on ({size})",
            rounds=ROUNDS,
            baseline=baseline,
        )
    return [baseline, row]


def dossier_search_row(base: str, baseline: Timing, *, size: str) -> Timing:
    urls = [
        f"{base}/tim-kiem/ho-so/?{urllib.parse.urlencode({'q': text})}" for text in DOSSIER_SEARCH_QUERIES
    ]
    return time_urls(
        urls,
        label=f"/tim-kiem/ho-so/ ×{len(DOSSIER_SEARCH_QUERIES)} ({size})",
        rounds=ROUNDS,
        baseline=baseline,
    )


def import_command(kind: str, path: Path, *, env: dict[str, str]) -> tuple[float, float, dict]:
    """Wall seconds, peak MB and JSON summary of ``manage.py import_<kind> PATH --json``."""
    command = run_timed([PYTHON, "manage.py", f"import_{kind}", str(path), "--json"], env=env)
    try:
        summary = json.loads(command.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        summary = {}
    if command.returncode != 0 or summary.get("invalid"):
        errors = summary.get("errors", [])[:3] or command.stderr[-1500:]
        raise RuntimeError(f"import_{kind} {path.name} failed (exit {command.returncode}): {errors}")
    return command.wall_s, command.peak_mb, summary


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


def part_postgres(
    report: Report, *, title: str, csv_path: Path, rows: int
) -> tuple[list[Timing], list[Timing]]:
    """COPY of the CSV, then the import itself, on PostgreSQL; statistics and search latency there."""
    pg_recreate("bench_copy")
    psql(
        "-c",
        "CREATE TABLE dossier_copy (code text, procedure_code text, department text, channel text, "
        "received_at timestamp, due_at date, resolved_at timestamp, status text, "
        "rescheduled_to date, applicant text)",
        database="bench_copy",
    )
    progress("PostgreSQL COPY …")
    started = time.perf_counter()
    psql(
        "-c",
        f"\\copy dossier_copy FROM '{csv_path}' WITH (FORMAT csv, HEADER true, ENCODING 'UTF8')",
        database="bench_copy",
        extra_env={"PGOPTIONS": "-c datestyle=ISO,DMY"},
    )
    wall = time.perf_counter() - started
    copied = int(psql("-At", "-c", "SELECT count(*) FROM dossier_copy", database="bench_copy"))
    report.add(
        title,
        [import_line(f"PostgreSQL COPY (psql \\copy, typed plain table), {copied:,} rows", wall, copied)],
    )
    psql("-c", 'DROP DATABASE IF EXISTS "bench_copy" WITH (FORCE)')

    env = bench_env(f"{PG}/bench_portal")
    pg_recreate("bench_portal")
    seconds, _ = timed("migrate (PostgreSQL)", lambda: migrate(env))
    report.add(SETUP, [f"  migrate an empty PostgreSQL database          {seconds:7.1f} s"])
    task("catalogue", env=env)
    progress(f"import_dossiers {csv_path.name} (PostgreSQL) …")
    wall, peak, _summary = import_command("dossiers", csv_path, env=env)
    report.add(title, [import_line(f"import_dossiers, {rows:,} rows, PostgreSQL", wall, rows, peak)])
    progress("serving the PostgreSQL database")
    with server(env) as base:
        baseline = static_baseline(base, label="static file (PostgreSQL server)")
        stats = [baseline, *statistics_rows(base, baseline, size=f"{rows:,} dossiers, PostgreSQL")]
        search = [
            baseline,
            *search_rows(base, baseline, size=f"662 procedures, {rows:,} dossiers, PostgreSQL"),
        ]
    return stats, search


def import_line(label: str, wall: float, rows: int, peak: float | None = None) -> str:
    peak_text = f"{peak:>8.0f}" if peak is not None else f"{'':>8}"
    return f"  {label:<64} {wall:>7.1f} {rows / wall:>8.0f} {peak_text}"


SETUP = "Set-up times (not benchmarks themselves)"


def inflate_line(size: str, seconds: float, info: dict) -> str:
    return (
        f"  {size}: INSERT … SELECT {info['insert_s']:.1f} s, "
        f"statistics_refresh {info['statistics_refresh_s']:.1f} s (total {seconds:.1f} s)"
    )


def part_relevance(report: Report, *, postgres: bool) -> None:
    """recall@10 and MRR, ours vs stock, by benchmarks/search_relevance.py (SQLite, then PostgreSQL)."""
    title = "5b. Search relevance (benchmarks/search_relevance.py: 272 reference records, ours vs stock)"
    if os.environ.get("BENCH_RELEVANCE", "1") in ("0", "false"):
        report.skip("relevance set switched off (BENCH_RELEVANCE=0)")
        return
    if not (REFERENCE / "records-bo-tu-phap").exists():
        report.skip(f"relevance set: no reference records at {REFERENCE} (set PORTAL_REFERENCE_DATA)")
        return
    runs = [("SQLite", [])]
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


def main() -> None:
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
    search_title = "5. Search (/tim-kiem/, /tim-kiem/goi-y/, /tim-kiem/ho-so/; p95 × = p95 ÷ static p95)"
    stats_table: list[Timing] = []
    progress("serving the demo database")
    with server(demo_env) as base:
        baseline = static_baseline(base)
        code = procedure_code(base)
        report.table(
            "Site pages (SQLite, demo data)",
            [
                baseline,
                time_get(base + "/", label="home /", n=N, baseline=baseline),
                time_get(base + "/en/", label="home /en/", n=N, baseline=baseline),
                time_get(base + "/co-quan/so-tu-phap/", label="department profile", n=N, baseline=baseline),
                time_get(base + "/healthz", label="/healthz", n=N, baseline=baseline),
            ],
        )
        report.table(
            catalogue_title,
            [baseline, *catalogue_rows(base, baseline, size="662 procedures, demo", code=code)],
            note=f"filtered catalogue: {FILTERED}; procedure page: /thu-tuc/{code}/",
        )
        stats_table += [baseline, *statistics_rows(base, baseline, size="demo, 71,189 dossiers")]

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
    progress(f"serving {history_size}")
    with server(bench_env(sqlite_url(history))) as base:
        baseline = static_baseline(base)
        stats_table += [baseline, *statistics_rows(base, baseline, size=history_size)]
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
