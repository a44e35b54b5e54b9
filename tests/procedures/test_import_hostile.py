"""Hostile and broken catalogue files through ``import_procedures`` and the admin upload: every
row read, every failure a message with its row and column, nothing written when refused; and
exports that no spreadsheet runs as formulas."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from procedures.models import Procedure
from tests.hostile_files import (
    truncated,
    truncated_sheet,
    with_dimension,
    with_rows_reordered,
    xlsx_bytes,
    zip_bomb,
)

pytestmark = pytest.mark.django_db

PORTAL = [["code", "name", "field"], *([f"1.{n:06d}", f"Thủ tục số {n}", "Hộ tịch"] for n in range(1, 10))]
NATIONAL = [
    ["Mã số", "Tên", "Cơ quan ban hành", "Cơ quan thực hiện", "Lĩnh vực"],
    *([f"1.{n:06d}", f"Thủ tục số {n}", "Bộ Tư pháp", "Sở Tư pháp", "Hộ tịch"] for n in range(1, 10)),
]


def _run(tmp_path, data: bytes, name: str = "catalogue.xlsx") -> tuple[dict, int]:
    path = tmp_path / name
    path.write_bytes(data)
    out = io.StringIO()
    try:
        call_command("import_procedures", str(path), "--json", stdout=out, stderr=io.StringIO())
        code = 0
    except SystemExit as exc:
        code = exc.code
    return json.loads(out.getvalue()), code


@pytest.fixture
def editor_client(client, django_user_model, tmp_path, settings):
    settings.IMPORT_STORAGE_DIR = tmp_path / "uploads"
    user = django_user_model.objects.create_user(username="editor", password="pw")
    codenames = ["access_admin", "add_procedure", "change_procedure"]
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    client.force_login(user)
    return client


def _preview(client, data: bytes, name: str = "catalogue.xlsx") -> str:
    response = client.post(
        reverse("procedures_import"), {"file": SimpleUploadedFile(name, data), "decision": ""}
    )
    assert response.status_code == 302
    preview = client.get(response["Location"])
    assert preview.status_code == 200
    return preview.content.decode()


@pytest.mark.parametrize("rows", [PORTAL, NATIONAL], ids=["portal", "national-list"])
def test_a_sheet_tagged_with_a_smaller_dimension_imports_every_row(tmp_path, editor_client, rows):
    data = with_dimension(xlsx_bytes(rows), "A1:C3")

    assert "<dt>Mới</dt><dd>9</dd>" in _preview(editor_client, data)  # openpyxl alone: 2
    result, code = _run(tmp_path, data)

    assert (code, result["new"]) == (0, 9), result
    assert Procedure.objects.count() == 9


def test_a_sheet_whose_rows_disagree_with_what_was_counted_is_refused(tmp_path):
    result, code = _run(tmp_path, with_rows_reordered(xlsx_bytes(NATIONAL), 3, 4))

    assert code == 1 and "không nhập để không bỏ sót" in result["errors"][0]["message"]
    assert not Procedure.objects.exists()


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path, editor_client, settings):
    settings.IMPORT_MAX_UNCOMPRESSED_SIZE = 2 << 20
    data = zip_bomb(xlsx_bytes(PORTAL), megabytes=6)

    result, code = _run(tmp_path, data)
    assert code == 1 and "giải nén ra 6,0" in result["errors"][0]["message"]
    assert "giải nén ra 6,0" in _preview(editor_client, data)
    assert not Procedure.objects.exists()


def test_a_sheet_with_more_cells_than_allowed_is_refused(tmp_path, settings):
    settings.IMPORT_MAX_CELLS = 20

    result, code = _run(tmp_path, xlsx_bytes(PORTAL))

    assert code == 1 and "có hơn 20 ô" in result["errors"][0]["message"]
    assert not Procedure.objects.exists()


@pytest.mark.parametrize("cut", [truncated, truncated_sheet], ids=["zip", "sheet-xml"])
@pytest.mark.parametrize("rows", [PORTAL, NATIONAL], ids=["portal", "national-list"])
def test_a_truncated_xlsx_is_a_message(tmp_path, editor_client, rows, cut):
    data = cut(xlsx_bytes(rows * 30))

    result, code = _run(tmp_path, data)
    assert code == 1 and "bị hỏng" in result["errors"][0]["message"]
    assert "bị hỏng" in _preview(editor_client, data)
    assert not Procedure.objects.exists()


def test_a_nul_character_is_a_row_error_naming_its_column(tmp_path, editor_client):
    text = "code,name,conditions\n1.000001,Đăng ký khai sinh,\n1.000002,Cấp\x00 phiếu,Không\n"
    result, code = _run(tmp_path, text.encode(), "catalogue.csv")

    assert code == 1
    assert [(e["row"], e["column"]) for e in result["errors"]] == [(3, "name")]
    assert "NUL" in _preview(editor_client, text.encode(), "catalogue.csv")
    records = [{"code": "1.000001", "name": "Đăng ký\u0000 khai sinh"}]
    result, code = _run(tmp_path, json.dumps(records).encode(), "catalogue.json")
    assert code == 1 and result["errors"][0]["column"] == "name"
    assert not Procedure.objects.exists()


def test_deeply_nested_json_is_a_message(tmp_path, editor_client):
    data = b"[" * 100_000 + b"]" * 100_000

    result, code = _run(tmp_path, data, "catalogue.json")
    assert code == 1 and "lồng nhau quá sâu" in result["errors"][0]["message"]
    assert "lồng nhau quá sâu" in _preview(editor_client, data, "catalogue.json")


def test_an_oversized_cell_is_reported_at_its_true_row_and_column(tmp_path):
    text = "code,name,conditions\n1.000001,Đăng ký khai sinh,\n1.000002,Cấp phiếu," + "x" * 200_000 + "\n"

    result, code = _run(tmp_path, text.encode(), "catalogue.csv")

    assert code == 1
    assert [(e["row"], e["column"]) for e in result["errors"]] == [(3, "conditions")]
    assert "Ô dài 200.000 ký tự, quá giới hạn 32.767" in result["errors"][0]["message"]


# --- point 10: exports escape formulas -----------------------------------------------------

FORMULAS = ['=HYPERLINK("http://evil.example","x")', " =1+1", "\t=1+1", "@SUM(A1)", "'=already quoted"]


@pytest.mark.parametrize("extension", [".xlsx", ".csv"])
def test_export_writes_no_live_formula_and_reimports_unchanged(tmp_path, extension):
    from openpyxl import load_workbook

    for n, name in enumerate(FORMULAS, start=1):
        Procedure.objects.create(code=f"1.00000{n}", name=name, live=True)
    target = tmp_path / f"out{extension}"
    call_command("export_procedures", str(target), stdout=io.StringIO())

    if extension == ".xlsx":
        sheet = load_workbook(target).active
        column = next(c for c in next(sheet.iter_rows()) if c.value == "name").column
        cells = [sheet.cell(row=r, column=column) for r in range(2, 2 + len(FORMULAS))]
        assert all(c.data_type == "s" for c in cells)  # text, never formulas
        names = [c.value for c in cells]
    else:
        names = [row["name"] for row in csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig")))]
    assert names == ["'" + name for name in FORMULAS]
    result, code = _run(tmp_path, target.read_bytes(), f"again{extension}")
    # The apostrophe is read back off; the import strips leading blanks, as it always has.
    assert (code, result["unchanged"]) == (0, sum(name == name.strip() for name in FORMULAS)), result
    assert list(Procedure.objects.order_by("code").values_list("name", flat=True)) == [
        n.strip() for n in FORMULAS
    ]


@pytest.mark.parametrize("value", [" =1+1", "  +1", "\r=1", "-2", "'=x", "''@x"])
def test_the_shared_neutralising_catches_leading_spaces_and_is_reversible(value):
    from procedures.spreadsheets import neutralise, unneutralise
    from transparency.downloads import neutralise as public_downloads_neutralise

    assert public_downloads_neutralise is neutralise
    assert neutralise(value).startswith("'") and unneutralise(neutralise(value)) == value
    assert neutralise("Sở Tư pháp") == unneutralise("Sở Tư pháp") == "Sở Tư pháp"
