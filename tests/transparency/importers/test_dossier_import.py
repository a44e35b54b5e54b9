"""Import of the one-stop-shop dossier export: formats, encodings, every bad input named, nothing written."""

from __future__ import annotations

import codecs
import datetime as dt
import io
import json
import unicodedata
from decimal import Decimal

import pytest
from django.core.management import call_command

from procedures.enums import ChannelKind, TimeLimitUnit
from tests.factories import ChannelFactory, DepartmentFactory, ProcedureFactory
from transparency.enums import DossierStatus, Outcome
from transparency.importers.pipeline import dossier_import_apply, dossier_import_check
from transparency.models import Dossier
from transparency.selectors.statistics import statistics_totals

HEADER = ",".join(
    [
        "Mã hồ sơ",
        "Mã thủ tục",
        "Cơ quan",
        "Kênh",
        "Ngày tiếp nhận",
        "Ngày hẹn trả",
        "Ngày trả kết quả",
        "Trạng thái",
        "Ngày hẹn lại",
        "Người nộp",
    ]
)
GOOD_ROWS = [
    "H1-0001,1.000001,Sở Tư pháp,Trực tiếp,04/03/2019 09:00,11/03/2019,08/03/2019 10:00,Đã giải quyết,,"
    "Nguyễn Văn An",
    "H1-0002,1.000001,STP,Trực tuyến,04/03/2019 09:30,,13/03/2019 16:00,Đã giải quyết,14/03/2019,"
    "Trần Thị Bình",
    "H1-0003,1.000001,so tu phap,BƯU CHÍNH,05/03/2019,,,dang giai quyet,,Lê Văn Cường",
]


#: The report of GOOD_ROWS into an empty database.
THREE_NEW = {
    "new": 3,
    "updated": 0,
    "unchanged": 0,
    "invalid": 0,
    "errors": [],
    "skipped": 0,
    "format": "Bảng hồ sơ của cổng",
    "missing": 0,
    "missing_examples": [],
}


@pytest.fixture
def catalogue(db):
    department = DepartmentFactory(slug="so-tu-phap", name="Sở Tư pháp", short_name="STP")
    procedure = ProcedureFactory(code="1.000001", department=department)
    for kind in (ChannelKind.IN_PERSON, ChannelKind.ONLINE, ChannelKind.POST):
        ChannelFactory(
            procedure=procedure,
            kind=kind,
            time_limit_value=Decimal(5),
            time_limit_unit=TimeLimitUnit.WORKING_DAYS,
        )
    return procedure


def write(tmp_path, rows, *, name="export.csv", encoding="utf-8", header=HEADER):
    path = tmp_path / name
    path.write_bytes(("\n".join([header, *rows]) + "\n").encode(encoding))
    return path


def test_import_creates_classified_dossiers_and_refreshes_statistics(catalogue, tmp_path):
    summary = dossier_import_apply(path=write(tmp_path, GOOD_ROWS))

    assert summary.as_dict() == THREE_NEW
    first = Dossier.objects.get(code="H1-0001")
    assert (first.status, first.outcome, first.due_on) == (
        DossierStatus.RESOLVED,
        Outcome.EARLY,
        dt.date(2019, 3, 11),
    )
    # Empty due date: 5 working days after Monday 04/03/2019 is Monday 11/03/2019.
    second = Dossier.objects.get(code="H1-0002")
    assert second.due_on == dt.date(2019, 3, 11)
    assert second.outcome == Outcome.LATE and second.rescheduled_to == dt.date(2019, 3, 14)
    assert second.late_days == 2
    assert Dossier.objects.get(code="H1-0003").channel == ChannelKind.POST
    totals = statistics_totals(start=dt.date(2019, 3, 1), end=dt.date(2019, 3, 31))
    assert (totals.received, totals.resolved, totals.late, totals.overdue) == (3, 2, 1, 1)


def test_reimporting_the_same_file_changes_nothing_and_a_later_export_updates_a_pending_dossier(
    catalogue, tmp_path
):
    dossier_import_apply(path=write(tmp_path, GOOD_ROWS))
    again = dossier_import_apply(path=write(tmp_path, GOOD_ROWS, name="again.csv"))
    assert (again.new, again.updated, again.unchanged) == (0, 0, 3)

    later = [
        *GOOD_ROWS[:2],
        "H1-0003,1.000001,STP,Bưu chính,05/03/2019,,12/03/2019 15:00,Đã giải quyết,,Lê Văn Cường",
    ]
    summary = dossier_import_apply(path=write(tmp_path, later, name="later.csv"))

    assert (summary.new, summary.updated, summary.unchanged) == (0, 1, 2)
    assert Dossier.objects.get(code="H1-0003").resolved_on == dt.date(2019, 3, 12)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1258"])
