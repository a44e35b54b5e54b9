"""Search keeps its own indexes current when another app announces a change (``core.signals``)."""

from __future__ import annotations

from core.signals import dossiers_changed
from search.tasks import dossier_index_refresh


def register_signal_handlers() -> None:
    dossiers_changed.connect(
        lambda sender, **kwargs: dossier_index_refresh(),
        dispatch_uid="search_dossier_index_refresh",
        weak=False,
    )
