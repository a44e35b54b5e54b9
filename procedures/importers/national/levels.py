"""The level a procedure is carried out at ("Cấp thực hiện") and its online service level."""

from __future__ import annotations

import re

from core.folding import fold_compact
from procedures.importers.national.records import (
    LEVEL_COMMUNE,
    LEVEL_DISTRICT,
    LEVEL_MINISTRY,
    LEVEL_OTHER,
    LEVEL_PROVINCE,
    ONLINE_FULL,
    ONLINE_PARTIAL,
)
from procedures.importers.national.text import clean_text, prepare_text

_LEVELS = {
    "capbo": LEVEL_MINISTRY,
    "captrunguong": LEVEL_MINISTRY,
    "captinh": LEVEL_PROVINCE,
    "caphuyen": LEVEL_DISTRICT,
    "capxa": LEVEL_COMMUNE,
    "coquankhac": LEVEL_OTHER,
}


def parse_level(text: str) -> str:
    """Map "Cấp thực hiện" to a ``Level`` value: the first of a comma-separated list wins.

    "Cấp Tỉnh, Cấp Xã" → ``"province"``; "Cơ quan khác" or anything unknown → ``"other"``;
    empty → ``""``.
    """
    first = clean_text(text).split(",")[0].strip()
    if not first:
        return ""
    return _LEVELS.get(fold_compact(first), LEVEL_OTHER)


_PARTIAL_ONLINE = re.compile(
    r"(?:trực tuyến|DVCTT|dịch vụ công)\s*(?:mức độ\s*)?(?:\(\s*)?một phần", re.IGNORECASE
)


def parse_online_level(text: str) -> str | None:
    """Online service level stated in a record's text: ``"full"``, ``"partial"`` or ``None``.

    "toàn trình" anywhere means fully online. "một phần" only counts in the phrase
    "(dịch vụ công) trực tuyến một phần": the bare words also mean "partly" in ordinary
    sentences ("thi hành xong toàn bộ hoặc một phần nghĩa vụ").
    """
    text = prepare_text(text)
    if re.search(r"toàn\s+trình", text, re.IGNORECASE):
        return ONLINE_FULL
    if _PARTIAL_ONLINE.search(text):
        return ONLINE_PARTIAL
    return None
