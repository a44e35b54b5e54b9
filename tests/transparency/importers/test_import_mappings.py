"""The dossier import's code tables as editors meet them: shipped defaults, edited in the admin
with history, refused when ambiguous, and followed by the next import."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from procedures.models import Department
from tests.transparency.importers.test_dossier_import import catalogue  # noqa: F401  (fixture)
from transparency.enums import DossierSource, DossierStatus
from transparency.importers.pipeline import dossier_import_apply, dossier_import_check
from transparency.models import ChannelMapping, Dossier, StatusMapping
from transparency.services.mappings import mapping_defaults_ensure


@pytest.fixture
def admin(db, client, django_user_model):
    user = django_user_model.objects.create_superuser("centre", "centre@example.gov.vn", "pw")
    client.force_login(user)
    return client


def _national(tmp_path, status, *, name="national.json", agency="Sở Tư pháp", code="N-1"):
    record = {
        "MaHoSo": code,
        "MaTTHC": "1.000001",
        "DonViXuLy": agency,
        "NgayTiepNhan": "20190304090000",
        "NgayHenTra": "20190311170000",
        "NgayKetThucXuLy": "20190308100000",
        "NgayTra": "20190308150000",
        "TrangThaiHoSo": status,
        "KenhThucHien": 1,
        "ChuHoSo": "Nguyễn Văn A",
    }
    path = tmp_path / name
    path.write_text(json.dumps({"result": [record]}, ensure_ascii=False), encoding="utf-8")
    return path


def test_every_source_ships_with_its_status_and_channel_codes(db):
    national = dict(
        StatusMapping.objects.filter(source=DossierSource.NATIONAL).values_list("value", "status")
    )
    assert national["10"] == DossierStatus.RESOLVED
    assert national["5"] == DossierStatus.SUPPLEMENT
    assert national["7"] == DossierStatus.WITHDRAWN
    assert national["1"] == ""  # not received yet: skipped
    opencps = dict(StatusMapping.objects.filter(source=DossierSource.OPENCPS).values_list("value", "status"))
    assert opencps["done"] == DossierStatus.RESOLVED and opencps["denied"] == DossierStatus.REFUSED
    channels = dict(
        ChannelMapping.objects.filter(source=DossierSource.NATIONAL).values_list("value", "channel")
    )
    assert channels == {"1": "in_person", "2": "online", "3": "post"}


def test_defaults_never_come_back_over_an_editors_table(db):
    StatusMapping.objects.filter(source=DossierSource.NATIONAL, value="11").delete()
    assert mapping_defaults_ensure() == 0
    assert not StatusMapping.objects.filter(source=DossierSource.NATIONAL, value="11").exists()


def test_an_unmapped_status_names_record_field_value_and_links_the_table(catalogue, tmp_path):  # noqa: F811
    summary = dossier_import_check(path=_national(tmp_path, 12)).as_dict()
    assert summary["format"] == "Bản ghi đồng bộ Cổng DVC quốc gia"
    [error] = summary["errors"]
    assert (error["row"], error["column"]) == (1, "TrangThaiHoSo")
    assert "«12»" in error["message"]
    assert error["link"] == "/admin/snippets/transparency/statusmapping/"


def test_a_status_added_in_the_admin_is_followed_by_the_next_import(admin, catalogue, tmp_path):  # noqa: F811
    path = _national(tmp_path, 12)
    assert not dossier_import_apply(path=path).written
    response = admin.post(
        reverse("wagtailsnippets_transparency_statusmapping:add"),
        {
            "source": DossierSource.NATIONAL,
            "value": " 12 ",
            "status": DossierStatus.RESOLVED,
            "label": "Đã trả (cũ)",
        },
    )
    assert response.status_code == 302
    mapping = StatusMapping.objects.get(source=DossierSource.NATIONAL, value="12")
    assert dossier_import_apply(path=path).written
    assert Dossier.objects.get(code="N-1").status == DossierStatus.RESOLVED
    # The change is in the snippet's history, with who made it.
    history = admin.get(reverse("wagtailsnippets_transparency_statusmapping:history", args=[mapping.pk]))
    assert history.status_code == 200
    assert "centre" in history.content.decode()


def test_the_same_value_twice_in_one_source_is_refused_with_the_reason(admin, db):
    response = admin.post(
        reverse("wagtailsnippets_transparency_statusmapping:add"),
        {"source": DossierSource.NATIONAL, "value": "10", "status": DossierStatus.PENDING},
    )
    assert response.status_code == 200
    assert "Nguồn này đã có giá trị «10»" in response.content.decode()
    assert (
        StatusMapping.objects.get(source=DossierSource.NATIONAL, value="10").status == DossierStatus.RESOLVED
    )


def test_a_department_is_found_by_its_agency_code_and_its_aliases(catalogue, tmp_path):  # noqa: F811
    department = catalogue.department
    department.agency_code = "000.00.01.H49"
    department.aliases = "STP-QNA\nSở Tư Pháp tỉnh Quảng Nam"
    department.save()
    for number, agency in enumerate(("000.00.01.H49", "stp-qna", "So Tu Phap tinh Quang Nam"), start=1):
        path = _national(tmp_path, 10, name=f"n{number}.json", agency=agency, code=f"N-{number}")
        assert dossier_import_apply(path=path).written, agency
    assert set(Dossier.objects.values_list("department_id", flat=True)) == {department.pk}


def test_an_alias_another_department_uses_is_refused_in_the_admin(admin, catalogue):  # noqa: F811
    other = Department.objects.create(name="Sở Xây dựng", slug="so-xay-dung", short_name="SXD")
    url = reverse("wagtailsnippets_procedures_department:edit", args=[other.pk])
    form = admin.get(url).context["form"]
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data.update(parent="", sort_order=0, aliases="STP")
    response = admin.post(url, data)
    assert response.status_code == 200
    assert "«stp» đã dùng cho Sở Tư pháp." in response.content.decode()
    other.refresh_from_db()
    assert other.aliases == ""


def test_the_import_page_links_every_code_table(admin, db):
    page = admin.get(reverse("transparency_dossier_import")).content.decode()
    for name in ("statusmapping", "channelmapping", "procedurecodemapping"):
        assert f"/admin/snippets/transparency/{name}/" in page
    assert "/admin/snippets/procedures/department/" in page
    assert 'accept=".csv,.xlsx,.json"' in page
