"""Vietnamese accent folding: one definition for the search index, queries and importers.

``fold`` is the contract (``fold("Đăng ký") == "dang ky"``). ``normalize`` goes one
step further for the search index and for queries: it keeps only word characters,
so that a code such as ``1.004222`` or ``04/2020/TT-BTP`` becomes the same words
(``1 004222``, ``04 2020 tt btp``) whatever tokenizer the backend uses (FTS5,
PostgreSQL's parser and Elasticsearch's standard tokenizer all split punctuation
differently; after ``normalize`` there is none left to split).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_D_TABLE = str.maketrans({"đ": "d", "Đ": "D"})
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
WORD = re.compile(r"\w+", re.UNICODE)


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


def normalize(text: str | None) -> str:
    """Folded words separated by single spaces: what is indexed and what is searched.

    >>> normalize("Mã 1.004222 – Thông tư 04/2020/TT-BTP")
    'ma 1 004222 thong tu 04 2020 tt btp'
    """
    return " ".join(_NON_WORD.split(fold(text))).strip()


@lru_cache(maxsize=4096)
def fold_word(word: str) -> str:
    """Fold one word (cached: snippets fold the same words again and again)."""
    return fold(word)


def fold_label(text: object) -> str:
    """A column header or label as one key: folded, ``_`` read as a space, spaces collapsed.

    Importers match headers typed by hand or exported by other software this way.

    >>> fold_label("Ngày  Tiếp_nhận")
    'ngay tiep nhan'
    """
    return " ".join(fold(str(text or "")).replace("_", " ").split())


def fold_compact(text: object) -> str:
    """Folded with every space removed: a key that survives words split or joined differently.

    >>> fold_compact("Mã  số")
    'maso'
    """
    return "".join(fold(str(text or "")).split())
