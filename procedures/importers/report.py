"""What an import reports: the status of every row (its preview) and, once applied, the result."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from core.tabular.errors import RowError
from procedures.importers.drafts import PendingDraft

NEW, CHANGED, UNCHANGED, INVALID = "new", "changed", "unchanged", "invalid"


@dataclass(slots=True)
class RowOutcome:
    """What an import does (or would do) with one row."""

    row: int | None
    code: str
    name: str
    status: str
    changed_fields: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    label: str = ""
    draft: PendingDraft | None = None  # set on changed rows whose procedure has a draft


@dataclass(slots=True)
class ImportReport:
    """The preview of an import, and after ``apply`` its result."""

    format: str = ""
    outcomes: list[RowOutcome] = field(default_factory=list)
    file_errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    applied: bool = False
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    @property
    def errors(self) -> list[RowError]:
        row_errors = [error for outcome in self.outcomes for error in outcome.errors]
        return [*self.file_errors, *row_errors]

    @property
    def drafts(self) -> list[RowOutcome]:
        """Changed rows whose procedure has an unpublished draft or a moderation in progress."""
        return [o for o in self.outcomes if o.status == CHANGED and o.draft is not None]

    @property
    def ok(self) -> bool:
        """Whether the import can be (or was) applied: no file error and no invalid row."""
        return not self.file_errors and not self.count(INVALID)

    def as_json(self) -> dict[str, Any]:
        """The CLI's ``--json`` object."""
        return {
            "new": self.count(NEW),
            "updated": self.count(CHANGED),
            "unchanged": self.count(UNCHANGED),
            "invalid": self.count(INVALID),
            "errors": [error.as_dict() for error in self.errors],
            "drafts": [outcome.code for outcome in self.drafts],
        }
