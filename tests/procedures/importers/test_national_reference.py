"""Tests of ``procedures.importers.national`` against the real dichvucong.gov.vn JSON records:
the whole reference set, then specific procedures.

Pure pytest: no database and no Django settings.
"""

from __future__ import annotations

import re
from decimal import Decimal

from procedures.importers.national.records import LegalDocRecord
from procedures.importers.national.text import clean_text
from tests.procedures.importers.national_data import needs_data

# "04/2020/TT-BTP", "66.7/2025/NQ-CP", "2338/QĐ-BTP", or a code cell without issuer ("24/2024").
CODE_SHAPE = re.compile(
    r"^\d+(?:\.\d+|\.?[a-z])?/(?:\d{4}/)?[A-ZĐƯ][A-Za-zĐƯ0-9]*(?:-[A-ZĐƯ0-9][A-Za-zĐƯ0-9]*)*$|^\d+/\d{4}$"
)


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
