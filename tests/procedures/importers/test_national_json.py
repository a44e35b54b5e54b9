"""Tests of ``procedures.importers.national.json_records`` on hand-made files: every problem names
its file, lists and folders are read in order.

Pure pytest: no database and no Django settings.
"""

from __future__ import annotations

import json

import pytest

from procedures.importers.national.json_records import parse_national_record, parse_national_records
from procedures.importers.national.records import ParseFailure


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
