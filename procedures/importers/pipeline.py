"""The import pipeline: validate every row → compare with the database (the preview) → apply in
one transaction, keyed by procedure code.

Unchanged rows are not written, so importing the same file twice changes nothing. Procedures
created or changed by an import are published (live) with a revision and a history entry,
the search index is updated in bulk and the public page cache is invalidated.

An editor's unpublished draft of a procedure the import changes is never lost: the import
publishes its own revision of the live version, then saves the draft's content again as the
newest revision, so the draft stays what the editor opens, what a moderation publishes and what
Wagtail counts as "unpublished changes". The preview lists those procedures (``PendingDraft``)
because the draft was made against the old version: publishing it as it is brings the old
values back.

The steps live beside this module: ``validation`` (each row alone), ``planning`` (rows against
the catalogue of ``lookups``, with editors' ``drafts``), ``applying`` and ``publishing``; the
outcome is a ``report``.
"""

from __future__ import annotations

import time
from pathlib import Path

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import OperationalError

from core.locks import busy_message, database_busy
from core.tabular.errors import ImportFileError, RowError
from procedures.importers.applying import procedure_plans_apply
from procedures.importers.planning import ProcedurePlan, procedure_rows_plan
from procedures.importers.report import CHANGED, INVALID, ImportReport, RowOutcome
from procedures.importers.sources import SourceRows, source_read
from procedures.importers.validation import MAX_LENGTHS
from procedures.services import text_clean


def _outcomes(plans: list[ProcedurePlan], source: SourceRows) -> list[RowOutcome]:
    outcomes = [
        RowOutcome(
            row=plan.row.row,
            code=plan.row.code,
            name=plan.row.values.get("name") or (plan.procedure.name if plan.procedure else ""),
            status=plan.status,
            changed_fields=list(plan.changed) if plan.status == CHANGED else [],
            errors=list(plan.row.errors),
            label=plan.row.label,
            draft=plan.draft if plan.status == CHANGED else None,
        )
        for plan in plans
    ]
    outcomes += [
        RowOutcome(row=error.row, code="", name="", status=INVALID, errors=[error]) for error in source.errors
    ]
    outcomes.sort(key=lambda o: (o.row is None, o.row or 0))
    return outcomes


def procedure_rows_import(
    *,
    source: SourceRows,
    decision_number: str | None = None,
    dry_run: bool = False,
    user: AbstractBaseUser | None = None,
) -> ImportReport:
    """Validate, preview and (unless ``dry_run`` or any row is invalid) apply already-read rows."""
    started = time.perf_counter()
    report = ImportReport(format=source.format, notes=list(source.notes))
    if decision_number and len(text_clean(decision_number)) > MAX_LENGTHS["decision"]:
        report.file_errors.append(RowError(None, "decision", "Số quyết định dài quá 100 ký tự."))
        return report
    plans, notes = procedure_rows_plan(rows=source.rows, decision_number=decision_number)
    report.notes += notes
    report.outcomes = _outcomes(plans, source)
    if not source.rows and not source.errors:
        report.file_errors.append(RowError(None, None, "Tệp không có thủ tục nào."))
    if report.ok and not dry_run:
        try:
            procedure_plans_apply(plans=plans, user=user)
        except OperationalError as error:  # another import holds SQLite's write lock
            if not database_busy(error):
                raise
            report.file_errors.append(RowError(None, None, busy_message()))
            return report
        report.applied = True
    report.seconds = time.perf_counter() - started
    return report


def procedures_import(
    *,
    path: Path | str,
    name: str | None = None,
    decision_number: str | None = None,
    dry_run: bool = False,
    user: AbstractBaseUser | None = None,
) -> ImportReport:
    """Import a file or folder in any supported format (see ``procedures.importers.sources``).

    Nothing is written when the file cannot be read, when any row is invalid, or on ``dry_run``;
    the report then is the preview.
    """
    started = time.perf_counter()
    try:
        source = source_read(Path(path), name=name)
    except ImportFileError as exc:
        return ImportReport(file_errors=exc.errors, seconds=time.perf_counter() - started)
    report = procedure_rows_import(source=source, decision_number=decision_number, dry_run=dry_run, user=user)
    report.seconds = time.perf_counter() - started
    return report
