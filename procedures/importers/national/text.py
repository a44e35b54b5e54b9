"""Cleaning the portal's text: spaces, invisible characters, line ends and its "no information"
placeholder."""

from __future__ import annotations

import re
import unicodedata

from core.folding import fold_compact

NO_INFORMATION = "Không có thông tin"
"""The portal's placeholder for an empty field ("no information")."""

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_HSPACE_RUN = re.compile(r"[^\S\n]+")
_NEWLINES = re.compile(r"\r\n?")
_NO_INFORMATION_KEY = fold_compact(NO_INFORMATION)

BULLET = re.compile(r"^[-\u2013\u2014\u2022\u25cf\u25aa]+\s*")
"""A list bullet at the start of a line (steps and documents drop it)."""


def clean_text(value: object) -> str:
    """Normalise a portal text value.

    Non-breaking and other Unicode spaces become plain spaces, zero-width characters are
    removed, runs of spaces/tabs collapse to one space, every line is stripped, empty lines are
    dropped, and the placeholder "Không có thông tin" (no information) becomes ``""``.
    ``None`` becomes ``""``; other non-strings are converted with :func:`str`; lists are joined
    one item per line.
    """
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = "\n".join(clean_text(item) for item in value)
    lines = (line.strip() for line in prepare_text(value).split("\n"))
    text = "\n".join(line for line in lines if line)
    return "" if len(text) < 2 * len(NO_INFORMATION) and fold_compact(text) == _NO_INFORMATION_KEY else text


def prepare_text(value: object) -> str:
    """Raw text ready for pattern matching: NFC, no zero-width characters, ``\n`` line ends,
    every run of other whitespace (U+00A0, tabs, …) one space."""
    if value is None:
        return ""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", str(value)))
    return _HSPACE_RUN.sub(" ", _NEWLINES.sub("\n", text))


def split_agencies(value: object) -> tuple[str, ...]:
    """One agency per line, cleaned, blank lines and repeats dropped, order kept."""
    seen: dict[str, None] = {}
    for line in clean_text(value).split("\n"):
        if line:
            seen.setdefault(line, None)
    return tuple(seen)
