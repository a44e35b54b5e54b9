"""What an import did (or would do): counts of new, updated, unchanged and invalid rows, and
the errors, in the one JSON shape every import command prints (``--json``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Final

from core.tabular.errors import RowError

#: Errors kept one by one; past this many a file is wrong throughout and the rest are counted.
MAX_ERRORS: Final = 1000


@dataclass(slots=True)
class ImportSummary:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    invalid: int = 0
    errors: list[RowError] = field(default_factory=list)
    encoding: str = ""
    rows: int = 0
    written: bool = False
    hidden_errors: int = 0

    def error(self, row: int | None, column: str | None, message: str, *, link: str | None = None) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(RowError(row, column, message, link))
        else:
            self.hidden_errors += 1

    def errors_add(self, errors: Iterable[RowError]) -> None:
        """Record errors found elsewhere (a refused file, a header), each as :meth:`error` would."""
        for error in errors:
            self.error(error.row, error.column, error.message, link=error.link)

    def as_dict(self) -> dict[str, Any]:
        """The JSON summary ``import_dossiers --json`` prints (``import_procedures`` prints the same keys,
        and its drafts)."""
        errors = [e.as_dict() for e in self.errors]
        if self.hidden_errors:
            errors.append({"row": None, "column": None, "message": f"… và {self.hidden_errors} lỗi khác."})
        return {
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "invalid": self.invalid,
            "errors": errors,
        }
