"""Reading the scraper's JSON files: one object per procedure, a list of them, or a folder."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from procedures.importers.national.channels import parse_channels
from procedures.importers.national.documents import parse_documents
from procedures.importers.national.legal import parse_legal_basis
from procedures.importers.national.levels import parse_level, parse_online_level
from procedures.importers.national.records import ParseError, ParseFailure, ProcedureRecord
from procedures.importers.national.steps import parse_steps
from procedures.importers.national.text import clean_text, prepare_text, split_agencies

_RESULT_UI_TAIL = re.compile(r"Chọn cơ quan thực hiện.*$", re.DOTALL)
_RESULT_CODE = re.compile(r"\s*Mã\s*:\s*(?P<code>[A-Z]{1,5}(?:\.[A-Z0-9]+)*\.\d+|\d+)")


def _join_lines(parts: Iterable[str]) -> str:
    """Non-empty parts, one per line, cleaned."""
    return clean_text("\n".join(part for part in parts if part))


def _parse_result(text: str) -> tuple[str, str]:
    """Clean "Kết quả xử lý": ``(results one per line, procedure description)``.

    The scraped field ends with page furniture ("Từ khóa…Mô tả…Chọn cơ quan thực hiện…Nộp hồ
    sơ"); the "Mô tả" (description) value is returned separately, the rest dropped.
    """
    text = prepare_text(text)
    description = ""
    keyword_at = text.find("Từ khóa")
    if keyword_at >= 0:
        tail = _RESULT_UI_TAIL.sub("", text[keyword_at:])
        described = tail.split("Mô tả", 1)
        description = clean_text(described[1]) if len(described) == 2 else ""
        text = text[:keyword_at]
    parts = []
    position = 0
    for match in _RESULT_CODE.finditer(text):
        parts.append(f"{clean_text(text[position : match.start()])} (Mã: {match.group('code')})")
        position = match.end()
    parts.append(clean_text(text[position:]))
    return _join_lines(parts), description


def parse_national_record(data: dict[str, Any], *, source: str = "") -> ProcedureRecord:
    """Build a :class:`ProcedureRecord` from one scraped JSON object.

    ``source`` (a file name) only serves error messages. Raises :class:`ParseFailure` when the
    object is not a procedure (no ``ma_thu_tuc`` / ``ten_thu_tuc``).
    """
    label = f"{source}: " if source else ""
    if not isinstance(data, dict):
        raise ParseFailure(
            f"{label}không phải một thủ tục (cần một đối tượng JSON, nhận {type(data).__name__})"
        )
    code = clean_text(data.get("ma_thu_tuc"))
    name = clean_text(data.get("ten_thu_tuc"))
    missing = [key for key, value in (("ma_thu_tuc", code), ("ten_thu_tuc", name)) if not value]
    if missing:
        raise ParseFailure(
            ParseError(
                None,
                missing[0],
                f"{label}không phải một thủ tục hành chính: thiếu {', '.join(missing)} "
                "(expected a dichvucong procedure record)",
            )
        )

    def text(key: str) -> str:
        return clean_text(data.get(key))

    def raw(key: str) -> str:
        value = data.get(key)
        if isinstance(value, list | tuple):
            return "\n".join(str(item) for item in value if item is not None)
        return "" if value is None else str(value)

    level_text = text("cap_thuc_hien")
    result, description = _parse_result(raw("ket_qua_xu_ly"))
    return ProcedureRecord(
        code=code,
        name=name,
        decision_number=text("so_quyet_dinh"),
        level=parse_level(level_text),
        level_text=level_text,
        procedure_type=text("loai_thu_tuc"),
        field=text("linh_vuc"),
        applicants=text("doi_tuong_thuc_hien"),
        deciding_agency=text("co_quan_co_tham_quyen"),
        executing_agencies=split_agencies(data.get("co_quan_thuc_hien")),
        delegated_agency=text("co_quan_duoc_uy_quyen"),
        cooperating_agency=text("co_quan_phoi_hop"),
        address=text("dia_chi_tiep_nhan"),
        result=result,
        conditions=text("yeu_cau_dieu_kien"),
        steps=parse_steps(raw("trinh_tu_thuc_hien")),
        channels=parse_channels(raw("cach_thuc_thuc_hien")),
        documents=parse_documents(raw("thanh_phan_ho_so")),
        legal_basis=parse_legal_basis(raw("can_cu_phap_ly")),
        source_url=text("detail_url"),
        online_level=parse_online_level(
            "\n".join(raw(key) for key in ("raw_text", "cach_thuc_thuc_hien", "trinh_tu_thuc_hien"))
        ),
        related_procedures=text("thu_tuc_lien_quan"),
        description=description,
    )


def _load_json(path: Path) -> Any:
    """Decode a JSON file (UTF-8, BOM allowed) or raise a ParseFailure naming it."""
    raw = path.read_bytes()
    if not raw.strip():
        raise ParseFailure(f"{path.name}: tệp rỗng (empty file; expected a JSON procedure record)")
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ParseFailure(
            f"{path.name}: không phải văn bản UTF-8 (byte {exc.start}); hãy lưu tệp JSON dưới dạng UTF-8"
        ) from exc
    except json.JSONDecodeError as exc:
        raise ParseFailure(
            f"{path.name}: JSON không hợp lệ ở dòng {exc.lineno}, cột {exc.colno}: {exc.msg}"
        ) from exc


def parse_national_records(path: Path | str) -> tuple[list[ProcedureRecord], list[ParseError]]:
    """Parse a JSON file (one object or a list of objects) or a folder of ``*.json`` files.

    Files of a folder are read in sorted order; every problem (unreadable file, invalid JSON,
    wrong encoding, an object that is not a procedure, duplicate codes) becomes a
    :class:`ParseError` whose message names the file (``row`` is the 1-based item of a JSON
    list). Raises :class:`ParseFailure` only when ``path`` does not exist.
    """
    path = Path(path)
    if path.is_dir():
        files = sorted(child for child in path.iterdir() if child.suffix.lower() == ".json")
        files = [child for child in files if child.is_file()]
        if not files:
            return [], [ParseError(None, None, f"{path.name}: thư mục không có tệp .json nào")]
    elif path.is_file():
        files = [path]
    else:
        raise ParseFailure(f"{path}: không tìm thấy tệp hoặc thư mục (not found)")

    records: list[ProcedureRecord] = []
    errors: list[ParseError] = []
    seen: dict[str, str] = {}
    for file in files:
        try:
            loaded = _load_json(file)
        except ParseFailure as failure:
            errors.extend(failure.errors)
            continue
        except OSError as exc:
            errors.append(ParseError(None, None, f"{file.name}: không đọc được tệp ({exc.strerror or exc})"))
            continue
        items = list(enumerate(loaded, start=1)) if isinstance(loaded, list) else [(None, loaded)]
        for item_number, item in items:
            where = f"{file.name}[{item_number}]" if item_number is not None else file.name
            try:
                record = parse_national_record(item, source=where)
            except ParseFailure as failure:
                errors.extend(
                    ParseError(item_number, error.column, error.message) for error in failure.errors
                )
                continue
            except Exception as exc:  # a malformed field must not abort the whole batch
                errors.append(ParseError(item_number, None, f"{where}: lỗi khi đọc bản ghi: {exc!r}"))
                continue
            if record.code in seen:
                errors.append(
                    ParseError(
                        item_number,
                        "ma_thu_tuc",
                        f"{where}: mã thủ tục {record.code} trùng với {seen[record.code]}",
                    )
                )
                continue
            seen[record.code] = where
            records.append(record)
    return records, errors
