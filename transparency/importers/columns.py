"""The dossier export shapes the import recognises by their columns (or JSON field names), and
where each of the portal's values is read in each.

* **The portal's own table** (CSV/XLSX; the template at ``/thong-ke/mau-nhap-ho-so.csv/``):
  ``Mã hồ sơ`` (code), ``Mã thủ tục`` (procedure_code), ``Cơ quan`` (department: name, short
  name, agency code or alias), ``Kênh`` (channel), ``Ngày tiếp nhận`` (received_at), ``Ngày hẹn
  trả`` (due_at, optional: computed in working days when empty), ``Ngày trả kết quả``
  (resolved_at), ``Trạng thái`` (status), ``Ngày hẹn lại`` (rescheduled_to, optional), ``Người
  nộp`` (applicant, optional, never published). English aliases accepted.
* **OpenCPS v2** (its REST list as JSON, or the same fields as a table): ``dossierNo``,
  ``serviceCode``, ``govAgencyCode``/``govAgencyName``, ``receiveDate``, ``dueDate``,
  ``extendDate``, ``releaseDate`` (processing finished), ``finishDate`` (handed over),
  ``dossierStatus``, ``online``/``viaPostal``, ``applicantName``, ``password`` (the look-up code).
* **OpenCPS's Excel dossier list** (``STT``, ``Mã hồ sơ``, ``Nội dung``, ``Chủ hồ sơ``, ``Ngày tiếp
  nhận``, ``Ngày hẹn trả``, ``Trạng thái``): taken when it also carries the procedure, the
  department, the channel and the end date; otherwise refused, naming the columns it lacks.
* **The national portal's sync records** (JSON, or a table): ``MaHoSo``, ``MaTTHC``,
  ``DonViXuLy`` (name) or ``MaDonViXuLy`` (agency code), ``NgayTiepNhan``, ``NgayHenTra``,
  ``NgayKetThucXuLy`` (processing finished), ``NgayTra`` (handed over), ``TrangThaiHoSo``,
  ``KenhThucHien`` or ``HinhThuc``, ``ChuHoSo``.

Headers are matched folded (case, accents, ``_`` and spaces do not matter); order is free.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from core.folding import fold_label
from core.tabular.errors import RowError
from transparency.enums import DossierSource

#: The portal's own table: key → (the Vietnamese header, the folded names accepted for it).
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
    "lookup_code": ("Mã tra cứu", ("ma tra cuu", "lookup code", "lookup_code", "password")),
}

#: Optional values a file may not carry at all: a dossier keeps what it has when the file has no
#: such column (the national records carry no look-up code, no new date).
KEPT_WHEN_ABSENT: Final = {
    "rescheduled_to": "rescheduled_to",
    "applicant": "applicant_name",
    "lookup_code": "lookup_secret",
}


@dataclass(frozen=True, slots=True)
class DossierFormat:
    """One export shape: where each value is read, which are required, which tables map its codes."""

    source: str
    name: str
    #: key → the headers that carry it (the first is named in messages).
    columns: dict[str, tuple[str, ...]]
    #: Each entry is a set of keys of which one must be present.
    required: tuple[tuple[str, ...], ...]
    status_source: str
    channel_source: str
    #: Two end dates (processing finished, handed over) instead of one ``resolved_at``.
    end_dates: bool = False
    #: Said when a required column is missing (why the shape cannot be classified without it).
    missing_hint: str = ""

    def label(self, key: str) -> str:
        return self.columns[key][0]


PORTAL: Final = DossierFormat(
    source=DossierSource.PORTAL,
    name="Bảng hồ sơ của cổng",
    columns={key: (label, *names) for key, (label, names) in COLUMNS.items()},
    required=tuple(
        (key,)
        for key in ("code", "procedure_code", "department", "channel", "received_at", "resolved_at", "status")
    ),
    status_source=DossierSource.PORTAL,
    channel_source=DossierSource.PORTAL,
)
OPENCPS: Final = DossierFormat(
    source=DossierSource.OPENCPS,
    name="OpenCPS",
    columns={
        "code": ("dossierNo",),
        "procedure_code": ("serviceCode",),
        "procedure_name": ("serviceName",),
        "department": ("govAgencyCode",),
        "department_name": ("govAgencyName",),
        "received_at": ("receiveDate",),
        "due_at": ("dueDate",),
        "rescheduled_to": ("extendDate",),
        "processing_end": ("releaseDate",),
        "handed_over": ("finishDate",),
        "status": ("dossierStatus",),
        "online": ("online",),
        "via_postal": ("viaPostal",),
        "applicant": ("applicantName",),
        "lookup_code": ("password",),
    },
    required=(
        ("code",),
        ("procedure_code", "procedure_name"),
        ("department", "department_name"),
        ("received_at",),
        ("status",),
        ("online",),
        ("processing_end", "handed_over"),
    ),
    status_source=DossierSource.OPENCPS,
    channel_source=DossierSource.OPENCPS,
    end_dates=True,
)
OPENCPS_LIST: Final = DossierFormat(
    source=DossierSource.OPENCPS,
    name="Danh sách hồ sơ OpenCPS (Excel)",
    columns={
        "code": ("Mã hồ sơ", "Số hồ sơ"),
        "procedure_code": ("Mã thủ tục", "Mã TTHC"),
        "procedure_name": ("Nội dung", "Tên thủ tục"),
        "department": ("Cơ quan", "Đơn vị", "Cơ quan thực hiện", "Đơn vị xử lý"),
        "channel": ("Kênh", "Hình thức", "Kênh nộp"),
        "received_at": ("Ngày tiếp nhận",),
        "due_at": ("Ngày hẹn trả",),
        "rescheduled_to": ("Ngày hẹn lại",),
        "processing_end": ("Ngày có kết quả", "Ngày kết thúc xử lý", "Ngày hoàn thành"),
        "handed_over": ("Ngày trả kết quả",),
        "status": ("Trạng thái",),
        "applicant": ("Chủ hồ sơ",),
    },
    required=(
        ("code",),
        ("procedure_code", "procedure_name"),
        ("department",),
        ("channel",),
        ("received_at",),
        ("status",),
        ("processing_end", "handed_over"),
    ),
    status_source=DossierSource.OPENCPS,
    channel_source=DossierSource.PORTAL,
    end_dates=True,
    missing_hint=(
        "Danh sách hồ sơ xuất từ OpenCPS chỉ có các cột hiển thị: không đủ để phân loại sớm/đúng/trễ hạn. "
        "Hãy xuất danh sách qua API của OpenCPS (JSON) hoặc thêm cột này."
    ),
)
NATIONAL: Final = DossierFormat(
    source=DossierSource.NATIONAL,
    name="Bản ghi đồng bộ Cổng DVC quốc gia",
    columns={
        "code": ("MaHoSo",),
        "procedure_code": ("MaTTHC",),
        "procedure_name": ("TenTTHC",),
        "department": ("MaDonViXuLy", "MaCoQuan", "MaDonVi"),
        "department_name": ("DonViXuLy", "TenDonViXuLy"),
        "received_at": ("NgayTiepNhan",),
        "due_at": ("NgayHenTra",),
        "processing_end": ("NgayKetThucXuLy",),
        "handed_over": ("NgayTra",),
        "status": ("TrangThaiHoSo",),
        "channel": ("KenhThucHien", "HinhThuc"),
        "applicant": ("ChuHoSo",),
    },
    required=(
        ("code",),
        ("procedure_code", "procedure_name"),
        ("department", "department_name"),
        ("received_at",),
        ("status",),
        ("channel",),
        ("processing_end", "handed_over"),
    ),
    status_source=DossierSource.NATIONAL,
    channel_source=DossierSource.NATIONAL,
    end_dates=True,
)
FORMATS: Final = (PORTAL, OPENCPS, OPENCPS_LIST, NATIONAL)


def format_recognise(header: list[Any]) -> DossierFormat:
    """The shape a header belongs to: by the field only that shape names, else the portal's table."""
    folded = {fold_label(cell) for cell in header}
    if "mahoso" in folded:
        return NATIONAL
    if "dossierno" in folded:
        return OPENCPS
    if {"stt", "noi dung", "chu ho so"} <= folded:
        return OPENCPS_LIST
    return PORTAL


