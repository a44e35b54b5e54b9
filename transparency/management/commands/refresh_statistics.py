"""Rebuild every aggregate row of the statistics from the dossier rows."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from transparency.services.statistics import statistics_refresh


class Command(BaseCommand):
    help = (
        "Rebuild the month, day and days-late aggregate rows behind the statistics pages and API "
        "from the dossier rows (imports do this by themselves; run it after upgrading)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        written = statistics_refresh()
        self.stdout.write(f"statistics: {written} aggregate rows written")
