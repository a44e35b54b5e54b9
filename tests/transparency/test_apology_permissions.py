"""No editor can write for another department's dossiers, and the demo roles have exactly their rights."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from tests.factories import DepartmentFactory, ProcedureFactory
from tests.transparency.apology_data import dossier_make, user_make
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
