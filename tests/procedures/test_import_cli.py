"""``import_procedures`` and ``export_procedures`` on the command line."""

from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from procedures.enums import DecisionAction, TimeLimitUnit
from procedures.models import DecisionProcedure, Procedure

pytestmark = pytest.mark.django_db

CSV = (
    "code,name,field,channels,steps\n"
    '1.000002,Đăng ký khai sinh,Hộ tịch,"in_person|5|working_days|0|1\nonline|3|working_days||0",Nộp hồ sơ\n'
    "1.000003,Cấp phiếu lý lịch tư pháp,Lý lịch tư pháp,in_person||same_day|200000|0,\n"
)


def _csv(tmp_path: Path, text: str = CSV) -> Path:
    path = tmp_path / "catalogue.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _run_json(*args: str) -> tuple[dict, int]:
    out = StringIO()
    try:
        call_command("import_procedures", *args, "--json", stdout=out, stderr=StringIO())
        code = 0
    except SystemExit as exc:
        code = exc.code
    text = out.getvalue()
    assert text.count("\n") <= 1  # exactly one JSON object, nothing else
    return json.loads(text), code


def test_json_output_is_exactly_one_object_with_the_counts(tmp_path):
    result, code = _run_json(str(_csv(tmp_path)))

    assert code == 0
    assert result == {"new": 2, "updated": 0, "unchanged": 0, "invalid": 0, "errors": [], "drafts": []}
    procedure = Procedure.objects.get(code="1.000002")
    assert procedure.live and procedure.field.name == "Hộ tịch"
    assert procedure.time_limit_days == Decimal(3)
    assert procedure.is_free is True
    assert procedure.channel_kinds == "in_person,online"
    same_day = Procedure.objects.get(code="1.000003")
    assert same_day.channels.get().time_limit_unit == TimeLimitUnit.SAME_DAY
    assert same_day.time_limit_days == 0 and same_day.is_free is False


def test_json_output_reports_updated_and_unchanged(tmp_path):
    _run_json(str(_csv(tmp_path)))
    changed = CSV.replace("Cấp phiếu lý lịch tư pháp", "Cấp phiếu lý lịch tư pháp số 1")

    result, code = _run_json(str(_csv(tmp_path, changed)))

    assert code == 0
    assert result == {"new": 0, "updated": 1, "unchanged": 1, "invalid": 0, "errors": [], "drafts": []}
    assert Procedure.objects.get(code="1.000003").name == "Cấp phiếu lý lịch tư pháp số 1"
    assert Procedure.objects.get(code="1.000003").revisions.count() == 2


def test_invalid_rows_give_a_non_zero_exit_and_row_column_message(tmp_path):
    bad = CSV + "1.000004,,Hộ tịch,,\n"

    result, code = _run_json(str(_csv(tmp_path, bad)))

    assert code != 0
    assert result["invalid"] == 1 and result["new"] == 2
    assert result["errors"] == [{"row": 4, "column": "name", "message": result["errors"][0]["message"]}]
    assert not Procedure.objects.exists()


def test_missing_file_gives_a_non_zero_exit_and_a_message(tmp_path):
    result, code = _run_json(str(tmp_path / "nope.csv"))

    assert code != 0
    assert result["errors"][0]["row"] is None and "nope.csv" in result["errors"][0]["message"]


def test_dry_run_writes_nothing(tmp_path):
    result, code = _run_json(str(_csv(tmp_path)), "--dry-run")

    assert (result["new"], code) == (2, 0)
    assert not Procedure.objects.exists()


def test_decision_option_links_every_procedure(tmp_path):
    _run_json(str(_csv(tmp_path)), "--decision", "2735/QĐ-UBND")

    links = DecisionProcedure.objects.filter(decision__number="2735/QĐ-UBND")
    assert sorted(links.values_list("procedure__code", flat=True)) == ["1.000002", "1.000003"]
    assert set(links.values_list("action", flat=True)) == {DecisionAction.ADD}
    assert links.first().decision.slug == "2735-qd-ubnd"
    # Linking again changes nothing.
    result, _ = _run_json(str(_csv(tmp_path)), "--decision", "2735/QĐ-UBND")
    assert result["unchanged"] == 2


def test_plain_output_summarises_and_raises_on_errors(tmp_path):
    out = StringIO()
    call_command("import_procedures", str(_csv(tmp_path)), stdout=out)
    assert "new: 2" in out.getvalue()

    with pytest.raises(CommandError):
        call_command(
            "import_procedures",
            str(_csv(tmp_path, CSV + "x y,Tên,,,\n")),
            stdout=StringIO(),
            stderr=StringIO(),
        )


@pytest.mark.parametrize("extension", [".csv", ".xlsx", ".json"])
def test_export_writes_the_format_of_the_extension_and_reimports_unchanged(tmp_path, extension):
    _run_json(str(_csv(tmp_path)), "--decision", "2735/QĐ-UBND")
    target = tmp_path / f"out{extension}"

    call_command("export_procedures", str(target), stdout=StringIO())

    result, code = _run_json(str(target))
    assert (result, code) == (
        {"new": 0, "updated": 0, "unchanged": 2, "invalid": 0, "errors": [], "drafts": []},
        0,
    )


def test_export_to_an_unknown_extension_is_an_error(tmp_path):
    with pytest.raises(CommandError, match=r"\.csv, \.xlsx or \.json"):
        call_command("export_procedures", str(tmp_path / "out.pdf"), stdout=StringIO())


def test_round_trip_import_into_an_empty_catalogue_recreates_children_and_links(tmp_path):
    _run_json(str(_csv(tmp_path)), "--decision", "2735/QĐ-UBND")
    target = tmp_path / "out.csv"
    call_command("export_procedures", str(target), stdout=StringIO())
    Procedure.objects.all().delete()

    result, _ = _run_json(str(target))

    assert result["new"] == 2
    procedure = Procedure.objects.get(code="1.000002")
    assert [c.kind for c in procedure.channels.all()] == ["in_person", "online"]
    assert procedure.steps.get().text == "Nộp hồ sơ"
    assert procedure.decision_links.get().decision.number == "2735/QĐ-UBND"
