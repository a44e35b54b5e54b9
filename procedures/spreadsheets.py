"""Spreadsheet formula injection: every file the portal writes for Excel or LibreOffice (public
statistics and apology downloads, the catalogue export) neutralises text cells through here.

A text cell is run as a formula when it starts with ``=``, ``+``, ``-`` or ``@``, also after
leading spaces (LibreOffice and some Excel imports trim them), and a leading tab or carriage
return hides such a start; those cells get a leading apostrophe (OWASP's advice). The
apostrophe is reversible (:func:`unneutralise`), so an exported catalogue imports back
unchanged.
"""

from __future__ import annotations

from typing import Any, Final

_FORMULA_STARTS: Final = ("=", "+", "-", "@")
_HIDING: Final = " \t\r\n"


def _dangerous(text: str) -> bool:
    return text.startswith(("\t", "\r")) or text.lstrip(_HIDING).startswith(_FORMULA_STARTS)


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe.

    So does text that already starts with apostrophes before such a start, which keeps
    :func:`unneutralise` exact: ``"'=x"`` is written ``"''=x"`` and reads back as ``"'=x"``.
    """
    if isinstance(value, str) and _dangerous(value.lstrip("'")):
        return "'" + value
    return value


def unneutralise(value: Any) -> Any:
    """The inverse of :func:`neutralise`, for files the portal wrote and reads back."""
    if isinstance(value, str) and value.startswith("'") and _dangerous(value.lstrip("'")):
        return value[1:]
    return value
