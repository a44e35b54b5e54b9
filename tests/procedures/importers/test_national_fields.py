"""Tests of the field parsers of ``procedures.importers.national`` on hand-written input:
channels (time limits and fees), steps, documents and legal basis.

Pure pytest: no database and no Django settings.
"""

from __future__ import annotations

from decimal import Decimal

from procedures.importers.national.channels import parse_channels
from procedures.importers.national.documents import parse_documents
from procedures.importers.national.legal import parse_legal_basis
from procedures.importers.national.records import ChannelRecord, DocumentRecord, LegalDocRecord
from procedures.importers.national.steps import parse_steps

HEADER = "Hình thức nộpThời gianPhí, lệ phíMô tả"


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
