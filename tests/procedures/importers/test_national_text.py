"""Tests of ``procedures.importers.national``'s shared pieces: the package needs no Django, its
choice values match the enums, records are frozen, text is cleaned and levels are read.

Pure pytest: no database and no Django settings.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from procedures.importers.national.levels import parse_level, parse_online_level
from procedures.importers.national.records import StepRecord
from procedures.importers.national.text import clean_text

REPO = Path(__file__).resolve().parents[3]


def test_parsers_import_without_django_settings():
    code = "import sys, procedures.importers.national; print('django' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "False", "procedures.importers.national must not import Django"


def test_choice_values_match_procedures_enums():
    pytest.importorskip("django")
    from procedures import enums
    from procedures.importers.national import records

    assert {records.CHANNEL_IN_PERSON, records.CHANNEL_ONLINE, records.CHANNEL_POST} == set(
        enums.ChannelKind.values
    )
    assert {
        records.UNIT_WORKING_DAYS,
        records.UNIT_CALENDAR_DAYS,
        records.UNIT_HOURS,
        records.UNIT_SAME_DAY,
    } == set(enums.TimeLimitUnit.values)
    levels = {records.LEVEL_MINISTRY, records.LEVEL_PROVINCE, records.LEVEL_DISTRICT}
    assert levels | {records.LEVEL_COMMUNE, records.LEVEL_OTHER} == set(enums.Level.values)
    assert {records.ONLINE_FULL, records.ONLINE_PARTIAL} <= set(enums.OnlineLevel.values)


def test_records_are_frozen():
    step = StepRecord(order=1, text="a")
    with pytest.raises(AttributeError):
        step.text = "b"  # type: ignore[misc]


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


def test_level_and_online_level_helpers():
    assert parse_level("Cấp Tỉnh, Cấp Xã") == "province"
    assert parse_level("Cấp Bộ") == "ministry"
    assert parse_level("Cấp Huyện") == "district"
    assert parse_level("cấp xã") == "commune"
    assert parse_level("Cơ quan khác") == "other"
    assert parse_level("") == ""
    assert parse_online_level("Dịch vụ công trực tuyến một phần") == "partial"
    assert parse_online_level("thực hiện một phần nghĩa vụ") is None
