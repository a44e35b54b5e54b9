"""``manage.py write_dossier_samples DIR``: the demo's sample dossiers in every export shape."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo.samples import demo_samples_write


class Command(BaseCommand):
    help = (
        "Write about 40 sample dossiers on the demo catalogue (manage.py load_demo first) as the portal's "
        "CSV, OpenCPS's REST JSON, the national sync records JSON and OpenCPS's Excel list."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "directory", help="Where to write the files (created if missing), e.g. demo/samples."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            written = demo_samples_write(Path(options["directory"]))
        except LookupError as error:
            raise CommandError(str(error)) from None
        for name, count in written.items():
            self.stdout.write(f"{Path(options['directory']) / name}: {count} dossiers")
