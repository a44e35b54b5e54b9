"""Rebuild the Elasticsearch dossier index behind the statistics search, with no downtime."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from search.documents import dossier_index_alias, dossier_index_rebuild


class Command(BaseCommand):
    help = (
        "Build a new Elasticsearch index of the dossiers (never the applicant's name), "
        "move the alias to it in one step and delete the old index."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--chunk-size", type=int, default=2000, help="Documents per bulk request.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not getattr(settings, "ELASTICSEARCH_URL", None):
            raise CommandError(
                "ELASTICSEARCH_URL is not set: the statistics search uses the database and has no "
                "index to rebuild. Set ELASTICSEARCH_URL (e.g. http://127.0.0.1:9200) and run again."
            )
        if options["chunk_size"] < 1:
            raise CommandError("--chunk-size must be a positive number.")
        from search.selectors import BACKEND_ERRORS

        try:
            outcome = dossier_index_rebuild(chunk_size=options["chunk_size"])
        except BACKEND_ERRORS as error:
            raise CommandError(
                f"Elasticsearch at {settings.ELASTICSEARCH_URL} did not answer ({error}); "
                f"the alias {dossier_index_alias()} still points at the previous index."
            ) from error
        removed = ", ".join(outcome["removed"]) or "none"
        self.stdout.write(
            f"{outcome['documents']} dossiers indexed in {outcome['index']}; "
            f"alias {outcome['alias']} now points at it (old indexes removed: {removed})."
        )
