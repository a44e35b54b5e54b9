"""The dossier import: check every row of the file (nothing written), then, when no row is
wrong, read it again and write it in batches inside one transaction, and refresh the statistics
of the departments touched."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from django.db import OperationalError, transaction
from django.utils import timezone

from core.locks import busy_message, database_busy
from core.signals import dossiers_changed_send
from core.tabular.errors import ImportFileError
from transparency.classification import EXCLUDED_STATUSES
from transparency.importers.columns import header_map
from transparency.importers.lookups import Lookups
from transparency.importers.report import MISSING_SHOWN, DossierImportSummary
from transparency.importers.rows import RowChecker, cell_problems, row_cell
from transparency.importers.sources import file_rows
from transparency.models import Dossier
from transparency.services.statistics import statistics_refresh

BATCH: Final = 1000


def _same(existing: dict[str, Any], values: dict[str, Any], fields: tuple[str, ...]) -> bool:
    return all(existing.get(name) == values.get(name) for name in fields)


@dataclass(slots=True)
class _Touched:
    """What an import changed, as the statistics refresh needs it: the departments, and the
    earliest receipt day of a changed dossier (before or after the change)."""

    departments: set[int] = field(default_factory=set)
    since: dt.date | None = None

    def add(self, *, department_id: int, received_on: dt.date) -> None:
        self.departments.add(department_id)
        if self.since is None or received_on < self.since:
            self.since = received_on


def _file_opened(path: Path, summary: DossierImportSummary) -> tuple[Iterator[list[Any]], list[Any]] | None:
    """The rows after the header and the header (the first row with any text), or ``None`` once
    ``summary`` says why the file cannot be read."""
    try:
        rows = file_rows(path, summary=summary)
        header = next(rows, None)
        while header is not None and not any(str(c or "").strip() for c in header):
            header = next(rows, None)
    except ImportFileError as error:
        summary.errors_add(error.errors)
        return None
    except (UnicodeDecodeError, csv.Error) as error:
        summary.error(None, None, f"Không đọc được tệp: {error}")
        return None
    if header is None:
        summary.error(None, None, "Tệp rỗng: không có dòng tiêu đề.")
        return None
    return rows, header


class _Pass:
    """One pass over the rows after the header: each row checked and counted, clean rows
    compared with the stored dossiers in batches, and written when the pass writes."""

    def __init__(
        self,
        *,
        summary: DossierImportSummary,
        header: list[Any],
        positions: dict[str, int],
        checker: RowChecker,
        write: bool,
        progress: Callable[[int], None] | None,
    ) -> None:
        self.summary = summary
        self.header = header
        self.positions = positions
        self.checker = checker
        self.write = write
        self.progress = progress
        self.fields = checker.fields
        self.touched = _Touched()
        self.seen: dict[str, int] = {}  # code → the file row that first used it
        self.batch: list[tuple[int, dict[str, Any]]] = []
        # The file row last read, the header being row 1; JSON records count from 1.
        self.number = 0 if summary.encoding == "json" else 1
        # What the file covers, to find the open dossiers it no longer lists.
        self.departments: set[int] = set()
        self.received: tuple[dt.date, dt.date] | None = None

    def row(self, raw: list[Any]) -> None:
        self.number += 1
        if not any(str(c).strip() for c in raw if c is not None):
            return
        summary = self.summary
        summary.rows += 1
        if bad_cells := cell_problems(raw, self.header):
            summary.invalid += 1
            for label, message in bad_cells:
                summary.error(self.number, label, message)
            return
        checked = self.checker.check(raw)
        if checked.skipped:
            summary.skipped += 1
            return
        values, problems = checked.values, checked.problems
        code = values["code"] if values else str(row_cell(raw, self.positions, "code") or "").strip()
        if code and code in self.seen:
            problems.append(("code", f"Mã hồ sơ «{code}» trùng với dòng {self.seen[code]}."))
        elif code:
            self.seen[code] = self.number
        if problems or values is None:
            summary.invalid += 1
            for key, message in problems:
                summary.error(self.number, self.checker.label(key), message, link=checked.links.get(key))
            return
        if summary.invalid:
            return  # nothing will be written: only keep checking
        self.departments.add(values["department_id"])
        day = values["received_on"]
        self.received = (
            (min(self.received[0], day), max(self.received[1], day)) if self.received else (day, day)
        )
        self.batch.append((self.number, values))
        if len(self.batch) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.batch:
            return
        codes = [values["code"] for _n, values in self.batch]
        existing = {
            row["code"]: row
            for row in Dossier.objects.filter(code__in=codes).values("pk", "code", *self.fields)
        }
        creates, updates = [], []
        now = timezone.now()
        summary, touched = self.summary, self.touched
        for _n, values in self.batch:
            old = existing.get(values["code"])
            if old is not None and not values.get("lookup_secret") and old.get("lookup_secret"):
                # A receipt's look-up code does not go away: an empty cell keeps the stored one.
                values["lookup_secret"] = old["lookup_secret"]
            if old is None:
                summary.new += 1
                creates.append(Dossier(**values))
                touched.add(department_id=values["department_id"], received_on=values["received_on"])
            elif _same(old, values, self.fields):
                summary.unchanged += 1
            else:
                summary.updated += 1
                updates.append(
                    Dossier(pk=old["pk"], updated_at=now, **{k: values[k] for k in ("code", *self.fields)})
                )
                touched.add(department_id=values["department_id"], received_on=values["received_on"])
                touched.add(department_id=old["department_id"], received_on=old["received_on"])
        if self.write:
            Dossier.objects.bulk_create(creates, batch_size=BATCH)
            Dossier.objects.bulk_update(updates, [*self.fields, "updated_at"], batch_size=BATCH)
        self.batch.clear()
        if self.progress is not None:
            self.progress(summary.rows)

    def missing_report(self) -> None:
        """Count (and name a few of) the open dossiers of the file's departments received within
        its days that it no longer lists: an export repeats the open ones, so these left the
        software's list (deleted or merged there). They are reported, never deleted here."""
        if self.received is None:
            return
        first, last = self.received
        open_codes = (
            Dossier.objects.filter(
                department_id__in=self.departments,
                received_on__range=(first, last),
                resolved_on__isnull=True,
            )
            .exclude(status__in=EXCLUDED_STATUSES)
            .order_by("received_on", "code")
            .values_list("code", flat=True)
            .iterator(chunk_size=5000)
        )
        for code in open_codes:
            if code not in self.seen:
                self.summary.missing += 1
                if len(self.summary.missing_examples) < MISSING_SHOWN:
                    self.summary.missing_examples.append(code)


