"""The portal's own round-trip format (CSV / XLSX / JSON), written by django-import-export.

One row per procedure. Child rows are readable text, one per line, parts separated by ``|``
(a literal ``|``, backslash or line break inside a part is written ``\\|``, ``\\\\``, ``\\n``):

- ``steps``: ``text|unit|time_share``
- ``channels``: ``kind|value|unit|fee|free|description|time_limit_text|fee_text``
  (kind ``in_person``/``online``/``post``; unit ``working_days``/``calendar_days``/``hours``/
  ``same_day``; fee in đồng; free ``1``/``0``)
- ``documents``: ``name|template|originals|copies|template_url``
- ``legal_basis``: ``code|title``
- ``decisions``: ``number|action|note`` (action ``add``/``amend``/``repeal``)

What ``export_procedures`` writes, ``import_procedures`` reads back as all-unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import tablib
from django.db.models import QuerySet
from import_export import fields, resources

from core.folding import fold
from procedures.enums import ChannelKind, DecisionAction, Level, OnlineLevel, ProcedureStatus, TimeLimitUnit
from procedures.importers.rows import (
    ChannelValues,
    DecisionLinkValues,
    DocumentValues,
    LegalValues,
    ProcedureRow,
    StepValues,
)
from procedures.models import Procedure
from procedures.services import text_clean
from procedures.spreadsheets import neutralise

# Column → model field for the plain text columns.
TEXT_COLUMNS: dict[str, str] = {
    "name": "name",
    "level_text": "level_text",
    "type": "procedure_type",
    "applicants": "applicants",
    "deciding_agency": "deciding_agency",
    "executing_agency": "executing_agency",
    "delegated_agency": "delegated_agency",
    "cooperating_agency": "cooperating_agency",
    "address": "address",
    "result": "result",
    "conditions": "conditions",
    "source_url": "source_url",
}
CHOICE_COLUMNS: dict[str, tuple[str, type]] = {
    "level": ("level", Level),
    "status": ("status", ProcedureStatus),
    "online_level": ("online_level", OnlineLevel),
}
BOOL_COLUMNS: dict[str, str] = {"four_step": "four_step", "is_demo": "is_demo"}
CHILD_COLUMNS: dict[str, str] = {
    "steps": "steps",
    "channels": "channels",
    "documents": "documents",
    "legal_basis": "legal_documents",
}
REQUIRED_COLUMNS: tuple[str, ...] = ("code", "name")
ALL_COLUMNS: tuple[str, ...] = (
    "code",
    "name",
    "level",
    "level_text",
    "type",
    "field",
    "department",
    "status",
    "status_decision",
    "online_level",
    "four_step",
    "applicants",
    "deciding_agency",
    "executing_agency",
    "delegated_agency",
    "cooperating_agency",
    "address",
    "result",
    "conditions",
    "steps",
    "channels",
    "documents",
    "legal_basis",
    "decisions",
    "source_url",
    "is_demo",
)

_TRUE = {"1", "true", "yes", "x", "co", "đung", "dung"}
_FALSE = {"", "0", "false", "no", "khong", "sai"}
_UNESCAPED_BAR = re.compile(r"(?<!\\)((?:\\\\)*)\|")


# --- readable child-row text ------------------------------------------------------------


def _escape(part: object) -> str:
    text = "" if part is None else str(part)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r\n", "\n").replace("\n", "\\n")


def _unescape(part: str) -> str:
    out: list[str] = []
    chars = iter(part)
    for ch in chars:
        if ch == "\\":
            nxt = next(chars, "")
            out.append("\n" if nxt == "n" else nxt)
        else:
            out.append(ch)
    return "".join(out)


def lines_encode(rows: list[list[object]]) -> str:
    """Child rows → one line each, parts joined by ``|`` (trailing empty parts dropped)."""
    lines = []
    for parts in rows:
        texts = [_escape(p) for p in parts]
        while len(texts) > 1 and texts[-1] == "":
            texts.pop()
        lines.append("|".join(texts))
    return "\n".join(lines)


def lines_decode(text: object) -> list[list[str]]:
    """The inverse of ``lines_encode``; blank lines are skipped."""
    rows = []
    for line in str(text or "").replace("\r\n", "\n").split("\n"):
        if not line.strip():
            continue
        parts, start = [], 0
        for match in _UNESCAPED_BAR.finditer(line):
            end = match.end() - 1
            parts.append(line[start:end])
            start = match.end()
        parts.append(line[start:])
        rows.append([_unescape(p).strip() for p in parts])
    return rows


def _decimal_text(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text


# --- export ------------------------------------------------------------------------------


class ProcedureResource(resources.ModelResource):
    """Exports procedures in the round-trip format (see the module docstring)."""

    code = fields.Field(attribute="code", column_name="code")
    name = fields.Field(attribute="name", column_name="name")
    level = fields.Field(attribute="level", column_name="level")
    level_text = fields.Field(attribute="level_text", column_name="level_text")
    type = fields.Field(attribute="procedure_type", column_name="type")
    field = fields.Field(column_name="field")
    department = fields.Field(column_name="department")
    status = fields.Field(attribute="status", column_name="status")
    status_decision = fields.Field(column_name="status_decision")
    online_level = fields.Field(attribute="online_level", column_name="online_level")
    four_step = fields.Field(column_name="four_step")
    applicants = fields.Field(attribute="applicants", column_name="applicants")
    deciding_agency = fields.Field(attribute="deciding_agency", column_name="deciding_agency")
    executing_agency = fields.Field(attribute="executing_agency", column_name="executing_agency")
    delegated_agency = fields.Field(attribute="delegated_agency", column_name="delegated_agency")
    cooperating_agency = fields.Field(attribute="cooperating_agency", column_name="cooperating_agency")
    address = fields.Field(attribute="address", column_name="address")
    result = fields.Field(attribute="result", column_name="result")
    conditions = fields.Field(attribute="conditions", column_name="conditions")
    steps = fields.Field(column_name="steps")
    channels = fields.Field(column_name="channels")
    documents = fields.Field(column_name="documents")
    legal_basis = fields.Field(column_name="legal_basis")
    decisions = fields.Field(column_name="decisions")
    source_url = fields.Field(attribute="source_url", column_name="source_url")
    is_demo = fields.Field(column_name="is_demo")

    class Meta:
        model = Procedure
        fields = ALL_COLUMNS
        export_order = ALL_COLUMNS
        chunk_size = 500

    def get_queryset(self) -> QuerySet[Procedure]:
        return procedure_export_queryset()

    def dehydrate_field(self, procedure: Procedure) -> str:
        return procedure.field.name if procedure.field_id else ""

    def dehydrate_department(self, procedure: Procedure) -> str:
        return procedure.department.slug if procedure.department_id else ""

    def dehydrate_status_decision(self, procedure: Procedure) -> str:
        return procedure.status_decision.number if procedure.status_decision_id else ""

    def dehydrate_four_step(self, procedure: Procedure) -> str:
        return "1" if procedure.four_step else "0"

    def dehydrate_is_demo(self, procedure: Procedure) -> str:
        return "1" if procedure.is_demo else "0"

    def dehydrate_steps(self, procedure: Procedure) -> str:
        return lines_encode([[s.text, s.unit, s.time_share] for s in procedure.steps.all()])

    def dehydrate_channels(self, procedure: Procedure) -> str:
        return lines_encode(
            [
                [
                    c.kind,
                    _decimal_text(c.time_limit_value),
                    c.time_limit_unit,
                    "" if c.fee_amount is None else c.fee_amount,
                    "1" if c.fee_free else "0",
                    c.description,
                    c.time_limit_text,
                    c.fee_text,
                ]
                for c in procedure.channels.all()
            ]
        )

    def dehydrate_documents(self, procedure: Procedure) -> str:
        return lines_encode(
            [
                [
                    d.name,
                    d.template,
                    "" if d.originals is None else d.originals,
                    "" if d.copies is None else d.copies,
                    d.template_url,
                ]
                for d in procedure.documents.all()
            ]
        )

    def dehydrate_legal_basis(self, procedure: Procedure) -> str:
        return lines_encode([[d.code, d.title] for d in procedure.legal_documents.all()])

    def dehydrate_decisions(self, procedure: Procedure) -> str:
        return lines_encode(
            [[link.decision.number, link.action, link.note] for link in procedure.decision_links.all()]
        )


def procedure_export_queryset() -> QuerySet[Procedure]:
    """Everything an export row needs, fetched in a fixed number of queries."""
    return (
        Procedure.objects.select_related("field", "department", "status_decision")
        .prefetch_related("steps", "channels", "documents", "legal_documents", "decision_links__decision")
        .order_by("code")
    )


# --- import (a tablib row → ProcedureRow) ------------------------------------------------


def _choice(value: str, choices: type) -> str | None:
    """A choice value from its value or its Vietnamese label, accent-insensitive."""
    wanted = fold(value)
    for choice_value, label in choices.choices:
        if wanted in {fold(choice_value), fold(str(label))}:
            return choice_value
    return None


def _bool(value: str) -> bool | None:
    folded = fold(value)
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    return None


def _int(value: str) -> int | None:
    value = value.replace(".", "").replace(",", "").replace(" ", "")
    if not value:
        return None
    if not value.isdigit():
        raise ValueError(value)
    return int(value)


def _decimal(value: str) -> Decimal | None:
    value = value.replace(",", ".").strip()
    if not value:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation as exc:
        raise ValueError(value) from exc
    if number < 0 or not number.is_finite():
        raise ValueError(value)
    return number


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\r\n", "\n").replace("\u00a0", " ")


def _parse_channels(row: ProcedureRow, text: str) -> tuple[ChannelValues, ...]:
    channels = []
    for n, parts in enumerate(lines_decode(text), start=1):
        parts += [""] * (8 - len(parts))
        kind = _choice(parts[0], ChannelKind)
        if kind is None:
            row.error(
                "channels", f"Dòng {n}: hình thức nộp “{parts[0]}” không hợp lệ (in_person, online, post)."
            )
            continue
        unit = _choice(parts[2], TimeLimitUnit) if parts[2] else ""
        if unit is None:
            row.error("channels", f"Dòng {n}: đơn vị thời hạn “{parts[2]}” không hợp lệ.")
            continue
        free = _bool(parts[4])
        try:
            value = _decimal(parts[1])
            fee = _int(parts[3])
        except ValueError as exc:
            row.error("channels", f"Dòng {n}: “{exc}” không phải là số.")
            continue
        if free is None:
            row.error("channels", f"Dòng {n}: cột miễn phí phải là 1 hoặc 0, không phải “{parts[4]}”.")
            continue
        channels.append(ChannelValues(kind, value, unit, parts[6], fee, free, parts[7], parts[5]))
    return tuple(channels)


def _parse_documents(row: ProcedureRow, text: str) -> tuple[DocumentValues, ...]:
    documents = []
    for n, parts in enumerate(lines_decode(text), start=1):
        parts += [""] * (5 - len(parts))
        try:
            originals, copies = _int(parts[2]), _int(parts[3])
        except ValueError as exc:
            row.error("documents", f"Dòng {n}: số bản “{exc}” không phải là số.")
            continue
        documents.append(DocumentValues(parts[0], parts[1], parts[4], originals, copies))
    return tuple(documents)


def _parse_decisions(row: ProcedureRow, text: str) -> tuple[DecisionLinkValues, ...]:
    links = []
    for n, parts in enumerate(lines_decode(text), start=1):
        parts += [""] * (3 - len(parts))
        action = _choice(parts[1], DecisionAction) if parts[1] else DecisionAction.ADD
        if not parts[0] or action is None:
            row.error("decisions", f"Dòng {n}: cần “số quyết định|add/amend/repeal|ghi chú”.")
            continue
        links.append(DecisionLinkValues(text_clean(parts[0]), action, parts[2]))
    return tuple(links)


def _values_read(result: ProcedureRow, cells: dict[str, str]) -> None:
    """The procedure's own columns: texts, choices and yes/no flags."""
    for column, attr in TEXT_COLUMNS.items():
        if column in cells:
            result.values[attr] = cells[column].strip()
    for column, (attr, choices) in CHOICE_COLUMNS.items():
        if column in cells and cells[column].strip():
            value = _choice(cells[column].strip(), choices)
            if value is None:
                allowed = ", ".join(choices.values)
                result.error(column, f"Giá trị “{cells[column]}” không hợp lệ (dùng: {allowed}).")
            else:
                result.values[attr] = value
    for column, attr in BOOL_COLUMNS.items():
        if column in cells:
            flag = _bool(cells[column])
            if flag is None:
                result.error(column, f"Cần 1 hoặc 0, không phải “{cells[column]}”.")
            else:
                result.values[attr] = flag


