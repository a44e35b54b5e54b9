"""The project's own signals: a domain app announces what changed, the owner of an effect acts.

Bulk writes (imports, statistics refreshes) fire no row-level signals, so the apps that write
them send one of these instead, and only once the transaction has committed: a page cache
dropped or an index rebuilt earlier could be refilled from the old data. ``website`` drops the
page cache and ``search`` rebuilds its dossier index in their own ``signal_handlers.py``; the
senders know neither.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.dispatch import Signal

#: Procedures, decisions or departments were written in bulk. ``procedure_ids``: the procedures.
catalogue_changed = Signal()

#: Dossiers (or what is derived from them: apology flags, aggregates) changed.
#: ``department_ids``: the departments whose figures changed; ``since``: the earliest receipt
#: day affected, or ``None`` when unknown.
dossiers_changed = Signal()


def catalogue_changed_send(sender: Any, *, procedure_ids: Iterable[int] = ()) -> None:
    ids = sorted(set(procedure_ids))
    transaction.on_commit(lambda: catalogue_changed.send(sender=sender, procedure_ids=ids))


def dossiers_changed_send(
    sender: Any, *, department_ids: Iterable[int] = (), since: dt.date | None = None
) -> None:
    ids = sorted(set(department_ids))
    transaction.on_commit(lambda: dossiers_changed.send(sender=sender, department_ids=ids, since=since))
