"""Vietnamese accent folding, applied identically to indexed text and to queries."""

from __future__ import annotations

import unicodedata

_D_TABLE = str.maketrans({"đ": "d", "Đ": "D"})


def fold(text: str | None) -> str:
    """Fold Vietnamese text for matching: đ→d, strip combining marks, lower-case.

    >>> fold("Đăng ký thường trú")
    'dang ky thuong tru'
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.translate(_D_TABLE))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", stripped).lower()
