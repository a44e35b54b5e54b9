"""No editor can write for another department's dossiers, and the demo roles have exactly their rights."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from tests.factories import DepartmentFactory, ProcedureFactory
from tests.transparency.apology_data import dossier_make, user_make
from tests.transparency.test_apology_admin import _edit_data
from transparency.models import ApologyNoticePage
from transparency.models.apologies import ApologyDepartmentPage
from transparency.services.apologies import EDITOR_GROUP_PREFIX

pytestmark = pytest.mark.django_db


@pytest.fixture
def health(queue_data):
    department = DepartmentFactory(name="Sở Y tế", short_name="SYT", slug="so-y-te")
    procedure = ProcedureFactory(code="1.000009", name="Cấp chứng chỉ hành nghề", department=department)
    queue_data["health_late"] = dossier_make(
        procedure=procedure,
        code="Y-late",
        received=dt.date(2019, 3, 1),
        due=dt.date(2019, 3, 8),
        resolved=dt.date(2019, 3, 15),
    )
    queue_data["health_editor"] = user_make("bt-syt", f"{EDITOR_GROUP_PREFIX}Sở Y tế")
    return queue_data


def _add_form(dossier_code: str) -> dict:
    return nested_form_data(
        {
            "title": "Thư xin lỗi hồ sơ Y-late",
            "slug": "pxl-y-late",
            "dossier": dossier_code,
            "issuing_agency": "Sở Tư pháp",
            "notice_number": "1/PXL-STP",
            "place_of_issue": "Quảng Nam",
            "issued_on": "2019-03-05",
            "addressee_masked": "Nguyễn V. A.",
            "reason_category": "inter_agency",
            "reason": "Chờ ý kiến của UBND huyện.",
            "apology_text": "Xin lỗi Ông/Bà.",
            "new_return_on": "2019-03-15",
            "signer_name": "Võ Quang Thịnh",
            "signer_title": "Giám đốc",
            "recipients": "- Như trên;",
            "comments": inline_formset([]),
        }
    )


@pytest.mark.parametrize("action", ["action-submit", None])
def test_editor_adding_another_departments_dossier_gets_a_form_error_and_no_page(health, client, action):
    client.force_login(health["justice_editor"])
    own_section = ApologyDepartmentPage.objects.get(department=health["justice"])
    pages_before = Page.objects.count()
    data = _add_form("Y-late")
    if action:
        data[action] = "1"
    response = client.post(
        reverse("wagtailadmin_pages:add", args=["transparency", "apologynoticepage", own_section.pk]), data
    )
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["dossier"])
    assert "Hồ sơ Y-late thuộc Sở Y tế: bạn không được soạn thư xin lỗi cho cơ quan này." in errors
    assert "bạn không được soạn thư xin lỗi" in response.content.decode()
    assert Page.objects.count() == pages_before
    assert not ApologyNoticePage.objects.filter(dossier=health["health_late"]).exists()

    # The department's own editor can still draft the apology for it.
    client.force_login(health["health_editor"])
    response = client.post(reverse("apology_draft", args=[health["health_late"].pk]))
    notice = ApologyNoticePage.objects.get(dossier=health["health_late"])
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[notice.pk])
    assert notice.get_parent().url == "/xin-loi/so-y-te/"
    assert client.get(response["Location"]).status_code == 200


def test_centre_lead_adding_in_the_wrong_section_gets_a_form_error_and_no_page(health, client):
    # A lead may write for every department, but a notice belongs in its dossier's section.
    client.force_login(health["lead"])
    justice_section = ApologyDepartmentPage.objects.get(department=health["justice"])
    pages_before = Page.objects.count()
    response = client.post(
        reverse("wagtailadmin_pages:add", args=["transparency", "apologynoticepage", justice_section.pk]),
        _add_form("Y-late"),
    )
    assert response.status_code == 200
    assert "thuộc cơ quan khác" in " ".join(response.context["form"].errors["dossier"])
    assert Page.objects.count() == pages_before


def test_editor_cannot_move_their_draft_to_another_departments_dossier(health, client):
    client.force_login(health["justice_editor"])
    client.post(reverse("apology_draft", args=[health["resolved_late"].pk]))
    notice = ApologyNoticePage.objects.get(dossier=health["resolved_late"])
    data = _add_form("Y-late")
    data.update(title=notice.title, slug=notice.slug)
    response = client.post(reverse("wagtailadmin_pages:edit", args=[notice.pk]), data)
    assert response.status_code == 200
    assert "bạn không được soạn thư xin lỗi" in " ".join(response.context["form"].errors["dossier"])
    assert ApologyNoticePage.objects.get(pk=notice.pk).dossier_id == health["resolved_late"].pk


# --- the demo roles of make run -------------------------------------------------------------------


@pytest.fixture
def demo_accounts(queue_data, settings, tmp_path, monkeypatch):
    """``ensure_demo_editor`` as ``make run`` calls it, with its password files in a scratch var/."""
    settings.BASE_DIR = tmp_path
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    out = io.StringIO()
    call_command("ensure_demo_editor", stdout=out)
    printed = dict(re.findall(r"user '([\w-]+)', password '([^']+)'", out.getvalue()))
    queue_data["printed"] = printed
    queue_data["output"] = out.getvalue()
    queue_data["base_dir"] = tmp_path
    return queue_data


def test_make_run_prints_the_superuser_the_department_editor_and_the_moderator(demo_accounts):
    output, printed = demo_accounts["output"], demo_accounts["printed"]
    assert "Demo editor (superuser): user 'editor'" in output
    assert "Demo department editor (Sở Xây dựng): user 'bientap-sxd'" in output
    assert "Demo Centre moderator (approves notices): user 'kiemduyet'" in output
    assert set(printed) == {"editor", "bientap-sxd", "kiemduyet"}
    # Kept under var/ and unchanged by a second run, like the demo editor's.
    kept = Path(demo_accounts["base_dir"]) / "var" / "demo-moderator-password"
    assert kept.read_text().strip() == printed["kiemduyet"]
    assert oct(kept.stat().st_mode & 0o777) == "0o600"
    again = io.StringIO()
    call_command("ensure_demo_editor", stdout=again)
    assert dict(re.findall(r"user '([\w-]+)', password '([^']+)'", again.getvalue())) == printed


def test_demo_department_editor_edits_only_construction_notices_and_cannot_publish(demo_accounts, client):
    password = demo_accounts["printed"]["bientap-sxd"]
    assert client.login(username="bientap-sxd", password=password)
    # The queue holds Sở Xây dựng's late dossier only; drafting it works.
    response = client.get(reverse("apology_queue"))
    assert [d.code for d in response.context["results"].object_list] == ["H-building"]
    building = demo_accounts["building_late"]
    response = client.post(reverse("apology_draft", args=[building.pk]))
    notice = ApologyNoticePage.objects.get(dossier=building)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[notice.pk])).status_code == 200
    # Publishing is not theirs: the publish button does not make it live.
    data = _edit_data(notice)
    client.post(reverse("wagtailadmin_pages:edit", args=[notice.pk]), {**data, "action-publish": "1"})
    notice.refresh_from_db()
    assert notice.live is False
    # Another department's notice and dossier are out of reach.
    justice_notice = ApologyNoticePage.objects.get(dossier__code="F-done")
    assert client.get(reverse("wagtailadmin_pages:edit", args=[justice_notice.pk])).status_code in (302, 403)
    client.post(reverse("apology_draft", args=[demo_accounts["overdue"].pk]))
    assert not ApologyNoticePage.objects.filter(dossier=demo_accounts["overdue"]).exists()


def test_demo_moderator_approves_what_the_department_editor_submitted(demo_accounts, client):
    from wagtail.models import WorkflowState

    client.login(username="bientap-sxd", password=demo_accounts["printed"]["bientap-sxd"])
    building = demo_accounts["building_late"]
    client.post(reverse("apology_draft", args=[building.pk]))
    notice = ApologyNoticePage.objects.get(dossier=building)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[notice.pk]), {**_edit_data(notice), "action-submit": "1"}
    )
    assert response.status_code == 302
    state = WorkflowState.objects.get(object_id=str(notice.pk), status=WorkflowState.STATUS_IN_PROGRESS)

    assert client.login(username="kiemduyet", password=demo_accounts["printed"]["kiemduyet"])
    task_state = state.current_task_state
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[notice.pk, "approve", task_state.pk]),
        {"comment": ""},
    )
    assert response.status_code in (200, 302)
    notice.refresh_from_db()
    assert notice.live is True
    assert notice.url in client.get("/xin-loi/").content.decode()
