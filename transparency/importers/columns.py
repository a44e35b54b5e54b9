"""The dossier export's columns: order free, names matched ignoring case and diacritics,
English aliases accepted.

``Mã hồ sơ`` (code), ``Mã thủ tục`` (procedure_code), ``Cơ quan`` (department: name or short
name), ``Kênh`` (channel), ``Ngày tiếp nhận`` (received_at), ``Ngày hẹn trả`` (due_at, optional:
computed in working days when empty), ``Ngày trả kết quả`` (resolved_at), ``Trạng thái``
(status), ``Ngày hẹn lại`` (rescheduled_to, optional), ``Người nộp`` (applicant, optional, never
published).
"""

from __future__ import annotations

from typing import Any, Final

from core.folding import fold_label
from core.tabular.errors import RowError

#: key → (the Vietnamese header, the folded names accepted for it).
COLUMNS: Final[dict[str, tuple[str, tuple[str, ...]]]] = {
    "code": ("Mã hồ sơ", ("ma ho so", "code", "so bien nhan", "dossier code")),
    "procedure_code": ("Mã thủ tục", ("ma thu tuc", "procedure code", "procedure_code", "procedure")),
    "department": ("Cơ quan", ("co quan", "department", "co quan tiep nhan")),
    "channel": ("Kênh", ("kenh", "channel", "kenh nop")),
    "received_at": ("Ngày tiếp nhận", ("ngay tiep nhan", "received at", "received_at", "received")),
    "due_at": ("Ngày hẹn trả", ("ngay hen tra", "due at", "due_at", "due")),
    "resolved_at": ("Ngày trả kết quả", ("ngay tra ket qua", "resolved at", "resolved_at", "resolved")),
    "status": ("Trạng thái", ("trang thai", "status")),
    "rescheduled_to": ("Ngày hẹn lại", ("ngay hen lai", "rescheduled to", "rescheduled_to", "rescheduled")),
    "applicant": ("Người nộp", ("nguoi nop", "applicant", "applicant name")),
}
REQUIRED: Final = ("code", "procedure_code", "department", "channel", "received_at", "resolved_at", "status")


def header_map(header: list[Any]) -> tuple[dict[str, int], dict[str, str], list[RowError]]:
    """Column positions by key, the header text as written in the file, and header problems."""
    aliases = {alias: key for key, (_label, names) in COLUMNS.items() for alias in names}
    aliases.update({fold_label(label): key for key, (label, _names) in COLUMNS.items()})
    positions: dict[str, int] = {}
    labels: dict[str, str] = {}
    errors: list[RowError] = []
    for index, cell in enumerate(header):
        key = aliases.get(fold_label(cell))
        if key is None:
            continue
        if key in positions:
            errors.append(RowError(1, str(cell), f"Cột «{cell}» xuất hiện hai lần."))
            continue
        positions[key] = index
        labels[key] = str(cell).strip()
    for key in REQUIRED:
        if key not in positions:
            label = COLUMNS[key][0]
            errors.append(RowError(1, label, f"Thiếu cột bắt buộc «{label}» (hoặc «{COLUMNS[key][1][1]}»)."))
    if errors and not positions:
        errors.append(
            RowError(
                1,
                None,
                "Không nhận ra dòng tiêu đề nào: tệp có đúng là bản xuất hồ sơ, đúng mã hóa ký tự không?",
            )
        )
    return positions, labels, errors