@dataclass(frozen=True, slots=True)
class HeaderMap:
    """Where a file's values are: the shape, the column of each key, and the headers as written."""

    fmt: DossierFormat
    positions: dict[str, int]
    labels: dict[str, str]

    def label(self, key: str) -> str:
        return self.labels.get(key) or (self.fmt.label(key) if key in self.fmt.columns else key)


def header_map(header: list[Any]) -> tuple[HeaderMap, list[RowError]]:
    """The shape of the file, its columns by key, and the header's problems (row 1)."""
    fmt = format_recognise(header)
    aliases = {fold_label(name): key for key, names in fmt.columns.items() for name in names}
    positions: dict[str, int] = {}
    labels: dict[str, str] = {}
    errors: list[RowError] = []
    for index, cell in enumerate(header):
        key = aliases.get(fold_label(cell))
        if key is None:
            continue
        if key in positions:
            errors.append(
                RowError(
                    1, str(cell), f"Cột «{cell}» xuất hiện hai lần (hoặc cùng nghĩa với «{labels[key]}»)."
                )
            )
            continue
        positions[key] = index
        labels[key] = str(cell).strip()
    for keys in fmt.required:
        if not any(key in positions for key in keys):
            if fmt is PORTAL:
                message = f"Thiếu cột bắt buộc «{fmt.label(keys[0])}» (hoặc «{fmt.columns[keys[0]][2]}»)."
            else:
                names = " hoặc ".join(f"«{fmt.label(key)}»" for key in keys)
                hint = f" {fmt.missing_hint}" if fmt.missing_hint else ""
                message = f"Thiếu cột bắt buộc {names} ({fmt.name}).{hint}"
            errors.append(RowError(1, fmt.label(keys[0]), message))
    if errors and not positions:
        errors.append(
            RowError(
                1,
                None,
                "Không nhận ra dòng tiêu đề nào: tệp có đúng là bản xuất hồ sơ (bảng của cổng, OpenCPS hoặc "
                "bản ghi đồng bộ quốc gia), đúng mã hóa ký tự không?",
            )
        )
    return HeaderMap(fmt, positions, labels), errors
