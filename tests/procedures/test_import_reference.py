"""The real national exports (reference-data/dichvucong) import cleanly, idempotently and round-trip."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from procedures.importers.pipeline import procedures_import
from procedures.models import Channel, Procedure
from procedures.resources import procedures_export
from search.relevance.loader import REFERENCE_DIR

REFERENCE = REFERENCE_DIR
RECORDS = REFERENCE / "records-bo-tu-phap"
LISTS = REFERENCE / "lists"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not RECORDS.is_dir(), reason="reference data not present"),
]


def _timed_import(path: Path, **kwargs):
    started = time.perf_counter()
    report = procedures_import(path=path, **kwargs)
    print(f"import {path.name}: {time.perf_counter() - started:.2f} s {report.as_json() | {'errors': '…'}}")
    return report


def test_all_271_json_records_import_without_invalid_rows_and_reimport_unchanged(tmp_path):
    report = _timed_import(RECORDS)

    assert report.errors == []
    assert report.as_json()["new"] == 271
    assert Procedure.objects.filter(live=True).count() == 271
    # Every channel whose text has a number gets a time limit.
    with_number = [c for c in Channel.objects.all() if any(ch.isdigit() for ch in c.time_limit_text)]
    assert with_number and all(c.time_limit_value is not None for c in with_number)
    procedure = Procedure.objects.get(code="1.000080")
    assert procedure.steps.exists() and procedure.channels.exists() and procedure.legal_documents.exists()
    assert procedure.latest_revision_id and procedure.live_revision_id == procedure.latest_revision_id

    again = _timed_import(RECORDS)
    assert again.as_json() == {
        "new": 0,
        "updated": 0,
        "unchanged": 271,
        "invalid": 0,
        "errors": [],
        "drafts": [],
    }

    # The search index is current: an imported name is found, even typed without accents.
    name = Procedure.objects.get(code="1.000080").name  # "Thủ tục đăng ký nhận cha, mẹ, con …"
    assert name in [p.name for p in Procedure.objects.search("dang ky nhan cha me con")]


def test_export_then_reimport_shows_everything_unchanged_and_lists_keep_record_details(tmp_path):
    procedures_import(path=RECORDS)

    for extension in (".csv", ".xlsx", ".json"):
        exported = tmp_path / f"catalogue{extension}"
        assert procedures_export(path=exported) == 271
        report = procedures_import(path=exported)
        assert report.as_json() == {
            "new": 0,
            "updated": 0,
            "unchanged": 271,
            "invalid": 0,
            "errors": [],
            "drafts": [],
        }, extension

    # The list spreadsheet carries no steps or channels: importing it keeps those of the records.
    procedures_import(path=LISTS / "danh-sach-tthc-BoTuPhap.xlsx")
    procedure = Procedure.objects.get(code="1.000080")
    assert procedure.steps.exists()
    assert procedure.channels.exists()


@pytest.mark.parametrize(
    ("name", "rows"), [("danh-sach-tthc-BoTuPhap.xlsx", 271), ("danh-sach-tthc-BoCongAn.xlsx", 339)]
)
def test_national_list_spreadsheets_import_without_invalid_rows(name, rows):
    report = _timed_import(LISTS / name)

    assert report.errors == []
    assert report.as_json()["new"] == rows
    assert _timed_import(LISTS / name).as_json()["unchanged"] == rows
