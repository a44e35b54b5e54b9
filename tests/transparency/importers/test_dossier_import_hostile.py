"""Hostile and broken dossier files: every row read, every failure a message with its row and
column, nothing written when refused, no worker exhausted or left "checking" forever."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from tests.hostile_files import (
    truncated,
    truncated_sheet,
    with_dimension,
    with_rows_reordered,
    xlsx_bytes,
    zip_bomb,
)
from tests.transparency.importers import test_dossier_import as base
from transparency.importers.pipeline import dossier_import_apply
from transparency.importers.runs import rows_estimate
from transparency.models import Dossier, DossierImport

HEADER, write = base.HEADER, base.write
COLUMNS = HEADER.split(",")
catalogue = base.catalogue  # the same catalogue fixture


def _rows(count: int) -> list[list[str]]:
    return [
        [
            f"H1-{n:04d}",
            "1.000001",
            "Sở Tư pháp",
            "Trực tiếp",
            "04/03/2019 09:00",
            "",
            "08/03/2019 10:00",
            "Đã giải quyết",
            "",
            "Nguyễn Văn A",
        ]
        for n in range(1, count + 1)
    ]


def _xlsx(tmp_path, data: bytes, name: str = "export.xlsx"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _command(path) -> str:
    """The command's error (it must end with a CommandError, never a traceback)."""
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_dossiers", str(path), stdout=io.StringIO(), stderr=err)
    return err.getvalue()


@pytest.fixture
def admin_client(client, django_user_model, tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.org", "pw"))
    return client


def _upload(client, data: bytes, name: str = "export.xlsx"):
    response = client.post("/admin/ho-so/nhap/", {"file": SimpleUploadedFile(name, data)}, follow=True)
    assert response.status_code == 200
    return response.content.decode()


# --- point 2: every row read, whatever the <dimension> tag says ---------------------------


def test_a_sheet_tagged_with_a_smaller_dimension_imports_every_row(catalogue, tmp_path, admin_client):
    data = with_dimension(xlsx_bytes([COLUMNS, *_rows(10)]), "A1:J3")

    html = _upload(admin_client, data)
    assert "Mới: 10" in html  # openpyxl alone would preview 2

    call_command("import_dossiers", str(_xlsx(tmp_path, data)), stdout=io.StringIO(), stderr=io.StringIO())
    assert Dossier.objects.count() == 10


def test_a_sheet_whose_rows_disagree_with_what_was_counted_is_refused(catalogue, tmp_path):
    # Row 3 written after row 4: openpyxl's reader skips it without a word.
    data = with_rows_reordered(xlsx_bytes([COLUMNS, *_rows(5)]), 3, 4)

    summary = dossier_import_apply(path=_xlsx(tmp_path, data))

    assert not summary.written and Dossier.objects.count() == 0
    assert "không nhập để không bỏ sót dòng nào" in summary.errors[0].message
    assert "không nhập để không bỏ sót" in _command(_xlsx(tmp_path, data))


def test_background_is_decided_on_the_rows_counted_not_on_a_missing_dimension_tag(tmp_path):
    data = with_dimension(xlsx_bytes([COLUMNS, *_rows(40)]), None)

    assert rows_estimate(_xlsx(tmp_path, data)) == 40


# --- point 6: bounded before reading -------------------------------------------------------


def test_a_zip_bomb_is_refused_before_it_is_inflated(catalogue, tmp_path, admin_client, settings):
    settings.IMPORT_MAX_UNCOMPRESSED_SIZE = 2 << 20
    data = zip_bomb(xlsx_bytes([COLUMNS, *_rows(3)]), megabytes=6)
    assert len(data) < 100_000  # a small upload that inflates to 6 MB

    assert "giải nén ra 6,0" in _command(_xlsx(tmp_path, data))
    html = _upload(admin_client, data)
    assert "quá giới hạn 2,0" in html and "Có lỗi, không nhập" in html
    assert Dossier.objects.count() == 0


def test_a_sheet_with_more_cells_than_allowed_is_refused(catalogue, tmp_path, settings):
    settings.IMPORT_MAX_CELLS = 100
    path = _xlsx(tmp_path, xlsx_bytes([COLUMNS, *_rows(20)]))

    assert "có hơn 100 ô" in dossier_import_apply(path=path).errors[0].message
    assert Dossier.objects.count() == 0
    settings.IMPORT_MAX_CELLS = 1000
    assert dossier_import_apply(path=path).written


def test_a_run_left_checking_by_a_dead_worker_is_shown_failed(catalogue, admin_client):
    run = DossierImport.objects.create(file="imports/x.csv", original_name="x.csv")
    DossierImport.objects.filter(pk=run.pk).update(created_at=timezone.now() - dt.timedelta(hours=2))
    fresh = DossierImport.objects.create(file="imports/y.csv", original_name="y.csv")

    html = admin_client.get(f"/admin/ho-so/nhap/{run.pk}/").content.decode()

    assert "Thất bại" in html and "tiến trình xử lý đã dừng" in html
    assert DossierImport.objects.get(pk=fresh.pk).state == DossierImport.State.CHECKING


# --- point 5: every failure a message ------------------------------------------------------


@pytest.mark.parametrize("cut", [truncated, truncated_sheet], ids=["zip", "sheet-xml"])
def test_a_truncated_xlsx_is_a_message_for_the_command_and_the_admin(catalogue, tmp_path, admin_client, cut):
    data = cut(xlsx_bytes([COLUMNS, *_rows(200)]))

    assert "bị hỏng" in _command(_xlsx(tmp_path, data))
    assert "bị hỏng" in _upload(admin_client, data)
    assert Dossier.objects.count() == 0


def test_a_nul_character_is_a_row_error_naming_its_column(catalogue, tmp_path):
    rows = [",".join(r) for r in _rows(3)]
    rows[1] = rows[1].replace("Nguyễn Văn A", "Nguyễn\x00Văn A")

    summary = dossier_import_apply(path=write(tmp_path, rows))

    assert [(e.row, e.column) for e in summary.errors] == [(3, "Người nộp")]
    assert "NUL" in summary.errors[0].message
    assert Dossier.objects.count() == 0


def test_an_oversized_cell_is_reported_at_its_true_row_and_column(catalogue, tmp_path):
    rows = [",".join(r) for r in _rows(4)]
    rows[2] = rows[2].replace("Nguyễn Văn A", "x" * 200_000)

    summary = dossier_import_apply(path=write(tmp_path, rows))

    assert [(e.row, e.column) for e in summary.errors] == [(4, "Người nộp")]
    assert "Ô dài 200.000 ký tự, quá giới hạn 32.767" in summary.errors[0].message
    assert Dossier.objects.count() == 0


# --- point 4: dates far from the data ------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "resolved", "column", "reason"),
    [
        ("04/03/2099 09:00", "08/03/2099", "Ngày tiếp nhận", "ở tương lai"),
        ("04/03/2019 09:00", "08/03/2099", "Ngày trả kết quả", "ở tương lai"),
        ("04/03/1985 09:00", "08/03/1985", "Ngày tiếp nhận", "từ năm 1990"),
        ("04/03/1985 09:00", "", "Ngày tiếp nhận", "từ năm 1990"),
    ],
)
def test_dates_far_from_the_data_are_row_errors(catalogue, tmp_path, received, resolved, column, reason):
    row = _rows(1)[0]
    row[4], row[6] = received, resolved
    if not resolved:
        row[7] = "Đang giải quyết"

    summary = dossier_import_apply(path=write(tmp_path, [",".join(r) for r in (_rows(1)[0], row)]))

    assert (summary.errors[0].row, summary.errors[0].column) == (3, column)
    assert reason in summary.errors[0].message
    assert Dossier.objects.count() == 0
    assert reason in _command(write(tmp_path, [",".join(row)]))


