"""What `make bench` prints: sections of result lines, shown as they come and again at the end."""

from __future__ import annotations

import contextlib
import io

from benchmarks.harness import Timing, print_table, progress

SETUP = "Set-up times (not benchmarks themselves)"


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


def import_line(label: str, wall: float, rows: int, peak: float | None = None) -> str:
    peak_text = f"{peak:>8.0f}" if peak is not None else f"{'':>8}"
    return f"  {label:<64} {wall:>7.1f} {rows / wall:>8.0f} {peak_text}"


def inflate_line(size: str, seconds: float, info: dict) -> str:
    return (
        f"  {size}: INSERT … SELECT {info['insert_s']:.1f} s, "
        f"statistics_refresh {info['statistics_refresh_s']:.1f} s (total {seconds:.1f} s)"
    )
