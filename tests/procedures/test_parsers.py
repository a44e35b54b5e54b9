"""Tests of procedures.parsers against the real dichvucong.gov.vn exports (../shared/reference-data).

Pure pytest: no database and no Django settings. The reference files are read in place from
``../shared/reference-data/dichvucong`` (never copied into the repository); tests needing them
are skipped when that folder is absent.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from procedures.parsers import (
    ChannelRecord,
    DocumentRecord,
    LegalDocRecord,
    ParseError,
    ParseFailure,
    ProcedureRecord,
    StepRecord,
    clean_text,
    parse_channels,
    parse_documents,
    parse_legal_basis,
    parse_level,
    parse_national_list,
    parse_national_record,
    parse_national_records,
    parse_online_level,
    parse_steps,
)
from search.relevance.loader import REFERENCE_DIR

REPO = Path(__file__).resolve().parents[2]
DATA = REFERENCE_DIR
RECORDS = DATA / "records-bo-tu-phap"
SAMPLE = DATA / "sample-bo-cong-an-1.004222.json"
LIST_BTP = DATA / "lists" / "danh-sach-tthc-BoTuPhap.xlsx"
LIST_BCA = DATA / "lists" / "danh-sach-tthc-BoCongAn.xlsx"

needs_data = pytest.mark.skipif(
    not DATA.is_dir(),
    reason=f"reference data not found at {DATA} (the shared dichvucong exports are not mounted)",
)

HEADER = "Hình thức nộpThời gianPhí, lệ phíMô tả"
LIST_HEADER = ["Mã số", "Tên", "Cơ quan ban hành", "Cơ quan thực hiện", "Lĩnh vực"]
# "04/2020/TT-BTP", "66.7/2025/NQ-CP", "2338/QĐ-BTP", or a code cell without issuer ("24/2024").
CODE_SHAPE = re.compile(
    r"^\d+(?:\.\d+|\.?[a-z])?/(?:\d{4}/)?[A-ZĐƯ][A-Za-zĐƯ0-9]*(?:-[A-ZĐƯ0-9][A-Za-zĐƯ0-9]*)*$|^\d+/\d{4}$"
)


# --------------------------------------------------------------------------------------------
# Shared parsed data (parsed once per module: keeps the suite well under a second or two)
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def raw_records() -> list[tuple[str, dict]]:
    if not DATA.is_dir():
        pytest.skip(f"reference data not found at {DATA}")
    files = [*sorted(RECORDS.glob("*.json")), SAMPLE]
    return [(path.name, json.loads(path.read_text(encoding="utf-8"))) for path in files]


@pytest.fixture(scope="module")
def parsed() -> tuple[list[ProcedureRecord], list[ParseError]]:
    if not DATA.is_dir():
        pytest.skip(f"reference data not found at {DATA}")
    records, errors = parse_national_records(RECORDS)
    sample_records, sample_errors = parse_national_records(SAMPLE)
    return records + sample_records, errors + sample_errors


@pytest.fixture(scope="module")
def by_code(parsed) -> dict[str, ProcedureRecord]:
    return {record.code: record for record in parsed[0]}


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


# --------------------------------------------------------------------------------------------
# Module hygiene
# --------------------------------------------------------------------------------------------


def test_parsers_import_without_django_settings():
    code = "import sys, procedures.parsers; print('django' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "False", "procedures.parsers must not import Django"


def test_choice_values_match_procedures_enums():
    pytest.importorskip("django")
    from procedures import enums, parsers

    assert {parsers.CHANNEL_IN_PERSON, parsers.CHANNEL_ONLINE, parsers.CHANNEL_POST} == set(
        enums.ChannelKind.values
    )
    assert {
        parsers.UNIT_WORKING_DAYS,
        parsers.UNIT_CALENDAR_DAYS,
        parsers.UNIT_HOURS,
        parsers.UNIT_SAME_DAY,
    } == set(enums.TimeLimitUnit.values)
    levels = {parsers.LEVEL_MINISTRY, parsers.LEVEL_PROVINCE, parsers.LEVEL_DISTRICT}
    assert levels | {parsers.LEVEL_COMMUNE, parsers.LEVEL_OTHER} == set(enums.Level.values)
    assert {parsers.ONLINE_FULL, parsers.ONLINE_PARTIAL} <= set(enums.OnlineLevel.values)


def test_records_are_frozen():
    step = StepRecord(order=1, text="a")
    with pytest.raises(AttributeError):
        step.text = "b"  # type: ignore[misc]


# --------------------------------------------------------------------------------------------
# clean_text
# --------------------------------------------------------------------------------------------


def test_clean_text_replaces_non_breaking_spaces():
    assert (
        clean_text("Ủy ban Nhân dân\xa0xã,\xa0phường,\xa0thị trấn.")
        == "Ủy ban Nhân dân xã, phường, thị trấn."
    )


def test_clean_text_collapses_strips_and_drops_empty_lines():
    assert clean_text("  a \t\t b  \n\n   \n\tc\u200b  d \r\n") == "a b\nc d"


def test_clean_text_no_information_and_none():
    assert clean_text("Không có thông tin") == ""
    assert clean_text("  Không  có thông\xa0tin \n") == ""
    assert clean_text(None) == ""
    assert clean_text("Không có thông tin về phí") == "Không có thông tin về phí"


def test_clean_text_normalises_decomposed_vietnamese():
    decomposed = "Nghi\u0323 đi\u0323nh"  # "Nghị định" with combining dots, as in 16 records
    assert clean_text(decomposed) == "Nghị định"


# --------------------------------------------------------------------------------------------
# The "Danh sách thủ tục hành chính" spreadsheets
# --------------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------------
# JSON records: the whole reference set
# --------------------------------------------------------------------------------------------


@needs_data
def test_all_reference_records_parse_without_errors(parsed):
    records, errors = parsed
    assert errors == []
    assert len(records) == 272
    assert len({record.code for record in records}) == 272
    for record in records:
        assert record.code and record.name and record.source_url.startswith("https://dichvucong.gov.vn/")
        assert record.level in {"ministry", "province", "commune", "other"}
        assert record.channels, record.code
        assert record.documents, record.code
        assert record.legal_basis, record.code


# A channel row in the raw text: a channel name followed by its time cell (a digit or "no info").
RAW_ROW = re.compile(r"(Dịch vụ bưu chính|Bưu chính|Trực tuyến|Trực tiếp)(?=\s*(?:\d|Không có thông tin))")


@needs_data
def test_every_channel_whose_time_part_has_a_digit_gets_a_time_limit(raw_records, by_code):
    """Acceptance: across all 271 records and the sample, no time limit is lost."""
    with_digit = with_value = 0
    for name, data in raw_records:
        text = data["cach_thuc_thuc_hien"].replace("\xa0", " ")
        starts = list(RAW_ROW.finditer(text))
        channels = by_code[data["ma_thu_tuc"]].channels
        assert len(channels) == len(starts), name
        for index, (match, channel) in enumerate(zip(starts, channels, strict=True)):
            end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
            row = text[match.end() : end]
            time_part = re.match(r"\s*(\d[\d.,]*\s*(?:Ngày làm việc|Ngày|Giờ)?)?", row).group(0)
            if re.search(r"\d", time_part):
                with_digit += 1
                assert channel.time_limit_value is not None, (name, row[:60])
                number = re.match(r"\s*(\d+(?:,\d+)?)", row).group(1)
                if re.match(r"\s*\d+\s*(?:VNĐ|Việt Nam Đồng|USD)", row):  # "1200 VNĐ": time 1, fee 200
                    assert number.startswith(str(channel.time_limit_value)), (name, row[:60])
                else:
                    assert channel.time_limit_value == Decimal(number.replace(",", ".")), (name, row[:60])
                with_value += 1
    assert with_digit == with_value == 712


@needs_data
def test_reference_counts(parsed):
    """What the parsers extract from the reference set (update deliberately when they improve)."""
    records, _ = parsed
    channels = [channel for record in records for channel in record.channels]
    counts = {
        "records": len(records),
        "channels": len(channels),
        "channels with time limit": sum(channel.time_limit_value is not None for channel in channels),
        "channels free": sum(channel.fee_free for channel in channels),
        "channels with fee amount > 0": sum((channel.fee_amount or 0) > 0 for channel in channels),
        "steps": sum(len(record.steps) for record in records),
        "documents": sum(len(record.documents) for record in records),
        "documents with template": sum(bool(doc.template) for record in records for doc in record.documents),
        "legal documents": sum(len(record.legal_basis) for record in records),
        "legal documents with code": sum(bool(doc.code) for record in records for doc in record.legal_basis),
    }
    assert counts == {
        "records": 272,
        "channels": 771,
        "channels with time limit": 715,  # 712 from the time column + 3 from "Trong thời hạn 30 ngày"
        "channels free": 473,
        "channels with fee amount > 0": 268,
        "steps": 1138,
        "documents": 1875,
        "documents with template": 151,
        "legal documents": 1754,
        "legal documents with code": 1754,
    }


@needs_data
def test_channel_fields_are_consistent(parsed):
    units = {"working_days", "calendar_days", "hours", "same_day", None}
    for record in parsed[0]:
        for channel in record.channels:
            assert channel.kind in {"online", "in_person", "post"}
            assert channel.time_limit_unit in units
            assert (channel.time_limit_value is None) == (channel.time_limit_text == "")
            assert channel.fee_free == (channel.fee_amount == 0)
            assert "Không có thông tin" not in channel.fee_text


@needs_data
def test_steps_lose_no_text(raw_records, by_code):
    for name, data in raw_records:
        source = re.sub(r"(?m)^Bước\s*\d+", " ", clean_text(data["trinh_tu_thuc_hien"]))
        words = re.findall(r"\w+", source)
        out = " ".join(step.text for step in by_code[data["ma_thu_tuc"]].steps)
        missing = set(words) - set(re.findall(r"\w+", out))
        assert not missing, (name, sorted(missing)[:10])
        assert len(re.findall(r"\w+", out)) == len(words), name


def words_of(text: str) -> list[str]:
    """Letter runs of ``text``, also split where run-together cells meet ("chínhCơ", "BTPMẫu")."""

    def starts_word(index: int) -> bool:
        if index == 0 or not text[index].isupper():
            return False
        before, after = text[index - 1], text[index + 1 : index + 2]
        return before.islower() or (before.isupper() and after.islower())

    spaced = "".join(f" {char}" if starts_word(index) else char for index, char in enumerate(text))
    return re.findall(r"[^\W\d_]+", spaced)


@needs_data
def test_documents_lose_no_text(raw_records, by_code):
    for name, data in raw_records:
        source = clean_text(data["thanh_phan_ho_so"])
        source = re.sub(r"Tên giấy tờ\s*Mẫu đơn, tờ khai\s*Số lượng", " ", source)
        source = re.sub(r"\d+\s*bản chính(?:\s*,\s*\d+\s*bản sao)?", " ", source)
        docs = by_code[data["ma_thu_tuc"]].documents
        out = set(words_of(" ".join(f"{doc.group} {doc.name} {doc.template}" for doc in docs)))
        missing = set(words_of(source)) - out
        assert not missing, (name, sorted(missing)[:10])


@needs_data
def test_legal_basis_loses_no_text_and_codes_are_well_formed(raw_records, by_code):
    for name, data in raw_records:
        text = clean_text(data["can_cu_phap_ly"]).replace("Tên văn bản pháp lýMã văn bản", "")
        docs = by_code[data["ma_thu_tuc"]].legal_basis
        out = " ".join(f"{doc.title} {doc.code}" for doc in docs)
        flat = "".join(re.findall(r"[^\W\d_]+", out))
        # words_of() may glue an issuer's last capital to the next word ("…NĐ-CPquy" → "Pquy").
        missing = {word for word in words_of(text) if word not in flat and word[1:] not in flat}
        assert not missing, (name, sorted(missing)[:10])
        for doc in docs:
            assert doc.title, (name, doc)
            assert CODE_SHAPE.match(doc.code), (name, doc.code)


@needs_data
def test_result_field_drops_page_furniture(parsed):
    for record in parsed[0]:
        assert "Chọn cơ quan thực hiện" not in record.result
        assert "Từ khóa" not in record.result


# --------------------------------------------------------------------------------------------
# JSON records: specific procedures
# --------------------------------------------------------------------------------------------


@needs_data
def test_sample_1_004222_channels_time_and_fees(by_code):
    record = by_code["1.004222"]
    assert record.name == "Đăng ký thường trú"
    assert (record.level, record.level_text) == ("commune", "Cấp xã")
    assert record.decision_number == "1523/QĐ-BCA-C06"
    assert [channel.kind for channel in record.channels] == ["online", "in_person"]
    online, in_person = record.channels
    for channel in record.channels:
        assert channel.time_limit_value == Decimal(7)
        assert channel.time_limit_unit == "working_days"
        assert channel.time_limit_text == "7 Ngày làm việc"
        assert not channel.fee_free
    assert online.fee_amount == 10000 and online.fee_text.startswith("10,000 Việt Nam Đồng (Trường hợp")
    assert in_person.fee_amount == 20000 and "75/2022/TT-BTC" in in_person.fee_text


@needs_data
def test_sample_1_004222_steps_documents_legal_basis(by_code):
    record = by_code["1.004222"]
    assert [step.order for step in record.steps] == [1, 2, 3, 4, 5]
    assert record.steps[0].text == "Cá nhân, tổ chức chuẩn bị hồ sơ theo quy định của pháp luật."
    assert record.steps[2].text.count("\n- Trường hợp hồ sơ") == 2  # sub-points stay in step 3
    assert all(not step.text.startswith("Bước") for step in record.steps)
    assert record.documents[0].group == "Đăng ký thường trú vào chỗ ở hợp pháp thuộc quyền sở hữu của mình"
    assert (record.documents[0].originals, record.documents[0].copies) == (1, 0)
    legal = {doc.code: doc.title for doc in record.legal_basis}
    assert legal["68/2020/QH14"] == "Luật Cư trú 2020"
    assert legal["53/2025/TT-BCA"].startswith("Thông tư số 53/2025/TT-BCAngày 01/7/2025 của Bộ Công an")
    assert legal["57/2021/TT-BCA"] == "Thông tư 57/2021/TT-BCA"
    assert legal["58/2026/NĐ-CP"].startswith("SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU")
    assert len(record.legal_basis) == 11
    assert record.result.splitlines()[0] == (
        "Cập nhật thông tin trong Cơ sở dữ liệu quốc gia về dân cư (Mã: KQ.G01.000064)"
    )


@needs_data
def test_bullet_steps_are_ordered_and_stripped(by_code):
    record = by_code["1.000419"]  # "- " bullet lines
    texts = [step.text for step in record.steps]
    assert [step.order for step in record.steps] == list(range(1, 6))
    assert texts[0].startswith("Công chức tư pháp - hộ tịch được giao nhiệm vụ đăng ký khai tử lưu động")
    assert texts[1].startswith("Tại địa điểm đăng ký khai tử lưu động")
    assert texts[4].startswith("Trường hợp người yêu cầu không biết chữ")
    assert "* Lưu ý: - Hộ chiếu" in texts[4]  # the note continues the last step
    assert not any(text.startswith("-") for text in texts)


@needs_data
def test_wrapped_lines_and_time_share(by_code):
    steps = by_code["1.002270"].steps
    assert (
        steps[0].text == "Đương sự có quyền yêu cầu cơ quan thi hành án dân sự xác nhận kết quả thi hành án."
    )
    assert steps[1].time_share == "03 ngày làm việc"


@needs_data
def test_plain_line_steps(by_code):
    steps = by_code["1.000688"].steps  # no bullets: one step per line
    assert len(steps) == 6
    assert steps[1].time_share == "05 ngày làm việc"


@needs_data
def test_unitless_time_glued_to_fee(by_code):
    channel = by_code["1.005141"].channels[0]  # "Trực tuyến1200 VNĐ"
    assert (channel.time_limit_value, channel.time_limit_unit) == (Decimal(1), "working_days")
    assert (channel.fee_amount, channel.fee_text) == (200, "200 VNĐ")


@needs_data
def test_usd_fee_and_unknown_time(by_code):
    channel = by_code["2.000975"].channels[0]
    assert channel.time_limit_value is None and channel.time_limit_unit is None
    assert channel.fee_amount is None and channel.fee_text == "10 USD (/bản)"


@needs_data
def test_time_limit_read_from_description_when_time_column_is_empty(by_code):
    channel = by_code["1.003213"].channels[0]
    assert (channel.time_limit_value, channel.time_limit_unit) == (Decimal(30), "calendar_days")
    assert channel.time_limit_text == "Trong thời hạn 30 ngày"


@needs_data
def test_documents_templates_and_counts(by_code):
    documents = by_code["1.002234"].documents
    assert documents[0].name.startswith("Bản chính hoặc bản sao điện tử Hợp đồng sáp nhập công ty luật")
    assert (documents[0].originals, documents[0].copies) == (0, 1)
    assert documents[2].name == "Giấy đề nghị sáp nhập công ty luật"
    assert documents[2].template == "Mẫu TP-LS-28-sđ.docx"
    two = by_code["1.013807"].documents[0]
    assert two.template == "Mẫu TP-TSCC-01a.docx\nMẫu TP-TSCC-01b.docx"
    odd = by_code["1.002032"].documents[0]
    assert odd.template == "6. TP-LS-06. De nghi thay doi DKHD TCHNLS.doc"
    assert odd.name.endswith("tổ chức hành nghề luật sư.")


@needs_data
def test_document_groups(by_code):
    groups = [doc.group for doc in by_code["1.000419"].documents]
    assert groups[:2] == ["Giấy tờ phải nộp", "Giấy tờ phải nộp"]
    assert groups[-1] == "Giấy tờ phải xuất trình"
    assert by_code["1.000419"].documents[0].name == "Tờ khai đăng ký khai tử theo mẫu;"


@needs_data
def test_legal_basis_of_a_bo_tu_phap_record(by_code):
    legal = by_code["1.000419"].legal_basis
    assert legal[0] == LegalDocRecord(
        1,
        "Hướng dẫn Luật hộ tịch và Nghị định 123/2015/NĐ-CP hướng dẫn Luật hộ tịch"
        " do Bộ trưởng Bộ Tư pháp ban hành",
        "04/2020/TT-BTP",
    )
    assert LegalDocRecord(4, "Luật 60/2014/QH13", "60/2014/QH13") in legal
    assert legal[-1].code == "66.7/2025/NQ-CP"


@needs_data
def test_online_level(by_code):
    assert by_code["1.002099"].online_level == "full"  # "dịch vụ công trực tuyến toàn trình"
    assert by_code["1.002270"].online_level is None  # "toàn bộ hoặc một phần quyền" is not a level
    assert by_code["2.000913"].online_level is None


# --------------------------------------------------------------------------------------------
# Field parsers on hand-written input
# --------------------------------------------------------------------------------------------


def test_channels_units_fees_and_kinds():
    text = (
        HEADER
        + "Trực tuyến0,5 Ngày làm việcLệ phí : 100.000 ĐồngNộp qua cổng"
        + "Bưu chínhTrong ngàyKhông"
        + "Trực tiếp4 GiờMiễn phí(Không thu)Trực tiếp thực hiện hoặc ủy quyền"
        + "Dịch vụ bưu chính5Không có thông tin"
    )
    online, post, in_person, post_default = parse_channels(text)
    assert online == ChannelRecord(
        "online",
        Decimal("0.5"),
        "working_days",
        "0,5 Ngày làm việc",
        100000,
        False,
        "Lệ phí : 100.000 Đồng",
        "Nộp qua cổng",
    )
    assert (post.kind, post.time_limit_value, post.time_limit_unit, post.fee_free) == (
        "post",
        None,
        "same_day",
        True,
    )
    assert (in_person.time_limit_unit, in_person.fee_text) == ("hours", "Miễn phí (Không thu)")
    assert in_person.description == "Trực tiếp thực hiện hoặc ủy quyền"
    assert (post_default.time_limit_value, post_default.time_limit_unit) == (Decimal(5), "working_days")
    assert (post_default.fee_amount, post_default.fee_free, post_default.fee_text) == (None, False, "")


def test_channels_time_text_running_into_the_description():
    (channel,) = parse_channels(HEADER + "Trực tiếp05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệMiễn phí")
    assert channel.time_limit_value == Decimal(5) and channel.time_limit_unit == "working_days"
    assert channel.time_limit_text == "05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ"
    assert channel.fee_free


def test_channels_calendar_days_and_unrepresentable_units():
    day, month = parse_channels(HEADER + "Trực tiếp10 NgàyMiễn phíTrực tuyến3 ThángMiễn phí")
    assert (day.time_limit_value, day.time_limit_unit) == (Decimal(10), "calendar_days")
    assert (month.time_limit_value, month.time_limit_unit, month.time_limit_text) == (
        Decimal(3),
        None,
        "3 Tháng",
    )


def test_channels_empty():
    assert parse_channels("") == ()
    assert parse_channels(HEADER) == ()


def test_steps_bullets_markers_and_lines():
    assert [s.text for s in parse_steps("- Một.\n- Hai\ntiếp tục.\n+ chi tiết")] == [
        "Một.",
        "Hai tiếp tục.\n+ chi tiết",
    ]
    assert [s.text for s in parse_steps("Mở đầu\nBước 1: A\n- a1\nBước 2. B")] == ["Mở đầu", "A\n- a1", "B"]
    assert [s.text for s in parse_steps("Dòng một.\nDòng hai.")] == ["Dòng một.", "Dòng hai."]
    assert parse_steps("Không có thông tin") == ()
    assert parse_steps("- Trong thời hạn 07 ngày kể từ …")[0].time_share == "07 ngày"


def test_documents_without_header_fall_back_to_lines():
    assert [d.name for d in parse_documents("Đơn đề nghị\nBản sao giấy tờ")] == [
        "Đơn đề nghị",
        "Bản sao giấy tờ",
    ]
    (document,) = parse_documents(
        "--Tên giấy tờMẫu đơn, tờ khaiSố lượng- Tờ khai (01 bản chính hoặc bản sao);2 bản chính"
    )
    assert document == DocumentRecord(1, "Tờ khai (01 bản chính hoặc bản sao);", "", 2, 0, "")


def test_legal_basis_law_number_and_missing_code():
    docs = parse_legal_basis(
        "Tên văn bản pháp lýMã văn bảnLuật Hộ tịchLuật số 60/2014/QH13Văn bản không có mã"
    )
    assert docs == (
        LegalDocRecord(1, "Luật Hộ tịch", "60/2014/QH13"),
        LegalDocRecord(2, "Văn bản không có mã", ""),
    )
    assert parse_legal_basis(
        "Tên văn bản pháp lýMã văn bảnQuyết định công bố TTHCQuyết định số 2338/QĐ-BTP"
    ) == (LegalDocRecord(1, "Quyết định công bố TTHC", "2338/QĐ-BTP"),)


def test_level_and_online_level_helpers():
    assert parse_level("Cấp Tỉnh, Cấp Xã") == "province"
    assert parse_level("Cấp Bộ") == "ministry"
    assert parse_level("Cấp Huyện") == "district"
    assert parse_level("cấp xã") == "commune"
    assert parse_level("Cơ quan khác") == "other"
    assert parse_level("") == ""
    assert parse_online_level("Dịch vụ công trực tuyến một phần") == "partial"
    assert parse_online_level("thực hiện một phần nghĩa vụ") is None


# --------------------------------------------------------------------------------------------
# parse_national_record(s): errors name the file
# --------------------------------------------------------------------------------------------


def test_non_procedure_json_names_the_file(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps({"ma_thu_tuc": "1.1", "ten_thu_tuc": "A"}), encoding="utf-8")
    (tmp_path / "b-config.json").write_text(json.dumps({"name": "not a procedure"}), encoding="utf-8")
    records, errors = parse_national_records(tmp_path)
    assert [record.code for record in records] == ["1.1"]
    assert len(errors) == 1 and "b-config.json" in errors[0].message and "ma_thu_tuc" in errors[0].message


def test_non_procedure_record_raises(tmp_path):
    with pytest.raises(ParseFailure, match=r"x\.json"):
        parse_national_record({"foo": 1}, source="x.json")
    with pytest.raises(ParseFailure, match=r"x\.json"):
        parse_national_record(["not", "a", "dict"], source="x.json")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("content", "hint"),
    [
        (b"{not json", "JSON không hợp lệ"),
        ('{"ma_thu_tuc": "1.1", "ten_thu_tuc": "Đăng ký"}'.encode("utf-16"), "UTF-8"),
        (b"", "rỗng"),
        (b"42", "không phải một thủ tục"),
    ],
)
def test_bad_json_files_are_reported_by_name(tmp_path, content, hint):
    path = tmp_path / "broken.json"
    path.write_bytes(content)
    records, errors = parse_national_records(path)
    assert records == []
    assert len(errors) == 1
    assert "broken.json" in errors[0].message and hint in errors[0].message


def test_json_list_items_and_duplicates(tmp_path):
    items = [
        {"ma_thu_tuc": "1.1", "ten_thu_tuc": "A", "cap_thuc_hien": "Cấp Xã"},
        {"ma_thu_tuc": "1.2"},
        {"ma_thu_tuc": "1.1", "ten_thu_tuc": "A again"},
    ]
    path = tmp_path / "list.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    records, errors = parse_national_records(path)
    assert [record.code for record in records] == ["1.1"]
    assert records[0].level == "commune"
    assert [(error.row, error.column) for error in errors] == [(2, "ten_thu_tuc"), (3, "ma_thu_tuc")]
    assert "list.json[2]" in errors[0].message and "list.json[1]" in errors[1].message


def test_folder_is_read_in_sorted_order_and_bom_is_accepted(tmp_path):
    for code in ("2.000001", "1.000001"):
        data = json.dumps({"ma_thu_tuc": code, "ten_thu_tuc": "T"}, ensure_ascii=False)
        (tmp_path / f"{code}.json").write_bytes(b"\xef\xbb\xbf" + data.encode("utf-8"))
    (tmp_path / "notes.txt").write_text("ignored", encoding="utf-8")
    records, errors = parse_national_records(tmp_path)
    assert errors == [] and [record.code for record in records] == ["1.000001", "2.000001"]


def test_missing_path_and_empty_folder(tmp_path):
    with pytest.raises(ParseFailure):
        parse_national_records(tmp_path / "nope")
    records, errors = parse_national_records(tmp_path)
    assert records == [] and "không có tệp .json" in errors[0].message


def test_minimal_record_defaults():
    record = parse_national_record(
        {"ma_thu_tuc": " 1.000001 ", "ten_thu_tuc": "Thủ tục\xa0A", "cap_thuc_hien": None}
    )
    assert (record.code, record.name, record.level, record.online_level) == (
        "1.000001",
        "Thủ tục A",
        "",
        None,
    )
    assert record.steps == record.channels == record.documents == record.legal_basis == ()
