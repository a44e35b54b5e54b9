"""The one shape every import format is turned into: a ``ProcedureRow`` per source row.

A row says only what its format provides: scalar values in ``values`` (model field names),
child rows as tuples (``None`` = the format does not carry them, so existing ones are kept),
the field and department by name or slug, and the decisions that publish or amend it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from core.tabular.errors import RowError


class StepValues(NamedTuple):
    text: str
    unit: str = ""
    time_share: str = ""


class ChannelValues(NamedTuple):
    kind: str
    time_limit_value: Decimal | None = None
    time_limit_unit: str = ""
    time_limit_text: str = ""
    fee_amount: int | None = None
    fee_free: bool = False
    fee_text: str = ""
    description: str = ""


class DocumentValues(NamedTuple):
    name: str
    template: str = ""
    template_url: str = ""
    originals: int | None = None
    copies: int | None = None


class LegalValues(NamedTuple):
    title: str
    code: str = ""


class DecisionLinkValues(NamedTuple):
    number: str
    action: str = "add"
    note: str = ""


# Child relation name on Procedure → the values type stored in it.
CHILD_TYPES: dict[str, type[tuple]] = {
    "steps": StepValues,
    "channels": ChannelValues,
    "documents": DocumentValues,
    "legal_documents": LegalValues,
}


@dataclass(slots=True)
class ProcedureRow:
    """One procedure as a source row describes it (see the module docstring)."""

    row: int
    code: str
    values: dict[str, Any] = field(default_factory=dict)
    field_name: str | None = None
    department_slug: str | None = None
    agencies: tuple[str, ...] = ()
    status_decision: str | None = None
    children: dict[str, tuple[tuple, ...]] = field(default_factory=dict)
    decisions: tuple[DecisionLinkValues, ...] = ()
    errors: list[RowError] = field(default_factory=list)
    label: str = ""

    def error(self, column: str | None, message: str) -> None:
        self.errors.append(RowError(self.row, column, message))
