"""The set-up steps of `make bench`, each run as its own process: migrations, the data tasks of
``benchmarks/tasks.py`` and the import commands (timed with their peak memory)."""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.harness import PYTHON, ROOT, manage, progress, run_timed


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
