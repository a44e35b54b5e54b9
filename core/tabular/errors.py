"""What is wrong with an import file: one row's problem, or the whole file refused."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class RowError:
    """What is wrong with one row (or with the file, when ``row`` is None), and in which column."""

    row: int | None
    column: str | None
    message: str
    #: The admin page where the problem is fixed (a code table), when it is fixed there.
    link: str | None = None

    def as_dict(self) -> dict[str, Any]:
        shown: dict[str, Any] = {"row": self.row, "column": self.column, "message": self.message}
        if self.link:
            shown["link"] = self.link
        return shown


class ImportFileError(Exception):
    """The file as a whole cannot be imported; ``errors`` say why (nothing is written).

    Messages given as text are placed at ``row`` and ``column`` (both ``None``: the whole file).
    """

    def __init__(self, *messages: str | RowError, row: int | None = None, column: str | None = None) -> None:
        self.errors = [m if isinstance(m, RowError) else RowError(row, column, m) for m in messages]
        super().__init__("; ".join(e.message for e in self.errors))

    @property
    def message(self) -> str:
        return str(self)
