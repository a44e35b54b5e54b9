"""Tests of ``procedures.importers.national.list_spreadsheet`` against the real "Danh sách thủ
tục hành chính" exports and hand-made spreadsheets.

Pure pytest: no database and no Django settings.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from procedures.importers.national.list_spreadsheet import parse_national_list
from procedures.importers.national.records import ParseFailure
from tests.procedures.importers.national_data import LIST_BCA, LIST_BTP, needs_data

LIST_HEADER = ["Mã số", "Tên", "Cơ quan ban hành", "Cơ quan thực hiện", "Lĩnh vực"]


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    """A small spreadsheet laid out like the portal's export."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách TTHC"
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


BANNER = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nDANH SÁCH THỦ TỤC HÀNH CHÍNH", None, None, None, None]


@needs_data
@pytest.mark.parametrize(("path", "expected"), [(LIST_BTP, 271), (LIST_BCA, 339)])
def test_real_lists_parse_without_errors(path, expected):
    records, errors = parse_national_list(path)
    assert errors == []
    assert len(records) == expected
    assert len({record.code for record in records}) == expected
    assert all(record.code and record.name and record.issuing_agency for record in records)
    assert all(re.fullmatch(r"\d\.\d{6}", record.code) for record in records)


@needs_data
def test_real_list_splits_executing_agencies_and_strips_names():
    records, _ = parse_national_list(LIST_BTP)
    first = records[0]
    assert first.code == "1.014966"
    assert first.name.endswith("bị thu hồi chứng chỉ hành nghề")  # trailing space removed
    assert first.executing_agencies == ("Chủ tịch ủy ban nhân dân cấp tỉnh", "Sở Tư Pháp")
    assert first.issuing_agency == "Bộ Tư pháp"
    assert first.field == "Quản tài viên"
    # 61 cells hold line breaks; stray blank lines and repeated names are dropped, 39 keep 2+.
    assert sum(len(record.executing_agencies) > 1 for record in records) == 39
    assert ("Bộ Tư pháp", "Cơ quan đại diện Việt Nam ở nước ngoài") in {r.executing_agencies for r in records}
    assert all(
        "\n" not in agency and agency == agency.strip() for r in records for agency in r.executing_agencies
    )


@needs_data
def test_real_list_accepts_a_binary_file_object():
    with LIST_BCA.open("rb") as handle:
        records, errors = parse_national_list(handle)
    assert errors == [] and len(records) == 339
    assert any(record.executing_agencies == () for record in records)  # empty cell allowed


@needs_data
def test_list_and_records_cover_the_same_procedures(parsed):
    listed = {record.code for record in parse_national_list(LIST_BTP)[0]}
    assert listed == {record.code for record in parsed[0]} - {"1.004222"}


def test_list_header_found_ignoring_case_diacritics_and_spaces(tmp_path):
    path = write_xlsx(
        tmp_path / "list.xlsx",
        [
            BANNER,
            [None] * 5,
            ["MA SO", " tên ", "Cơ quan  ban hành", "co quan thuc hien", "LĨNH VỰC"],
            ["1.000001", "Thủ tục A", "Bộ Tư pháp", "Sở Tư pháp\n  UBND cấp tỉnh  \n", "Hộ tịch"],
        ],
    )
    records, errors = parse_national_list(path)
    assert errors == []
    assert records[0].executing_agencies == ("Sở Tư pháp", "UBND cấp tỉnh")


def test_list_missing_header_columns_are_named(tmp_path):
    path = write_xlsx(
        tmp_path / "list.xlsx", [BANNER, ["Mã số", "Tên", "Cơ quan thực hiện"], ["1.1", "A", "B"]]
    )
    with pytest.raises(ParseFailure) as failure:
        parse_national_list(path)
    assert len(failure.value.errors) == 1
    message = str(failure.value)
    assert "Cơ quan ban hành" in message and "Lĩnh vực" in message
    assert "Mã số," not in message.split("Thiếu cột tiêu đề:")[1].split("(")[0]
    assert failure.value.errors[0].column == "Cơ quan ban hành, Lĩnh vực"


def test_list_without_any_header_fails_clearly(tmp_path):
    path = write_xlsx(tmp_path / "list.xlsx", [["a", "b"], ["c", "d"]])
    with pytest.raises(ParseFailure, match="tiêu đề"):
        parse_national_list(path)


def test_list_duplicate_codes_name_both_rows(tmp_path):
    path = write_xlsx(
        tmp_path / "list.xlsx",
        [
            BANNER,
            LIST_HEADER,
            ["1.000001", "Thủ tục A", "Bộ", "Sở", "Hộ tịch"],
            [None, None, None, None, None],
            ["1.000002", "Thủ tục B", "Bộ", "Sở", "Hộ tịch"],
            [" 1.000001 ", "Thủ tục A (bản sao)", "Bộ", "Sở", "Hộ tịch"],
        ],
    )
    records, errors = parse_national_list(path)
    assert [record.code for record in records] == ["1.000001", "1.000002"]
    assert len(errors) == 1
    error = errors[0]
    assert (error.row, error.column) == (6, "Mã số")
    assert "dòng 3" in error.message and "dòng 6" in error.message and "1.000001" in error.message


def test_list_rows_without_code_or_name_report_their_row(tmp_path):
    path = write_xlsx(
        tmp_path / "list.xlsx",
        [
            BANNER,
            LIST_HEADER,
            ["", "Thủ tục không mã", "Bộ", "Sở", "Hộ tịch"],
            ["1.000003", "  ", "Bộ", "Sở", "Hộ tịch"],
            ["1.000004", "Thủ tục C", None, None, None],
            [None, None, None, None, None],
        ],
    )
    records, errors = parse_national_list(path)
    assert [record.code for record in records] == ["1.000004"]
    assert [(error.row, error.column) for error in errors] == [(3, "Mã số"), (4, "Tên")]


def test_list_numeric_code_keeps_six_decimals(tmp_path):
    path = write_xlsx(tmp_path / "list.xlsx", [LIST_HEADER, [1.00008, "Thủ tục", "Bộ", "Sở", "Hộ tịch"]])
    records, errors = parse_national_list(path)
    assert errors == [] and records[0].code == "1.000080"


@pytest.mark.parametrize(
    ("content", "hint"),
    [
        (b"", "rỗng"),
        (b"   \n", "rỗng"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old excel", ".xls"),
        (b"<html><table><tr><td>Ma so</td></tr></table></html>", "HTML"),
        (b"Ma so,Ten\n1.000001,A\n", "không phải .xlsx"),
        (b"PK\x03\x04 truncated zip", "hỏng"),
    ],
)
def test_list_rejects_non_xlsx_input_clearly(content, hint):
    with pytest.raises(ParseFailure) as failure:
        parse_national_list(io.BytesIO(content))
    message = str(failure.value)
    assert hint in message
    assert "Danh sách thủ tục hành chính" in message and ".xlsx" in message


def test_list_rejects_a_zip_that_is_not_a_workbook(tmp_path):
    import zipfile

    path = tmp_path / "fake.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    with pytest.raises(ParseFailure, match=r"\.xlsx"):
        parse_national_list(path)


def test_list_missing_file_fails_clearly(tmp_path):
    with pytest.raises(ParseFailure, match="Không đọc được tệp"):
        parse_national_list(tmp_path / "absent.xlsx")