def test_a_date_within_the_tolerance_of_today_imports(catalogue, tmp_path, settings):
    today = timezone.localdate()
    row = _rows(1)[0]
    row[4] = f"{today:%d/%m/%Y} 08:00"
    row[6], row[7] = "", "Đang giải quyết"

    assert dossier_import_apply(path=write(tmp_path, [",".join(row)])).written


# --- point 11: the template names nobody ---------------------------------------------------


def test_the_admin_template_is_only_for_importers_and_uses_placeholders(catalogue, client, django_user_model):
    from django.contrib.auth.models import Permission

    viewer = django_user_model.objects.create_user(username="viewer", password="pw")
    viewer.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(viewer)
    refused = client.get("/admin/ho-so/nhap/mau.csv")
    assert refused.status_code in (302, 403) and "Mã hồ sơ" not in refused.content.decode()

    viewer.user_permissions.add(Permission.objects.get(codename="add_dossier"))
    client.force_login(django_user_model.objects.get(pk=viewer.pk))
    text = client.get("/admin/ho-so/nhap/mau.csv").content.decode("utf-8-sig")
    assert "Nguyễn Văn A,K7QF\r\n" in text and "Trần Thị B,\r\n" in text
    assert "Nguyễn Văn An" not in text and "Trần Thị Bình" not in text


def test_a_few_very_wide_rows_go_to_the_background_like_many_rows(tmp_path):
    from transparency.importers.runs import BACKGROUND_ROWS, background_needed

    narrow = _xlsx(tmp_path, xlsx_bytes([COLUMNS, *_rows(20)]), "narrow.xlsx")
    wide = _xlsx(tmp_path, xlsx_bytes([COLUMNS, *([f"x{n}"] * 4000 for n in range(10))]), "wide.xlsx")

    assert not background_needed(narrow, rows=rows_estimate(narrow))
    assert rows_estimate(wide) == 10 < BACKGROUND_ROWS
    assert background_needed(wide, rows=rows_estimate(wide))