def test_bom_and_windows_1258_files_read_the_same_vietnamese(catalogue, tmp_path, encoding):
    path = tmp_path / "export.csv"
    text = "\n".join([HEADER, *GOOD_ROWS]) + "\n"
    data = _cp1258(text) if encoding == "cp1258" else codecs.encode(text, encoding)
    path.write_bytes(data)

    summary = dossier_import_apply(path=path)

    assert summary.encoding == encoding
    assert summary.new == 3, summary.as_dict()
    assert Dossier.objects.get(code="H1-0002").applicant_name == "Trần Thị Bình"


def _cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese software writes it: precomposed â/ơ/ư…, combining tone marks."""
    out: list[str] = []
    base = -1
    for char in unicodedata.normalize("NFD", text):
        if base >= 0 and unicodedata.combining(char) and char in "\u0302\u0306\u031b":
            combined = unicodedata.normalize("NFC", out[base] + char)
            if len(combined) == 1 and _encodable(combined):
                out[base] = combined
                continue
        if not unicodedata.combining(char):
            base = len(out)
        out.append(char)
    return codecs.encode("".join(out), "cp1258")


def _encodable(char: str) -> bool:
    try:
        char.encode("cp1258")
    except UnicodeEncodeError:
        return False
    return True


def test_xlsx_with_english_headers_in_another_order(catalogue, tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["status", "code", "procedure_code", "department", "channel", "received_at", "resolved_at"])
    sheet.append(
        [
            "Đã giải quyết",
            "X-1",
            "1.000001",
            "Sở Tư pháp",
            "Trực tiếp",
            dt.datetime(2019, 3, 4, 9),
            "08/03/2019",
        ]
    )
    path = tmp_path / "export.xlsx"
    workbook.save(path)

    summary = dossier_import_apply(path=path)

    assert summary.new == 1, summary.as_dict()
    assert Dossier.objects.get(code="X-1").outcome == Outcome.EARLY


BAD_CASES = [
    ("H1-0001,9.999999,Sở Tư pháp,Trực tiếp,04/03/2019,,,Đang giải quyết,,", "Mã thủ tục", "9.999999"),
    ("H1-0001,1.000001,Sở Không Có,Trực tiếp,04/03/2019,,,Đang giải quyết,,", "Cơ quan", "Sở Không Có"),
    (
        "H1-0001,1.000001,STP,Trực tiếp,04/03/2019 09:00,,03/03/2019,Đã giải quyết,,",
        "Ngày trả kết quả",
        "trước ngày tiếp nhận",
    ),
    ("H1-0001,1.000001,STP,Trực tiếp,31/02/2019,,,Đang giải quyết,,", "Ngày tiếp nhận", "31/02/2019"),
    ("H1-0001,1.000001,STP,Bồ câu,04/03/2019,,,Đang giải quyết,,", "Kênh", "Bồ câu"),
    ("H1-0001,1.000001,STP,Trực tiếp,04/03/2019,,,Đã xong,,", "Trạng thái", "Đã xong"),
    (
        "H1-0001,1.000001,STP,Trực tiếp,04/03/2019,11/03/2019,,Đang giải quyết,10/03/2019,",
        "Ngày hẹn lại",
        "sau ngày hẹn trả",
    ),
]


@pytest.mark.parametrize(("row", "column", "reason"), BAD_CASES)
def test_a_bad_row_is_named_by_row_column_and_reason_and_nothing_is_written(
    catalogue, tmp_path, row, column, reason
):
    summary = dossier_import_apply(path=write(tmp_path, [GOOD_ROWS[1], row]))

    errors = summary.as_dict()["errors"]
    assert summary.invalid == 1
    assert [(e["row"], e["column"]) for e in errors] == [(3, column)]
    assert reason in errors[0]["message"]
    assert Dossier.objects.count() == 0


def test_duplicate_code_in_one_file_names_both_rows(catalogue, tmp_path):
    summary = dossier_import_apply(path=write(tmp_path, [GOOD_ROWS[0], GOOD_ROWS[1], GOOD_ROWS[0]]))

    assert summary.as_dict()["errors"] == [
        {"row": 4, "column": "Mã hồ sơ", "message": "Mã hồ sơ «H1-0001» trùng với dòng 2."}
    ]
    assert Dossier.objects.count() == 0


def test_missing_required_column_is_named(catalogue, tmp_path):
    header = HEADER.replace("Mã thủ tục,", "")
    rows = [r.replace(",1.000001", "", 1) for r in GOOD_ROWS]
    summary = dossier_import_apply(path=write(tmp_path, rows, header=header))

    assert {k: summary.as_dict()["errors"][0][k] for k in ("row", "column")} == {
        "row": 1,
        "column": "Mã thủ tục",
    }
    assert "Thiếu cột" in summary.as_dict()["errors"][0]["message"]
    assert Dossier.objects.count() == 0


def test_wrong_encoding_is_said_clearly(catalogue, tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes((HEADER + "\n").encode("utf-8") + b"H1-0001,1.000001,S\x81,Tr\x8a,04/03/2019,,,x,,\n")

    summary = dossier_import_apply(path=path)

    message = summary.as_dict()["errors"][0]["message"]
    assert "UTF-8" in message and "Windows-1258" in message
    assert Dossier.objects.count() == 0


def test_utf16_file_is_refused_with_advice(catalogue, tmp_path):
    summary = dossier_import_check(path=write(tmp_path, GOOD_ROWS, encoding="utf-16"))

    assert "UTF-16" in summary.as_dict()["errors"][0]["message"]


def test_command_prints_exactly_one_json_object(catalogue, tmp_path):
    out = io.StringIO()
    call_command("import_dossiers", str(write(tmp_path, GOOD_ROWS)), "--dry-run", "--json", stdout=out)

    assert json.loads(out.getvalue()) == THREE_NEW
    assert Dossier.objects.count() == 0  # dry run

    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command(
            "import_dossiers", str(write(tmp_path, [BAD_CASES[0][0]], name="bad.csv")), "--json", stdout=out
        )
    report = json.loads(out.getvalue())
    assert report["invalid"] == 1 and report["errors"][0]["row"] == 2


def test_admin_upload_preview_then_confirm(catalogue, tmp_path, client, django_user_model, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    admin = django_user_model.objects.create_superuser("admin", "a@example.org", "pw")
    client.force_login(admin)
    data = ("\n".join([HEADER, *GOOD_ROWS]) + "\n").encode()

    response = client.post(
        "/admin/ho-so/nhap/", {"file": SimpleUploadedFile("export.csv", data)}, follow=True
    )

    assert response.status_code == 200
    assert "Mới: 3" in response.content.decode()
    assert Dossier.objects.count() == 0  # previewed only
    response = client.post(response.redirect_chain[-1][0], follow=True)
    assert "Đã nhập xong" in response.content.decode()
    assert Dossier.objects.count() == 3


def test_a_file_over_the_size_limit_is_refused_naming_its_size_and_the_limit(catalogue, tmp_path, settings):
    from django.template.defaultfilters import filesizeformat

    path = write(tmp_path, GOOD_ROWS)
    size = path.stat().st_size
    settings.IMPORT_MAX_UPLOAD_SIZE = size - 1

    for run in (dossier_import_check, dossier_import_apply):
        errors = run(path=path).as_dict()["errors"]
        assert len(errors) == 1
        message = errors[0]["message"]
        assert "quá lớn" in message
        assert filesizeformat(size) in message and filesizeformat(size - 1) in message
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("import_dossiers", str(path), "--json", stdout=out)
    assert "quá lớn" in json.loads(out.getvalue())["errors"][0]["message"]
    assert Dossier.objects.count() == 0

    settings.IMPORT_MAX_UPLOAD_SIZE = size
    assert dossier_import_apply(path=path).written


def test_a_file_of_another_type_is_refused_by_the_import_and_the_command(catalogue, tmp_path):
    from django.core.management.base import CommandError

    path = write(tmp_path, GOOD_ROWS, name="export.ods")

    assert (
        "chỉ nhận .csv, .xlsx hoặc .json" in dossier_import_apply(path=path).as_dict()["errors"][0]["message"]
    )
    with pytest.raises(CommandError) as error:
        call_command("import_dossiers", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert "chỉ nhận .csv, .xlsx hoặc .json" in str(error.value)
    assert Dossier.objects.count() == 0


def test_confirming_an_upload_larger_than_a_lowered_limit_writes_nothing(
    catalogue, tmp_path, client, django_user_model, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.org", "pw"))
    data = ("\n".join([HEADER, *GOOD_ROWS]) + "\n").encode()
    response = client.post(
        "/admin/ho-so/nhap/", {"file": SimpleUploadedFile("export.csv", data)}, follow=True
    )
    assert "Mới: 3" in response.content.decode()

    settings.IMPORT_MAX_UPLOAD_SIZE = len(data) - 1
    response = client.post(response.redirect_chain[-1][0], follow=True)

    assert "quá lớn" in response.content.decode()
    assert "Đã nhập xong" not in response.content.decode()
    assert Dossier.objects.count() == 0
