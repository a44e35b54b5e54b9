"""The PostgreSQL part of `make bench`: ``COPY`` of the generated export beside the import itself,
then statistics and search latency on the imported database (scratch databases ``bench_copy``
and ``bench_portal`` on the server ``BENCH_PG`` names)."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import urllib.parse
from pathlib import Path

from benchmarks.harness import Timing, bench_env, progress, server, static_baseline
from benchmarks.pages import search_rows, statistics_rows
from benchmarks.report import SETUP, Report, import_line
from benchmarks.steps import import_command, migrate, task, timed
from benchmarks.workload import PG


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
