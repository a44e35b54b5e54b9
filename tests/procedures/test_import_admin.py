"""The Wagtail admin import: upload → preview → confirm."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from procedures.models import Procedure

pytestmark = pytest.mark.django_db

CSV = (
    "code,name,field\n"
    "1.000002,Đăng ký khai sinh,Hộ tịch\n"
    "1.000003,Cấp phiếu lý lịch tư pháp,Lý lịch tư pháp\n"
)


@pytest.fixture(autouse=True)
def _storage(tmp_path, settings):
    settings.IMPORT_STORAGE_DIR = tmp_path / "uploads"


def _user(django_user_model, *, can_add: bool, username: str = "editor"):
    user = django_user_model.objects.create_user(username=username, password="pw")
    codenames = ["access_admin"] + (["add_procedure", "change_procedure"] if can_add else [])
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


def _upload(client, text: str = CSV, name: str = "catalogue.csv", decision: str = ""):
    data = {"file": SimpleUploadedFile(name, text.encode("utf-8")), "decision": decision}
    return client.post(reverse("procedures_import"), data)


def test_editor_uploads_previews_and_confirms(client, django_user_model):
    client.force_login(_user(django_user_model, can_add=True))
    Procedure.objects.create(code="1.000003", name="Cấp phiếu lý lịch tư pháp (cũ)", live=True)

    response = _upload(client, decision="2735/QĐ-UBND")
    assert response.status_code == 302
    preview = client.get(response["Location"])

    html = preview.content.decode()
    assert preview.status_code == 200
    assert re.search(r"<dt>Mới</dt><dd>1</dd>", html)
    assert re.search(r"<dt>Thay đổi</dt><dd>1</dd>", html)
    assert "Tên thủ tục" in html and "1.000002" in html
    assert "Xác nhận nhập" in html
    assert not Procedure.objects.filter(code="1.000002").exists()  # the preview writes nothing

    confirmed = client.post(response["Location"], follow=True)

    assert Procedure.objects.get(code="1.000003").name == "Cấp phiếu lý lịch tư pháp"
    assert Procedure.objects.get(code="1.000002").decisions.get().number == "2735/QĐ-UBND"
    assert "1 thủ tục mới, 1 cập nhật" in confirmed.content.decode()


def test_invalid_file_shows_row_column_and_reason_and_offers_no_confirm(client, django_user_model):
    client.force_login(_user(django_user_model, can_add=True))

    response = _upload(client, CSV + "1.000002,Trùng mã,Hộ tịch\n")
    html = client.get(response["Location"]).content.decode()

    assert "bị trùng: dòng 2 và dòng 4" in html
    assert "Xác nhận nhập" not in html
    assert client.post(response["Location"]).status_code == 200  # confirming anyway writes nothing
    assert not Procedure.objects.exists()


def test_wrong_extension_is_refused_on_the_form(client, django_user_model):
    client.force_login(_user(django_user_model, can_add=True))

    response = _upload(client, name="catalogue.pdf")

    assert response.status_code == 200
    assert "không được hỗ trợ" in response.content.decode()


def test_user_who_cannot_add_procedures_is_refused(client, django_user_model):
    client.force_login(_user(django_user_model, can_add=False))

    response = client.get(reverse("procedures_import"))
    posted = _upload(client)

    # Wagtail turns PermissionDenied into a redirect to the dashboard with a message.
    assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
    assert posted["Location"] == reverse("wagtailadmin_home")
    assert not Procedure.objects.exists()


def test_another_users_upload_is_not_found(client, django_user_model):
    client.force_login(_user(django_user_model, can_add=True))
    location = _upload(client)["Location"]
    client.force_login(_user(django_user_model, can_add=True, username="other"))

    assert client.get(location).status_code == 404
    assert client.post(location).status_code == 404
    assert client.get(reverse("procedures_import_preview", args=["..%2Fetc"])).status_code == 404


def test_menu_item_appears_for_editors(client, django_user_model):
    client.force_login(_user(django_user_model, can_add=True))

    # The menu is serialised as JSON for the sidebar; its URL is there verbatim.
    assert reverse("procedures_import") in client.get(reverse("wagtailadmin_home")).content.decode()


def test_import_success_message_is_shown_once(client, django_user_model):
    client.force_login(_user(django_user_model, can_add=True))

    preview = _upload(client)
    confirmed = client.post(preview["Location"], follow=True).content.decode()

    assert confirmed.count("Đã nhập catalogue.csv: 2 thủ tục mới") == 1


def test_readme_names_the_admin_menu_path_to_the_procedure_import(client, django_user_model):
    import json
    from pathlib import Path

    from django.conf import settings

    client.force_login(_user(django_user_model, can_add=True))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    props = re.search(
        r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S
    )
    menu = next(m for m in json.loads(props.group(1))["modules"] if m["_type"].endswith("MainMenuModule"))
    paths = [
        f"{item['_args'][0]['label']} → {child['_args'][0]['label']}"
        for item in menu["_args"][0]
        if item["_type"].endswith("SubMenuItem")
        for child in item["_args"][1]
        if child["_args"][0].get("url") == reverse("procedures_import")
    ]
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")

    assert paths == ["Tùy chỉnh → Nhập thủ tục"]  # the Vietnamese admin's settings submenu
    assert f"**{paths[0]}**" in readme