def _references_read(result: ProcedureRow, cells: dict[str, str]) -> None:
    """The field, department and amending decision, resolved against the catalogue when planned."""
    if "field" in cells:
        result.field_name = text_clean(cells["field"])
    if "department" in cells:
        result.department_slug = cells["department"].strip()
    if "status_decision" in cells:
        result.status_decision = text_clean(cells["status_decision"])


def _children_read(result: ProcedureRow, cells: dict[str, str]) -> None:
    """The multi-line columns: steps, channels, documents, legal basis and decision links."""
    if "steps" in cells:
        result.children["steps"] = tuple(
            StepValues(*([*parts, "", ""])[:3]) for parts in lines_decode(cells["steps"])
        )
    if "channels" in cells:
        result.children["channels"] = _parse_channels(result, cells["channels"])
    if "documents" in cells:
        result.children["documents"] = _parse_documents(result, cells["documents"])
    if "legal_basis" in cells:
        result.children["legal_documents"] = tuple(
            LegalValues(title=([*parts, ""])[1], code=parts[0])
            for parts in lines_decode(cells["legal_basis"])
        )
    if "decisions" in cells:
        result.decisions = _parse_decisions(result, cells["decisions"])


def procedure_row_from_mapping(data: Mapping[str, Any], *, row: int) -> ProcedureRow:
    """One round-trip row (header → cell) as a ``ProcedureRow``; only present columns count."""
    cells = {str(key).strip(): _cell(value) for key, value in data.items() if key is not None}
    result = ProcedureRow(row=row, code=text_clean(cells.get("code")))
    _values_read(result, cells)
    _references_read(result, cells)
    _children_read(result, cells)
    return result


