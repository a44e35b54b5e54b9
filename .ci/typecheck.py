"""mypy over the non-test code, held to a recorded count of errors per group that may only go down.

Groups: `core`, `<app>/selectors` (both checked strictly, see `[tool.mypy]` in pyproject.toml) and
`<app>` for the rest of each app. The counts live in `.ci/mypy-baseline.txt`; a group whose count
rises fails the check and its errors are printed. After fixing errors, `--update` lowers the
recorded counts (it never raises one: raising is a hand edit that shows in review).

    python .ci/typecheck.py [--update]
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / ".ci" / "mypy-baseline.txt"
ERROR_LINE = re.compile(r"^(?P<path>[^:\s]+\.py):\d+: error: ")
HEADER = (
    "# mypy errors allowed per group (`make typecheck`): a count may only go down.\n"
    "# After fixing errors: .venv/bin/python .ci/typecheck.py --update\n"
)


def group_of(path: str) -> str:
    """The baseline group of a source file: core, <app>/selectors or <app>."""
    parts = Path(path).parts
    app = parts[0]
    if app != "core" and any(part in ("selectors", "selectors.py") for part in parts[1:]):
        return f"{app}/selectors"
    return app


def run_mypy() -> list[str]:
    """The error lines of one mypy run; stops on a crash or a configuration error (exit 2)."""
    result = subprocess.run(
        [sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if result.returncode not in (0, 1):
        sys.stdout.write(result.stdout)
        sys.stderr.write(result.stderr)
        sys.exit(result.returncode)
    return [line for line in result.stdout.splitlines() if ERROR_LINE.match(line)]


def read_baseline() -> dict[str, int]:
    counts: dict[str, int] = {}
    for line in BASELINE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            group, count = line.split()
            counts[group] = int(count)
    return counts


def write_baseline(counts: dict[str, int]) -> None:
    body = "".join(f"{group} {count}\n" for group, count in sorted(counts.items()))
    BASELINE.write_text(HEADER + body, encoding="utf-8")


def main(argv: list[str]) -> int:
    errors = run_mypy()
    found = Counter(group_of(ERROR_LINE.match(line)["path"]) for line in errors)
    baseline = read_baseline()
    risen = sorted(group for group, count in found.items() if count > baseline.get(group, 0))
    for group in sorted(baseline.keys() | found.keys()):
        allowed, now = baseline.get(group, 0), found.get(group, 0)
        mark = "ROSE" if group in risen else ("lower: run --update" if now < allowed else "")
        print(f"{group:<26} {now:>4} (baseline {allowed:>4}) {mark}".rstrip())
    if risen:
        print("\nErrors in the groups that rose:")
        for line in errors:
            if group_of(ERROR_LINE.match(line)["path"]) in risen:
                print(line)
        # mypy's incremental cache does not always notice a change of the settings' types.
        print("\n(After a change to website/settings, rerun with .mypy_cache removed.)")
        return 1
    if "--update" in argv:
        write_baseline({group: min(found.get(group, 0), allowed) for group, allowed in baseline.items()})
        print(f"\n{BASELINE.relative_to(ROOT)} updated.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
