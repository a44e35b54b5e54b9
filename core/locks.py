"""An import meeting another one that holds the database (SQLite allows one writer at a time).

The second import waits ``SQLITE_TIMEOUT`` seconds for the first, then is refused with a
message instead of a ``database is locked`` traceback; it has written nothing.
"""

from __future__ import annotations

from django.db import OperationalError
from django.utils.translation import gettext


def database_busy(error: OperationalError) -> bool:
    """Whether ``error`` is SQLite's "database is locked" / "database table is locked"."""
    text = str(error).lower()
    return "locked" in text or "database is busy" in text


def busy_message() -> str:
    return gettext(
        "Cơ sở dữ liệu đang bận (một lần nhập khác đang ghi): chưa nhập gì. Hãy thử lại sau khi lần nhập "
        "kia xong."
    )
