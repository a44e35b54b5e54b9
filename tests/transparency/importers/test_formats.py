"""The rules of each export shape (OpenCPS's REST list and Excel list, the national sync records,
the portal's table) as an editor sees them in the import's report and in the stored dossiers."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from demo.samples import OPENCPS_LIST_HEADER
from procedures.enums import ChannelKind
from tests.transparency.importers.formats_data import (
    BUILDING,
    JUSTICE,
    at,
    national_file,
    national_record,
    opencps_file,
    opencps_record,
    sample,
    shape_write,
)
from transparency.classification import RESOLVED_STATUSES
from transparency.enums import DossierSource, DossierStatus, Outcome, ResolvedAt
from transparency.importers.defaults import STATUS_DEFAULTS
from transparency.importers.pipeline import dossier_import_apply, dossier_import_check
from transparency.models import Dossier
from transparency.models.dossiers import lookup_digest
from transparency.models.mappings import ProcedureCodeMapping, StatusMapping
from transparency.selectors.statistics import statistics_totals

STATUS_TABLE = "/admin/snippets/transparency/statusmapping/"
OCTOBER = (dt.date(2019, 10, 1), dt.date(2019, 10, 31))


def _errors(summary) -> list[dict]:
    return summary.as_dict()["errors"]


def _refused(summary) -> None:
    """Nothing written, whatever else the file held."""
    assert not summary.written
    assert (summary.new, summary.updated, summary.unchanged) == (0, 0, 0)
    assert Dossier.objects.count() == 0


# --- status codes ---------------------------------------------------------------------------


def _status_cases(source: str) -> list:
    return [pytest.param(value, status, id=value) for value, status, _label in STATUS_DEFAULTS[source]]


@pytest.mark.parametrize(("value", "status"), _status_cases(DossierSource.OPENCPS))
def test_every_default_opencps_status_code_imports_as_the_shipped_table_says(
    formats_catalogue, tmp_path, value, status
):
    resolved = status in RESOLVED_STATUSES
    record = opencps_record(
        dossierStatus=value,
        releaseDate="04/10/2019 10:00:00" if resolved else "",
        finishDate="07/10/2019 15:00:00" if resolved else "",
    )

    summary = dossier_import_apply(path=opencps_file(tmp_path, [record]))

    assert summary.written and not _errors(summary)
    if status is None:  # not a dossier yet: skipped and counted apart
        assert (summary.new, summary.skipped) == (0, 1)
        assert not Dossier.objects.exists()
    else:
        assert (summary.new, summary.skipped) == (1, 0)
        assert Dossier.objects.get().status == status


@pytest.mark.parametrize(("value", "status"), _status_cases(DossierSource.NATIONAL))
def test_every_default_national_status_code_imports_as_the_shipped_table_says(
    formats_catalogue, tmp_path, value, status
):
    resolved = status in RESOLVED_STATUSES
    record = national_record(
        TrangThaiHoSo=int(value),  # the records write it as a number
        NgayKetThucXuLy="20191004100000" if resolved else None,
        NgayTra="20191007150000" if resolved else None,
    )

    summary = dossier_import_apply(path=national_file(tmp_path, [record]))

    assert summary.written and not _errors(summary)
    if status is None:
        assert (summary.new, summary.skipped) == (0, 1)
        assert not Dossier.objects.exists()
    else:
        assert (summary.new, summary.skipped) == (1, 0)
        assert Dossier.objects.get().status == status


@pytest.mark.parametrize(
    ("shape", "new_code", "shown"),
    [("opencps", "new", "OpenCPS"), ("national", 1, "Bản ghi đồng bộ Cổng DVC quốc gia")],
)
def test_a_submission_not_yet_received_is_skipped_and_counted_in_skipped(
    formats_catalogue, tmp_path, shape, new_code, shown
):
    dossiers = [sample("MAU-0001"), sample("MAU-0002", status=None, channel=ChannelKind.ONLINE)]
    path = shape_write(shape, dossiers, tmp_path)
    document = json.loads(path.read_text(encoding="utf-8"))
    [record] = [r for r in document.get("data", document.get("result")) if "MAU-0002" in r.values()]
    assert new_code in record.values()

    summary = dossier_import_apply(path=path)

    assert summary.as_dict() == {
        "new": 1,
        "updated": 0,
        "unchanged": 0,
        "invalid": 0,
        "errors": [],
        "skipped": 1,
        "format": shown,
        "missing": 0,
        "missing_examples": [],
    }
    assert list(Dossier.objects.values_list("code", flat=True)) == ["MAU-0001"]


# --- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        pytest.param("01/10/2019 08:30:00", id="dd/MM/yyyy HH:mm:ss"),
        pytest.param("2019-10-01T08:30:00", id="ISO with T"),
        pytest.param("2019-10-01T08:30:00+07:00", id="ISO with offset +07:00"),
        pytest.param("2019-10-01T01:30:00+00:00", id="ISO with offset +00:00"),
        pytest.param("2019-10-01T01:30:00Z", id="ISO with Z"),
    ],
)
def test_opencps_dates_are_read_in_each_form_the_software_writes(formats_catalogue, tmp_path, written):
    summary = dossier_import_apply(path=opencps_file(tmp_path, [opencps_record(receiveDate=written)]))

    assert summary.written, _errors(summary)
    dossier = Dossier.objects.get()
    assert dossier.received_at == at(dt.date(2019, 10, 1), 8, 30)
    assert dossier.received_on == dt.date(2019, 10, 1)


def test_an_offset_moves_the_receipt_to_the_local_day(formats_catalogue, tmp_path):
    # 20:00 UTC on 01/10 is 03:00 on 02/10 in Việt Nam: the dossier counts as received on 02/10.
    record = opencps_record(receiveDate="2019-10-01T20:00:00Z")

    assert dossier_import_apply(path=opencps_file(tmp_path, [record])).written

    dossier = Dossier.objects.get()
    assert (dossier.received_at, dossier.received_on) == (at(dt.date(2019, 10, 2), 3), dt.date(2019, 10, 2))


@pytest.mark.parametrize(
    "written",
    [
        pytest.param("20191001083000", id="yyyyMMddHHmmss"),
        pytest.param(20191001083000, id="yyyyMMddHHmmss as a JSON number"),
        pytest.param("201910010830", id="yyyyMMddHHmm"),
    ],
)
def test_national_dates_are_read_compact_as_text_or_as_json_numbers(formats_catalogue, tmp_path, written):
    record = national_record(NgayTiepNhan=written, NgayHenTra=20191008170000)

    summary = dossier_import_apply(path=national_file(tmp_path, [record]))

    assert summary.written, _errors(summary)
    dossier = Dossier.objects.get()
    assert dossier.received_at == at(dt.date(2019, 10, 1), 8, 30)
    assert dossier.due_at == at(dt.date(2019, 10, 8), 17)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        pytest.param(dt.date(2019, 10, 1), dt.date(2019, 10, 8), id="01/10-08/10"),
        pytest.param(dt.date(2019, 11, 11), dt.date(2019, 11, 18), id="11/11-18/11"),
        pytest.param(dt.date(2019, 12, 23), dt.date(2019, 12, 31), id="23/12-31/12"),
    ],
)
def test_a_compact_date_without_time_counts_from_the_office_day_and_is_due_at_its_end(
    formats_catalogue, tmp_path, received, due
):
    record = national_record(
        NgayTiepNhan=int(f"{received:%Y%m%d}"),
        NgayHenTra=int(f"{due:%Y%m%d}"),
        TrangThaiHoSo=4,
        NgayKetThucXuLy=None,
        NgayTra=None,
    )

    assert dossier_import_apply(path=national_file(tmp_path, [record])).written

    dossier = Dossier.objects.get()
    assert (dossier.received_at, dossier.due_at) == (at(received, 8), at(due, 17))


# --- which end date resolves: settings.PORTAL_RESOLVED_AT -----------------------------------

#: Processed on the due day (on time), handed over two working days later (late).
ON_TIME_THEN_HANDED_LATE = {
    "processing_end": at(dt.date(2019, 10, 8), 11),
    "handed_over": at(dt.date(2019, 10, 10), 9),
}


@pytest.mark.parametrize("shape", ["opencps", "national", "opencps_list"])
@pytest.mark.parametrize(
    ("resolved_at", "resolved_on", "outcome"),
    [
        (ResolvedAt.PROCESSING_END, dt.date(2019, 10, 8), Outcome.ON_TIME),
        (ResolvedAt.HANDED_OVER, dt.date(2019, 10, 10), Outcome.LATE),
    ],
)
def test_the_setting_chooses_which_end_date_resolves_and_so_the_outcome(
    formats_catalogue, tmp_path, settings, shape, resolved_at, resolved_on, outcome
):
    settings.PORTAL_RESOLVED_AT = resolved_at
    path = shape_write(shape, [sample(**ON_TIME_THEN_HANDED_LATE)], tmp_path)

    assert dossier_import_apply(path=path).written

    dossier = Dossier.objects.get()
    assert (dossier.status, dossier.resolved_on, dossier.outcome) == (
        DossierStatus.RESOLVED,
        resolved_on,
        outcome,
    )
    totals = statistics_totals(start=OCTOBER[0], end=OCTOBER[1])
    assert (totals.resolved, totals.on_time, totals.late) == (
        1,
        outcome == Outcome.ON_TIME,
        outcome == Outcome.LATE,
    )


def test_the_portal_table_carries_the_end_date_of_the_setting_it_was_written_for(
    formats_catalogue, tmp_path, settings
):
    settings.PORTAL_RESOLVED_AT = ResolvedAt.HANDED_OVER
    path = shape_write(
        "portal", [sample(**ON_TIME_THEN_HANDED_LATE)], tmp_path, resolved_at=ResolvedAt.HANDED_OVER
    )

    dossier_import_apply(path=path)

    assert Dossier.objects.get().outcome == Outcome.LATE


@pytest.mark.parametrize("shape", ["opencps", "national"])
def test_a_releasing_dossier_without_a_hand_over_is_pending_under_handed_over(
    formats_catalogue, tmp_path, settings, shape
):
    # Result ready on Friday 04/10, not handed over; due Tuesday 08/10.
    releasing = sample(handed_over=None)
    assert releasing.opencps_code == "releasing"

    settings.PORTAL_RESOLVED_AT = ResolvedAt.HANDED_OVER
    summary = dossier_import_apply(path=shape_write(shape, [releasing], tmp_path))

    assert summary.written and not _errors(summary)
    dossier = Dossier.objects.get()
    assert (dossier.status, dossier.resolved_on, dossier.outcome) == (DossierStatus.PENDING, None, "")
    totals = statistics_totals(start=OCTOBER[0], end=dt.date(2019, 10, 4))
    assert (totals.resolved, totals.pending) == (0, 1)

    settings.PORTAL_RESOLVED_AT = ResolvedAt.PROCESSING_END
    again = dossier_import_apply(path=shape_write(shape, [releasing], tmp_path))

    assert again.updated == 1
    dossier = Dossier.objects.get()
    assert (dossier.status, dossier.resolved_on, dossier.outcome) == (
        DossierStatus.RESOLVED,
        dt.date(2019, 10, 4),
        Outcome.EARLY,
    )


def test_under_processing_end_a_dossier_without_its_processing_date_resolves_on_the_hand_over(
    formats_catalogue, tmp_path, settings
):
    settings.PORTAL_RESOLVED_AT = ResolvedAt.PROCESSING_END
    dossier_import_apply(path=shape_write("opencps", [sample(processing_end=None)], tmp_path))

    assert Dossier.objects.get().resolved_on == dt.date(2019, 10, 7)


# --- channel --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("online", "via_postal", "channel"),
    [
        (True, 0, ChannelKind.ONLINE),
        (True, 2, ChannelKind.ONLINE),  # filed online, result by post: online
        ("true", 0, ChannelKind.ONLINE),
        (False, 0, ChannelKind.IN_PERSON),
        (False, 1, ChannelKind.IN_PERSON),
        (False, 2, ChannelKind.POST),
        (False, 3, ChannelKind.POST),
        (False, 4, ChannelKind.POST),
        ("false", "4", ChannelKind.POST),
    ],
)
def test_the_opencps_channel_comes_from_online_and_via_postal(
    formats_catalogue, tmp_path, online, via_postal, channel
):
    record = opencps_record(online=online, viaPostal=via_postal)

    assert dossier_import_apply(path=opencps_file(tmp_path, [record])).written

    assert Dossier.objects.get().channel == channel


@pytest.mark.parametrize(("field", "value"), [("online", "maybe"), ("viaPostal", 7)])
def test_an_opencps_channel_flag_out_of_range_is_refused_naming_it(formats_catalogue, tmp_path, field, value):
    summary = dossier_import_apply(path=opencps_file(tmp_path, [opencps_record(**{field: value})]))

    _refused(summary)
    assert [(e["row"], e["column"]) for e in _errors(summary)] == [(1, field)]
    assert str(value) in _errors(summary)[0]["message"]


@pytest.mark.parametrize(
    ("code", "channel"), [(1, ChannelKind.IN_PERSON), (2, ChannelKind.ONLINE), (3, ChannelKind.POST)]
)
def test_the_national_channel_is_kenh_thuc_hien(formats_catalogue, tmp_path, code, channel):
    dossier_import_apply(path=national_file(tmp_path, [national_record(KenhThucHien=code)]))

    assert Dossier.objects.get().channel == channel


# --- departments and procedures -------------------------------------------------------------


def test_the_department_is_found_by_agency_code(formats_catalogue, tmp_path):
    record = opencps_record(govAgencyCode=BUILDING.agency_code, govAgencyName="")

    dossier_import_apply(path=opencps_file(tmp_path, [record]))

    assert Dossier.objects.get().department.name == BUILDING.name


def test_the_department_is_found_by_name_when_the_export_has_no_code(formats_catalogue, tmp_path):
    record = opencps_record()
    del record["govAgencyCode"]
    record["govAgencyName"] = "SỞ XÂY DỰNG"  # names match folded

    dossier_import_apply(path=opencps_file(tmp_path, [record]))

    assert Dossier.objects.get().department.name == BUILDING.name


@pytest.mark.parametrize("shape", ["opencps", "national"])
def test_the_department_is_found_by_an_alias_an_editor_added(formats_catalogue, tmp_path, shape):
    department = formats_catalogue.departments[JUSTICE.agency_code]
    if shape == "opencps":
        path = opencps_file(tmp_path, [opencps_record(govAgencyCode="STP-QNAM", govAgencyName="")])
    else:
        path = national_file(tmp_path, [national_record(DonViXuLy="Sở Tư pháp tỉnh Quảng Nam")])
    before = dossier_import_apply(path=path)
    _refused(before)
    assert _errors(before)[0]["link"] == "/admin/snippets/procedures/department/"

    department.aliases = "STP-QNAM\nSở Tư pháp tỉnh Quảng Nam"
    department.save()
    summary = dossier_import_apply(path=path)

    assert summary.new == 1, _errors(summary)
    assert Dossier.objects.get().department == department


def test_a_local_procedure_code_is_mapped_through_the_editors_table(formats_catalogue, tmp_path):
    path = opencps_file(tmp_path, [opencps_record(serviceCode="QNA-TP-01", serviceName="")])
    before = dossier_import_apply(path=path)
    _refused(before)
    assert [(e["row"], e["column"]) for e in _errors(before)] == [(1, "serviceCode")]
    assert "QNA-TP-01" in _errors(before)[0]["message"]
    assert _errors(before)[0]["link"] == "/admin/snippets/transparency/procedurecodemapping/"

    ProcedureCodeMapping(
        source=DossierSource.OPENCPS, value="QNA-TP-01", procedure=formats_catalogue.procedures["1.000002"]
    ).save()
    summary = dossier_import_apply(path=path)

    assert summary.new == 1, _errors(summary)
    assert Dossier.objects.get().procedure.code == "1.000002"


# --- the code tables are the editors' ---------------------------------------------------------


def test_an_editor_changing_a_status_row_changes_what_the_next_import_does(formats_catalogue, tmp_path):
    path = opencps_file(tmp_path, [opencps_record(dossierStatus="pausing", releaseDate="", finishDate="")])
    dossier_import_apply(path=path)
    assert Dossier.objects.get().status == DossierStatus.SUPPLEMENT

    row = StatusMapping.objects.get(source=DossierSource.OPENCPS, value="pausing")
    row.status = DossierStatus.PENDING
    row.save()
    summary = dossier_import_apply(path=path)

    assert (summary.updated, summary.unchanged) == (1, 0)
    assert Dossier.objects.get().status == DossierStatus.PENDING


def test_a_label_of_the_deployment_is_taken_once_an_editor_adds_its_row(formats_catalogue, tmp_path):
    path = opencps_file(
        tmp_path, [opencps_record(dossierStatus="Đã hủy theo yêu cầu", releaseDate="", finishDate="")]
    )
    before = dossier_import_apply(path=path)
    _refused(before)
    assert "Đã hủy theo yêu cầu" in _errors(before)[0]["message"]

    StatusMapping(
        source=DossierSource.OPENCPS, value="Đã hủy theo yêu cầu", status=DossierStatus.WITHDRAWN
    ).save()

    assert dossier_import_apply(path=path).new == 1
    assert Dossier.objects.get().status == DossierStatus.WITHDRAWN


# --- bad input: the whole file refused, the record, field and value named ---------------------


def test_an_unknown_status_code_is_refused_with_a_link_to_the_status_table(formats_catalogue, tmp_path):
    records = [
        opencps_record(dossierNo="MAU-0001"),
        opencps_record(dossierNo="MAU-0002", dossierStatus="archived"),
    ]

    summary = dossier_import_apply(path=opencps_file(tmp_path, records))

    _refused(summary)
    [error] = _errors(summary)
    assert (error["row"], error["column"], error["link"]) == (2, "dossierStatus", STATUS_TABLE)
    assert "«archived»" in error["message"]


def test_an_unknown_national_status_number_is_refused_naming_it(formats_catalogue, tmp_path):
    summary = dossier_import_apply(path=national_file(tmp_path, [national_record(TrangThaiHoSo=12)]))

    _refused(summary)
    [error] = _errors(summary)
    assert (error["row"], error["column"], error["link"]) == (1, "TrangThaiHoSo", STATUS_TABLE)
    assert "«12»" in error["message"]


def test_an_unknown_agency_code_is_refused_naming_it(formats_catalogue, tmp_path):
    records = [opencps_record(dossierNo="MAU-0001"), opencps_record(dossierNo="MAU-0002")]
    del records[1]["govAgencyName"]
    records[1]["govAgencyCode"] = "000.00.99.H49"

    summary = dossier_import_apply(path=opencps_file(tmp_path, records))

    _refused(summary)
    [error] = _errors(summary)
    assert (error["row"], error["column"]) == (2, "govAgencyCode")
    assert "000.00.99.H49" in error["message"]


@pytest.mark.parametrize(
    ("shape", "field", "written"),
    [
        ("opencps", "receiveDate", "2019/10/01 08:30"),
        ("opencps", "dueDate", "1 Oct 2019"),
        ("opencps", "releaseDate", "04-10-2019"),
        ("national", "NgayTiepNhan", "01102019083000"),
        ("national", "NgayTiepNhan", "2019-10-01 8h30"),
        pytest.param("national", "NgayTra", "2019100715", id="national-NgayTra-yyyyMMddHH"),
    ],
)
def test_a_date_in_an_unknown_shape_is_refused_naming_the_field_and_value(
    formats_catalogue, tmp_path, shape, field, written
):
    if shape == "opencps":
        path = opencps_file(tmp_path, [opencps_record(**{field: written})])
    else:
        path = national_file(tmp_path, [national_record(**{field: written})])

    summary = dossier_import_apply(path=path)

    _refused(summary)
    [error] = _errors(summary)
    assert (error["row"], error["column"]) == (1, field)
    assert f"«{written}»" in error["message"]


def test_an_end_of_processing_before_the_receipt_is_refused(formats_catalogue, tmp_path):
    records = [
        national_record(MaHoSo="MAU-0001"),
        national_record(MaHoSo="MAU-0002", NgayTiepNhan="20191001090000", NgayKetThucXuLy="20190930160000"),
    ]

    summary = dossier_import_apply(path=national_file(tmp_path, records))

    _refused(summary)
    [error] = _errors(summary)
    assert (error["row"], error["column"]) == (2, "NgayKetThucXuLy")
    assert "30/09/2019" in error["message"] and "trước ngày tiếp nhận" in error["message"]


@pytest.mark.parametrize(
    ("shape", "record", "field"),
    [
        ("opencps", {"dossierStatus": "done", "releaseDate": "", "finishDate": ""}, "releaseDate"),
        ("national", {"TrangThaiHoSo": 10, "NgayKetThucXuLy": None, "NgayTra": None}, "NgayKetThucXuLy"),
    ],
)
def test_a_done_dossier_without_its_end_date_is_refused(formats_catalogue, tmp_path, shape, record, field):
    if shape == "opencps":
        path = opencps_file(tmp_path, [opencps_record(**record)])
    else:
        path = national_file(tmp_path, [national_record(**record)])

    summary = dossier_import_apply(path=path)

    _refused(summary)
    [error] = _errors(summary)
    assert (error["row"], error["column"]) == (1, field)
    assert "cần ngày trả kết quả" in error["message"]


@pytest.mark.parametrize(
    ("shape", "record", "field"),
    [
        ("opencps", {"dossierStatus": "done", "finishDate": ""}, "finishDate"),
        ("national", {"TrangThaiHoSo": 10, "NgayTra": None}, "NgayTra"),
    ],
)
def test_under_handed_over_a_done_dossier_without_its_hand_over_date_is_refused(
    formats_catalogue, tmp_path, settings, shape, record, field
):
    settings.PORTAL_RESOLVED_AT = ResolvedAt.HANDED_OVER
    if shape == "opencps":
        path = opencps_file(tmp_path, [opencps_record(**record)])
    else:
        path = national_file(tmp_path, [national_record(**record)])

    summary = dossier_import_apply(path=path)

    _refused(summary)
    [error] = _errors(summary)
    assert (error["row"], error["column"]) == (1, field)


def test_a_duplicated_dossier_number_is_refused_naming_both_records(formats_catalogue, tmp_path):
    records = [
        national_record(MaHoSo="MAU-0001"),
        national_record(MaHoSo="MAU-0002"),
        national_record(MaHoSo="MAU-0001"),
    ]

    summary = dossier_import_apply(path=national_file(tmp_path, records))

    _refused(summary)
    assert _errors(summary) == [
        {"row": 3, "column": "MaHoSo", "message": "Mã hồ sơ «MAU-0001» trùng với dòng 1."}
    ]


@pytest.mark.parametrize(
    "document",
    [
        pytest.param({"items": [{"dossierNo": "MAU-0001"}]}, id="another key"),
        pytest.param([{"code": "MAU-0001", "status": "done"}], id="records of another software"),
        pytest.param("MAU-0001", id="a string"),
    ],
)
def test_a_json_file_that_is_neither_shape_is_refused_saying_which_shapes_are_known(
    formats_catalogue, tmp_path, document
):
    path = tmp_path / "export.json"
    path.write_text(json.dumps(document), encoding="utf-8")

    summary = dossier_import_apply(path=path)

    _refused(summary)
    [error] = _errors(summary)
    assert (error["row"], error["column"]) == (None, None)
    assert '{"total": …, "data": [...]}' in error["message"] and '{"result": [...]}' in error["message"]


def test_a_json_record_that_is_not_an_object_is_refused_naming_it(formats_catalogue, tmp_path):
    path = tmp_path / "export.json"
    path.write_text(json.dumps({"total": 2, "data": [opencps_record(), ["MAU-0002"]]}), encoding="utf-8")

    summary = dossier_import_apply(path=path)

    _refused(summary)
    [error] = _errors(summary)
    assert error["row"] == 2
    assert "không phải một đối tượng JSON" in error["message"]


# --- incremental sync: monthly exports repeat the open dossiers ------------------------------


def test_a_later_export_repeating_an_open_dossier_now_resolved_updates_it(formats_catalogue, tmp_path):
    resolved = sample("MAU-0001")
    open_then = sample("MAU-0002", status=DossierStatus.PENDING)
    dossier_import_apply(path=shape_write("opencps", [resolved, open_then], tmp_path))
    assert statistics_totals(start=OCTOBER[0], end=dt.date(2019, 10, 4)).pending == 1

    # November's export: the dossier still open at the end of October, now done, and a new one.
    done_late = sample(
        "MAU-0002", processing_end=at(dt.date(2019, 11, 4), 10), handed_over=at(dt.date(2019, 11, 4), 14)
    )
    november = sample(
        "MAU-0003",
        status=DossierStatus.PENDING,
        received=at(dt.date(2019, 11, 4)),
        due=at(dt.date(2019, 11, 11), 17),
    )
    summary = dossier_import_apply(path=shape_write("opencps", [done_late, november], tmp_path))

    assert (summary.new, summary.updated, summary.unchanged, summary.missing) == (1, 1, 0, 0)
    dossier = Dossier.objects.get(code="MAU-0002")
    assert (dossier.status, dossier.resolved_on, dossier.outcome) == (
        DossierStatus.RESOLVED,
        dt.date(2019, 11, 4),
        Outcome.LATE,
    )
    totals = statistics_totals(start=dt.date(2019, 11, 1), end=dt.date(2019, 11, 30))
    assert (totals.carried_over, totals.received, totals.resolved, totals.late) == (1, 1, 1, 1)


def test_an_open_dossier_missing_from_a_later_export_covering_its_days_is_reported_and_kept(
    formats_catalogue, tmp_path
):
    first = [
        sample("MAU-0001", status=DossierStatus.PENDING),
        sample("MAU-0002", status=DossierStatus.PENDING, received=at(dt.date(2019, 10, 2))),
        # Another department, and a later day: the second export does not cover them.
        sample("MAU-0003", procedure=2, status=DossierStatus.PENDING),
        sample("MAU-0004", status=DossierStatus.PENDING, received=at(dt.date(2019, 10, 7))),
    ]
    dossier_import_apply(path=shape_write("national", first, tmp_path))

    # The second export covers 01/10–03/10 of Sở Tư pháp and no longer lists MAU-0002.
    second = [first[0], sample("MAU-0005", status=DossierStatus.PENDING, received=at(dt.date(2019, 10, 3)))]
    summary = dossier_import_apply(path=shape_write("national", second, tmp_path))

    assert (summary.new, summary.unchanged, summary.missing, summary.missing_examples) == (
        1,
        1,
        1,
        ["MAU-0002"],
    )
    assert Dossier.objects.get(code="MAU-0002").status == DossierStatus.PENDING


# --- a column a file lacks leaves the stored value as it is -----------------------------------


@pytest.mark.parametrize("shape", ["national", "portal", "opencps_list"])
def test_a_file_without_a_lookup_code_leaves_the_stored_code_as_it_was(formats_catalogue, tmp_path, shape):
    open_then = sample("MAU-0001", status=DossierStatus.PENDING, lookup_code="K7Q2", rescheduled_to=None)
    dossier_import_apply(path=shape_write("opencps", [open_then], tmp_path))

    summary = dossier_import_apply(path=shape_write(shape, [sample("MAU-0001", lookup_code="")], tmp_path))

    assert summary.updated == 1, _errors(summary)
    dossier = Dossier.objects.get()
    assert dossier.status == DossierStatus.RESOLVED
    assert dossier.lookup_secret == lookup_digest(code="MAU-0001", secret="K7Q2")


def test_the_national_records_leave_a_stored_new_date_as_it_was(formats_catalogue, tmp_path):
    late = sample(
        processing_end=at(dt.date(2019, 10, 10), 10), handed_over=None, rescheduled_to=dt.date(2019, 10, 11)
    )
    dossier_import_apply(path=shape_write("opencps", [late], tmp_path))

    summary = dossier_import_apply(path=shape_write("national", [late], tmp_path))

    assert summary.unchanged == 1
    assert Dossier.objects.get().rescheduled_to == dt.date(2019, 10, 11)


# --- OpenCPS's Excel list ---------------------------------------------------------------------


def test_the_opencps_excel_list_with_the_needed_columns_imports_like_the_json(formats_catalogue, tmp_path):
    dossiers = [
        sample("MAU-0001"),
        sample("MAU-0002", status=DossierStatus.PENDING, channel=ChannelKind.POST),
    ]
    dossier_import_apply(path=shape_write("opencps", dossiers, tmp_path))

    summary = dossier_import_check(path=shape_write("opencps_list", dossiers, tmp_path))

    assert (summary.source_format, summary.unchanged, summary.updated) == (
        "Danh sách hồ sơ OpenCPS (Excel)",
        2,
        0,
    )


def test_the_opencps_excel_list_without_an_end_date_column_is_refused_naming_the_missing_columns(
    formats_catalogue, tmp_path
):
    header = [name for name in OPENCPS_LIST_HEADER if name not in ("Ngày có kết quả", "Ngày trả kết quả")]
    path = shape_write("opencps_list", [sample()], tmp_path, header=header)

    summary = dossier_import_apply(path=path)

    _refused(summary)
    [error] = _errors(summary)
    assert (error["row"], error["column"]) == (1, "Ngày có kết quả")
    assert "Thiếu cột bắt buộc «Ngày có kết quả» hoặc «Ngày trả kết quả»" in error["message"]
    assert "không đủ để phân loại sớm/đúng/trễ hạn" in error["message"]


def test_the_opencps_excel_list_as_displayed_is_refused_naming_every_column_it_lacks(
    formats_catalogue, tmp_path
):
    displayed = OPENCPS_LIST_HEADER[: OPENCPS_LIST_HEADER.index("Trạng thái") + 1]
    path = shape_write("opencps_list", [sample()], tmp_path, header=displayed)

    summary = dossier_import_apply(path=path)

    _refused(summary)
    assert [(e["row"], e["column"]) for e in _errors(summary)] == [
        (1, "Cơ quan"),
        (1, "Kênh"),
        (1, "Ngày có kết quả"),
    ]


# --- the admin upload ---------------------------------------------------------------------------


def test_the_admin_upload_takes_a_json_export_and_shows_its_format_in_the_preview(
    formats_catalogue, tmp_path, client, django_user_model, settings
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.org", "pw"))
    dossiers = [sample("MAU-0001"), sample("MAU-0002", status=None, channel=ChannelKind.ONLINE)]
    data = shape_write("national", dossiers, tmp_path).read_bytes()

    response = client.post(
        "/admin/ho-so/nhap/", {"file": SimpleUploadedFile("dossiers-national.json", data)}, follow=True
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Dạng tệp:</strong> Bản ghi đồng bộ Cổng DVC quốc gia" in html
    assert "Mới: 1" in html and "Bỏ qua (chưa tiếp nhận): 1" in html
    assert not Dossier.objects.exists()  # previewed only
    response = client.post(response.redirect_chain[-1][0], follow=True)
    assert "Đã nhập xong" in response.content.decode()
    assert list(Dossier.objects.values_list("code", flat=True)) == ["MAU-0001"]
