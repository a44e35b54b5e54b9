"""``manage.py import_dossiers PATH [--dry-run] [--json]``."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from transparency.importers.pipeline import dossier_import_apply, dossier_import_check
from transparency.importers.sources import upload_problem

_ERRORS_SHOWN = 50


class Command(BaseCommand):
    help = (
        "Import the one-stop-shop dossier export (.csv in UTF-8, UTF-8 with BOM or Windows-1258, or .xlsx). "
        "Nothing is written when any row is invalid; re-importing the same file changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path",
            help="The export to import: .csv or .xlsx (the portal's table, OpenCPS's list) "
            "or .json (OpenCPS, the national sync records).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Check and count; write nothing.")
        parser.add_argument(
            "--json", action="store_true", help="Print one JSON object with the counts and errors."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        started = time.perf_counter()
        if not path.is_file():
            problem = f"Không có tệp «{path}»."
        else:
            problem = upload_problem(name=path.name, size=path.stat().st_size)
        if problem:
            if options["json"]:
                errors = [{"row": None, "column": None, "message": problem}]
                self.stdout.write(
                    json.dumps(
                        {"new": 0, "updated": 0, "unchanged": 0, "invalid": 0, "errors": errors},
                        ensure_ascii=False,
                    )
                )
                raise SystemExit(1)
            raise CommandError(f"{problem} Nothing was imported.")
        summary = (dossier_import_check if options["dry_run"] else dossier_import_apply)(path=path)
        summary_dict = summary.as_dict()
        ok = not summary_dict["errors"]
        if options["json"]:
            self.stdout.write(json.dumps(summary_dict, ensure_ascii=False))
            if not ok:
                raise SystemExit(1)
            return
        for error in summary_dict["errors"][:_ERRORS_SHOWN]:
            where = ", ".join(
                part
                for part in (f"row {error['row']}" if error["row"] is not None else "", error["column"] or "")
                if part
            )
            self.stderr.write(f"{where + ': ' if where else ''}{error['message']}")
        if len(summary_dict["errors"]) > _ERRORS_SHOWN:
            self.stderr.write(f"… and {len(summary_dict['errors']) - _ERRORS_SHOWN} more errors")
        verb = "would be" if options["dry_run"] or not ok else "were"
        counts = ", ".join(
            f"{key}: {summary_dict[key]}" for key in ("new", "updated", "unchanged", "invalid")
        )
        self.stdout.write(f"{counts} ({verb} written; {time.perf_counter() - started:.2f} s)")
        if not ok:
            raise CommandError("Nothing was imported: fix the errors above and run again.")