EXPORT_FORMATS: tuple[str, ...] = (".csv", ".xlsx", ".json")


def procedures_export_bytes(
    *, extension: str, queryset: QuerySet[Procedure] | None = None
) -> tuple[bytes, int]:
    """The round-trip file as bytes (CSV in UTF-8 with a BOM, so Excel shows Vietnamese) and its row count."""
    extension = extension.lower()
    if extension not in EXPORT_FORMATS:
        raise ValueError(f"Unsupported export format “{extension}”: use .csv, .xlsx or .json.")
    dataset = ProcedureResource().export(
        queryset=queryset if queryset is not None else procedure_export_queryset()
    )
    if extension in (".csv", ".xlsx"):
        # No text cell may run as a formula in Excel (the import reverses the apostrophe).
        dataset = tablib.Dataset(
            *([neutralise(value) for value in row] for row in dataset), headers=dataset.headers
        )
    if extension == ".csv":
        data = dataset.export("csv").encode("utf-8-sig")
    elif extension == ".xlsx":
        data = dataset.export("xlsx")
    else:
        data = dataset.export("json").encode("utf-8")
    return data, len(dataset)


def procedures_export(*, path: Path) -> int:
    """Write every procedure to ``path`` in the format its extension names; returns the row count."""
    data, count = procedures_export_bytes(extension=path.suffix)
    path.write_bytes(data)
    return count
