"""``manage.py import_procedures PATH [--dry-run] [--json] [--decision NUMBER]``."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.timezone import localtime

from procedures.importers.pipeline import procedures_import
from procedures.importers.report import CHANGED, INVALID, NEW, UNCHANGED, ImportReport
from procedures.importers.sources import FORMAT_LABELS

_ERRORS_SHOWN = 50


class Command(BaseCommand):
    help = (
        "Import procedures from the national list spreadsheet (.xlsx), national JSON records "
        "(a .json file or a folder) or the portal's own export (.csv/.xlsx/.json). Nothing is "
        "written when any row is invalid; re-importing the same file changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="File or folder to import.")
        parser.add_argument("--dry-run", action="store_true", help="Show what would change; write nothing.")
        parser.add_argument(
            "--json",
            action="store_true",
            help="Print one JSON object with the counts, errors and the codes of updated procedures "
            "that have an unpublished draft (drafts).",
        )
        parser.add_argument(
            "--decision", metavar="NUMBER", help="Link every procedure to this decision, e.g. 2735/QĐ-UBND."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = procedures_import(
            path=options["path"], decision_number=options["decision"], dry_run=options["dry_run"]
        )
        if options["json"]:
            self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False))
        else:
            self._summary(report, dry_run=options["dry_run"])
        if not report.ok:
            # Exit status 1 without Django's "CommandError:" line on stdout/stderr noise in --json mode.
            if options["json"]:
                raise SystemExit(1)
            raise CommandError("Nothing was imported: fix the errors above and run again.")

    def _summary(self, report: ImportReport, *, dry_run: bool) -> None:
        if report.format:
            self.stdout.write(f"Format: {FORMAT_LABELS.get(report.format, report.format)}")
        for note in report.notes:
            self.stdout.write(f"Note: {note}")
        for error in report.errors[:_ERRORS_SHOWN]:
            where = ", ".join(
                part
                for part in (f"row {error.row}" if error.row is not None else "", error.column or "")
                if part
            )
            self.stderr.write(f"{where + ': ' if where else ''}{error.message}")
        if len(report.errors) > _ERRORS_SHOWN:
            self.stderr.write(f"… and {len(report.errors) - _ERRORS_SHOWN} more errors")
        verb = "would be" if dry_run or not report.applied else "were"
        self.stdout.write(
            f"new: {report.count(NEW)}, updated: {report.count(CHANGED)}, "
            f"unchanged: {report.count(UNCHANGED)}, invalid: {report.count(INVALID)} "
            f"({verb} written; {report.seconds:.2f} s)"
        )
        self._drafts_warn(report, applied=report.applied)

    def _drafts_warn(self, report: ImportReport, *, applied: bool) -> None:
        """Name the updated procedures an editor has an unpublished draft or a moderation of."""
        drafts = report.drafts
        if not drafts:
            return
        verb = "was updated" if applied else "would be updated"
        self.stderr.write(
            self.style.WARNING(
                f"Warning: {len(drafts)} updated procedure(s) have an unpublished draft or a moderation "
                f"in progress. The live version {verb}; each draft is kept as it is, not overwritten. "
                "The draft was made against the old version: review it before publishing or approving "
                "it, or it will bring the old values back."
            )
        )
        for outcome in drafts:
            draft = outcome.draft
            if draft is None:
                continue
            details = []
            if draft.revision_id is not None:
                saved_at = localtime(draft.saved_at).strftime("%Y-%m-%d %H:%M") if draft.saved_at else "?"
                details.append(f"draft by {draft.saved_by or '?'}, {saved_at}")
            if draft.workflow:
                details.append(f"in moderation: {draft.workflow}")
            self.stderr.write(f"  {outcome.code} – {outcome.name} ({'; '.join(details)})")
