"""Delete the search log's counts older than 90 days (also done on the first count of each day)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from search.models.log import RETENTION_DAYS
from search.services import search_log_purge


class Command(BaseCommand):
    help = f"Delete search counts older than {RETENTION_DAYS} days (run daily, e.g. from cron)."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = search_log_purge()
        self.stdout.write(f"{deleted} day rows older than {RETENTION_DAYS} days deleted")