def _run(
    path: Path,
    *,
    write: bool,
    progress: Callable[[int], None] | None = None,
) -> tuple[DossierImportSummary, _Touched]:
    """One pass over the file: check each row, count new/updated/unchanged, write when asked."""
    summary = DossierImportSummary()
    opened = _file_opened(path, summary)
    if opened is None:
        return summary, _Touched()
    rows, header = opened
    columns, header_errors = header_map(header)
    summary.source_format = columns.fmt.name
    if header_errors:
        summary.errors_add(header_errors)
        return summary, _Touched()
    checker = RowChecker(lookups=Lookups.load(), header=columns)
    import_pass = _Pass(
        summary=summary,
        header=header,
        positions=columns.positions,
        checker=checker,
        write=write,
        progress=progress,
    )
    try:
        for raw in rows:
            import_pass.row(raw)
        import_pass.flush()
    except ImportFileError as error:  # a damaged or incomplete .xlsx, found while streaming it
        summary.errors_add(error.errors)
        summary.invalid += 1
    except (UnicodeDecodeError, csv.Error) as error:
        summary.error(import_pass.number + 1, None, f"Không đọc được dòng {import_pass.number + 1}: {error}")
        summary.invalid += 1
    if summary.invalid:
        summary.new = summary.updated = summary.unchanged = 0
    else:
        import_pass.missing_report()
    return summary, import_pass.touched


def dossier_import_check(
    *, path: Path, progress: Callable[[int], None] | None = None
) -> DossierImportSummary:
    """Check every row of the file and count what an import would do; writes nothing."""
    summary, _touched = _run(Path(path), write=False, progress=progress)
    return summary


def dossier_import_apply(
    *, path: Path, progress: Callable[[int], None] | None = None
) -> DossierImportSummary:
    """Import the file: all rows in one transaction, or nothing when any row is wrong.

    The file is checked completely first; only a clean file is read again and written.
    The statistics of the departments touched are refreshed afterwards.
    """
    path = Path(path)
    summary, _touched = _run(path, write=False, progress=progress)
    if summary.errors or summary.invalid:
        return summary
    try:
        with transaction.atomic():
            summary, touched = _run(path, write=True, progress=progress)
            if summary.errors or summary.invalid:  # the file changed between the passes
                transaction.set_rollback(True)
                return summary
            if touched.departments:
                statistics_refresh(
                    department_ids=touched.departments, since=touched.since, imported_at=timezone.now()
                )
                dossiers_changed_send(
                    dossier_import_apply, department_ids=touched.departments, since=touched.since
                )
    except OperationalError as error:
        if not database_busy(error):
            raise
        refused = DossierImportSummary(encoding=summary.encoding, rows=summary.rows)
        refused.error(None, None, busy_message())
        return refused
    summary.written = True
    return summary
