"""Background tasks (django-tasks) of search: keeping the dossier index of the statistics search current."""

from __future__ import annotations

import logging

from django.conf import settings
from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def dossier_index_rebuild_task() -> None:
    """Rebuild the Elasticsearch dossier index; a failure is logged and the old index stays."""
    # The Elasticsearch client is an optional extra: loaded only when a rebuild runs.
    from search.documents import dossier_index_rebuild

    try:
        outcome = dossier_index_rebuild()
    except Exception:
        logger.exception("dossier index rebuild failed; the statistics search keeps the previous index")
        return
    logger.info("dossier index %s: %s documents", outcome["index"], outcome["documents"])


def dossier_index_refresh(**kwargs: object) -> None:
    """Rebuild the dossier index if Elasticsearch is used (heard on ``core.signals.dossiers_changed``).

    Imports and published apology notices change what the statistics search reports; without
    ``ELASTICSEARCH_URL`` the database answers it and nothing needs rebuilding. The signal is
    sent after the commit, so the rebuild reads the new rows.
    """
    if settings.ELASTICSEARCH_URL:
        dossier_index_rebuild_task.enqueue()
