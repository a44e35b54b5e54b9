"""Bad input gets a clear message and leaves the database unchanged."""

from __future__ import annotations

import io
import json
import unicodedata
from pathlib import Path

import pytest
from openpyxl import Workbook

from procedures.importers.pipeline import procedures_import
from procedures.models import Decision, Field, Procedure
from tests.factories import ChannelFactory, ProcedureFactory

pytestmark = pytest.mark.django_db

HEADER = "code,name,field,channels\n"
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def _snapshot() -> list[tuple]:
    procedures = sorted(
        (p.code, p.name, p.field_id, p.time_limit_days, p.latest_revision_id, p.channels.count())
        for p in Procedure.objects.all()
    )
    return [*procedures, ("fields", Field.objects.count(), "decisions", Decision.objects.count())]


@pytest.fixture
def existing():
    procedure = ProcedureFactory(code="1.000001", name="Thủ tục có sẵn")
    ChannelFactory(procedure=procedure)
    return _snapshot()


def _write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _list_xlsx(tmp_path: Path, header: list[str], rows: list[list[str]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nDANH SÁCH THỦ TỤC HÀNH CHÍNH"])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _write(tmp_path, "list.xlsx", buffer.getvalue())


def _cp1258(text: str) -> bytes:
    """Windows-1258 as old Vietnamese Excel writes it: base letter plus a combining tone mark."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONES))
            out += (base + "".join(c for c in decomposed if c in TONES)).encode("cp1258")
    return bytes(out)


def _messages(report) -> str:
    return " ".join(error.message for error in report.errors)


def test_spreadsheet_without_expected_header_names_the_missing_columns(tmp_path, existing):
    path = _list_xlsx(
        tmp_path, ["Mã số", "Tên", "Cơ quan ban hành"], [["1.000002", "Thủ tục A", "Bộ Tư pháp"]]
    )

    report = procedures_import(path=path)

    assert not report.ok
    assert "Cơ quan thực hiện" in _messages(report) and "Lĩnh vực" in _messages(report)
    assert _snapshot() == existing


def test_round_trip_csv_without_code_column_names_it(tmp_path, existing):
    report = procedures_import(path=_write(tmp_path, "x.csv", "ma,name\n1.000002,Thủ tục A\n"))

    assert report.errors[0].column == "code"
    assert "thiếu cột code" in report.errors[0].message
    assert _snapshot() == existing


def test_duplicate_codes_name_both_rows_and_nothing_is_written(tmp_path, existing):
    csv = HEADER + "1.000002,Thủ tục A,Hộ tịch,\n1.000003,Thủ tục B,Hộ tịch,\n1.000002,Thủ tục C,Hộ tịch,\n"

    report = procedures_import(path=_write(tmp_path, "dup.csv", csv))

    messages = [e.message for e in report.errors]
    assert report.as_json()["invalid"] == 2
    assert any("dòng 2" in m and "dòng 4" in m for m in messages)
    assert {e.row for e in report.errors} == {2, 4}
    assert _snapshot() == existing


def test_duplicate_codes_in_national_list_name_both_rows(tmp_path, existing):
    header = ["Mã số", "Tên", "Cơ quan ban hành", "Cơ quan thực hiện", "Lĩnh vực"]
    rows = [
        ["1.000002", "A", "Bộ Tư pháp", "Sở Tư pháp", "Hộ tịch"],
        ["1.000002", "B", "Bộ Tư pháp", "", "Hộ tịch"],
    ]

    report = procedures_import(path=_list_xlsx(tmp_path, header, rows))

    assert not report.ok
    assert any("dòng 3" in m and "dòng 4" in m for m in [e.message for e in report.errors])
    assert _snapshot() == existing


@pytest.mark.parametrize("name", ["empty.csv", "empty.json", "empty.xlsx"])
def test_empty_file_is_refused(tmp_path, existing, name):
    report = procedures_import(path=_write(tmp_path, name, b""))

    assert "rỗng" in _messages(report)
    assert _snapshot() == existing


def test_csv_with_header_only_says_there_is_nothing_to_import(tmp_path, existing):
    report = procedures_import(path=_write(tmp_path, "header.csv", HEADER))

    assert not report.ok
    assert "không có thủ tục" in _messages(report)
    assert _snapshot() == existing


def test_windows_1258_csv_is_decoded_with_a_note(tmp_path, existing):
    text = (
        HEADER
        + "1.000002,Cấp giấy phép xây dựng nhà ở riêng lẻ,Xây dựng,\n1.000003,Đăng ký thường trú,Hộ tịch,\n"
    )

    report = procedures_import(path=_write(tmp_path, "old.csv", _cp1258(text)))

    assert report.ok, report.errors
    assert any("Windows-1258" in note for note in report.notes)
    assert Procedure.objects.get(code="1.000002").name == "Cấp giấy phép xây dựng nhà ở riêng lẻ"
    assert Field.objects.filter(name="Xây dựng").exists()


def test_utf16_csv_is_decoded(tmp_path, existing):
    text = HEADER + "1.000002,Đăng ký thường trú,Hộ tịch,\n"

    report = procedures_import(path=_write(tmp_path, "u16.csv", text.encode("utf-16")))

    assert report.ok
    assert Procedure.objects.get(code="1.000002").name == "Đăng ký thường trú"


def test_csv_in_an_unknown_encoding_asks_for_utf8(tmp_path, existing):
    data = (HEADER + "1.000002,Ð\x9dÕ\x81,x,\n").encode("utf-8")[:-8] + bytes(range(0x80, 0xA0)) * 3

    report = procedures_import(path=_write(tmp_path, "bad.csv", data))

    assert not report.ok
    assert "UTF-8" in _messages(report)
    assert _snapshot() == existing


def test_file_over_the_size_limit_is_refused(tmp_path, existing, settings):
    settings.IMPORT_MAX_UPLOAD_SIZE = 100
    report = procedures_import(path=_write(tmp_path, "big.csv", HEADER + "1.000002,Thủ tục A,,\n" * 20))

    assert "quá lớn" in _messages(report)
    assert _snapshot() == existing


@pytest.mark.parametrize("payload", [{"foo": 1}, [1, 2], {"ma_thu_tuc": "1.000002"}, "text"])
def test_json_that_is_not_a_procedure_is_refused(tmp_path, existing, payload):
    report = procedures_import(path=_write(tmp_path, "x.json", json.dumps(payload)))

    assert not report.ok
    assert "không phải" in _messages(report) or "thủ tục" in _messages(report)
    assert _snapshot() == existing


def test_invalid_json_says_where(tmp_path, existing):
    report = procedures_import(path=_write(tmp_path, "x.json", '{"ma_thu_tuc": '))

    assert "JSON không hợp lệ" in _messages(report)
    assert _snapshot() == existing


@pytest.mark.parametrize("name", ["catalogue.pdf", "catalogue.txt", "catalogue"])
def test_wrong_extension_is_refused(tmp_path, existing, name):
    report = procedures_import(path=_write(tmp_path, name, HEADER + "1.000002,Thủ tục A,,\n"))

    assert "không được hỗ trợ" in _messages(report)
    assert _snapshot() == existing


def test_one_bad_row_blocks_the_whole_file_and_names_row_and_column(tmp_path, existing):
    csv = HEADER + '1.000002,Thủ tục A,Hộ tịch,in_person|5|working_days\n1.000003,Thủ tục B,,"tele|5"\n'

    report = procedures_import(path=_write(tmp_path, "bad-row.csv", csv))

    assert report.as_json()["invalid"] == 1
    error = report.as_json()["errors"][0]
    assert (error["row"], error["column"]) == (3, "channels")
    assert "tele" in error["message"]
    assert _snapshot() == existing


def test_xlsx_that_is_really_a_csv_is_refused(tmp_path, existing):
    report = procedures_import(path=_write(tmp_path, "renamed.xlsx", HEADER + "1.000002,A,,\n"))

    assert ".xlsx" in _messages(report)
    assert _snapshot() == existing
