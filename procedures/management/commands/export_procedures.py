"""``manage.py export_procedures PATH``: the catalogue in the round-trip format (.csv/.xlsx/.json)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from procedures.resources import procedures_export


class Command(BaseCommand):
    help = "Export every procedure to PATH; the format follows the extension (.csv, .xlsx or .json)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="Output file: .csv, .xlsx or .json.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        try:
            count = procedures_export(path=path)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{count} procedures written to {path}")
