"""The editors' side: the queue, the one-click draft, per-department groups and the moderation workflow."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from tests.transparency.apology_data import notice_publish
from transparency.models import ApologyNoticePage, Dossier

pytestmark = pytest.mark.django_db


def _queue_codes(client) -> list[str]:
    response = client.get(reverse("apology_queue"))
    assert response.status_code == 200
    return [d.code for d in response.context["results"].object_list]


def test_queue_lists_late_and_nearly_late_dossiers_without_a_notice(queue_data, client):
    client.force_login(queue_data["admin"])
    assert sorted(_queue_codes(client)) == ["A-late", "B-overdue", "C-soon", "H-building"]


def test_queue_filters_by_department(queue_data, client):
    client.force_login(queue_data["admin"])
    response = client.get(reverse("apology_queue"), {"department": "so-xay-dung"})
    assert [d.code for d in response.context["results"].object_list] == ["H-building"]


def test_department_editor_sees_only_their_department(queue_data, client):
    client.force_login(queue_data["justice_editor"])
    assert sorted(_queue_codes(client)) == ["A-late", "B-overdue", "C-soon"]
    response = client.get(reverse("apology_queue"), {"department": "so-xay-dung"})
    assert "không có cơ quan" in response.content.decode().lower()


def test_department_editor_cannot_draft_for_another_department(queue_data, client):
    client.force_login(queue_data["justice_editor"])
    response = client.post(reverse("apology_draft", args=[queue_data["building_late"].pk]), follow=True)
    # Wagtail's admin turns the refusal into a redirect to the dashboard with a message.
    assert "permission" in response.content.decode() or "quyền" in response.content.decode()
    assert not ApologyNoticePage.objects.filter(dossier=queue_data["building_late"]).exists()


def test_dashboard_panel_shows_the_queue_count(queue_data, client):
    client.force_login(queue_data["justice_editor"])
    body = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "3 hồ sơ trễ hạn hoặc sắp đến hạn chưa có thư xin lỗi" in body


def test_draft_from_queue_is_prefilled_and_opens_its_edit_view(queue_data, client):
    client.force_login(queue_data["justice_editor"])
    dossier = queue_data["resolved_late"]
    response = client.post(reverse("apology_draft", args=[dossier.pk]))
    notice = ApologyNoticePage.objects.get(dossier=dossier)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[notice.pk])
    assert notice.live is False
    assert notice.get_parent().url == "/xin-loi/so-tu-phap/"
    assert notice.addressee_masked == "Nguyễn V. A."
    assert notice.issuing_agency == "Sở Tư pháp"
    assert notice.notice_number == "1/PXL-STP"  # the first of this year (F-done was in 2019)
    assert (notice.procedure, notice.received_on, notice.original_due_on) == (
        dossier.procedure,
        dt.date(2019, 3, 1),
        dt.date(2019, 3, 8),
    )
    assert notice.new_return_on == dt.date(2019, 3, 15)
    assert "A-late" in _queue_codes(client)  # kept, marked as being drafted, until published
    # A second click reopens the same draft instead of creating another.
    client.post(reverse("apology_draft", args=[dossier.pk]))
    assert ApologyNoticePage.objects.filter(dossier=dossier).count() == 1
    edit = client.get(response["Location"])
    assert edit.status_code == 200
    assert 'value="A-late"' in edit.content.decode()


def _edit_data(notice: ApologyNoticePage, **changes) -> dict:
    values = {
        "title": notice.title,
        "slug": notice.slug,
        "dossier": notice.dossier.code,
        "issuing_agency": notice.issuing_agency,
        "notice_number": notice.notice_number,
        "place_of_issue": notice.place_of_issue,
        "issued_on": notice.issued_on.isoformat(),
        "addressee_masked": notice.addressee_masked,
        "reason_category": "inter_agency",
        "reason": "Chờ ý kiến của UBND huyện.",
        "apology_text": notice.apology_text,
        "new_return_on": notice.new_return_on.isoformat(),
        "signer_name": "Võ Quang Thịnh",
        "signer_title": "Giám đốc",
        "recipients": notice.recipients,
        "comments": inline_formset([]),
    }
    values.update(changes)
    return nested_form_data(values)


def test_invalid_new_date_is_refused_in_the_admin_with_a_message_on_the_field(queue_data, client):
    client.force_login(queue_data["justice_editor"])
    dossier = queue_data["resolved_late"]
    client.post(reverse("apology_draft", args=[dossier.pk]))
    notice = ApologyNoticePage.objects.get(dossier=dossier)
    data = _edit_data(notice, new_return_on="2019-03-05")
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[notice.pk]), {**data, "action-submit": "1"}
    )
    assert response.status_code == 200
    assert "new_return_on" in response.context["form"].errors
    assert not WorkflowState.objects.filter(object_id=str(notice.pk)).exists()


def test_editor_submits_and_a_centre_lead_approves_which_publishes(queue_data, client):
    editor, lead = queue_data["justice_editor"], queue_data["lead"]
    dossier = queue_data["overdue"]
    client.force_login(editor)
    client.post(reverse("apology_draft", args=[dossier.pk]))
    notice = ApologyNoticePage.objects.get(dossier=dossier)
    # Department editors cannot publish: the publish button does nothing for them.
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[notice.pk]), {**_edit_data(notice), "action-submit": "1"}
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    notice.refresh_from_db()
    assert notice.live is False
    state = WorkflowState.objects.get(object_id=str(notice.pk), status=WorkflowState.STATUS_IN_PROGRESS)
    assert state.workflow.name == "Duyệt thư xin lỗi"
    assert notice.url not in client.get("/xin-loi/").content.decode()

    client.force_login(lead)
    task_state = state.current_task_state
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[notice.pk, "approve", task_state.pk]),
        {"comment": ""},
    )
    assert response.status_code in (200, 302)
    notice.refresh_from_db()
    assert notice.live is True
    assert notice.reason == "Chờ ý kiến của UBND huyện."
    assert Dossier.objects.get(pk=dossier.pk).has_apology is True
    assert notice.url in client.get("/xin-loi/").content.decode()
    assert notice.url in client.get("/xin-loi/feed/").content.decode()
    actions = set(PageLogEntry.objects.filter(page=notice).values_list("action", flat=True))
    assert {"wagtail.create", "wagtail.workflow.start", "wagtail.publish"} <= actions


def test_scheduled_notice_goes_live_at_its_time_and_only_then_counts(queue_data):
    from django.core.management import call_command
    from django.utils import timezone

    dossier = queue_data["overdue"]
    notice = notice_publish(dossier)
    notice.unpublish()
    future = timezone.now() + dt.timedelta(days=1)
    notice.go_live_at = future
    revision = notice.save_revision(approved_go_live_at=future)
    revision.publish()
    notice.refresh_from_db()
    assert notice.live is False
    assert Dossier.objects.get(pk=dossier.pk).has_apology is False
    # The time comes (moved back rather than waiting a day).
    past = timezone.now() - dt.timedelta(seconds=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    call_command("publish_scheduled")
    notice.refresh_from_db()
    assert notice.live is True
    assert Dossier.objects.get(pk=dossier.pk).has_apology is True
