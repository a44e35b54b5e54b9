"""The editors' queue keeps dossiers whose notice is in progress, and the "Bản nháp" list shows them all."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.transparency.apology_data import dossier_make
from tests.transparency.test_apology_admin import _edit_data
from transparency.models import ApologyNoticePage

pytestmark = pytest.mark.django_db


def _row(body: str, code: str) -> str:
    """The table row that shows ``code``."""
    at = body.index(f">{code}<")
    return body[body.rindex("<tr", 0, at) : body.index("</tr>", at)]


def _named(user, first: str, last: str):
    user.first_name, user.last_name = first, last
    user.save()
    return user


def test_started_draft_stays_in_the_queue_marked_with_its_author_until_published(queue_data, client):
    editor = _named(queue_data["justice_editor"], "Lan", "Trần")
    client.force_login(editor)
    dossier = queue_data["overdue"]
    client.post(reverse("apology_draft", args=[dossier.pk]))
    notice = ApologyNoticePage.objects.get(dossier=dossier)
    body = client.get(reverse("apology_queue")).content.decode()
    row = _row(body, "B-overdue")
    assert "đang soạn bởi Lan Trần" in row
    assert f'href="{reverse("wagtailadmin_pages:edit", args=[notice.pk])}"' in row
    assert "Soạn thư xin lỗi" not in row
    assert "Soạn thư xin lỗi" in _row(body, "A-late")  # nothing started there

    # Submitted for moderation: still there, waiting for a Centre lead.
    client.post(
        reverse("wagtailadmin_pages:edit", args=[notice.pk]), {**_edit_data(notice), "action-submit": "1"}
    )
    assert "Thư đang chờ duyệt" in _row(client.get(reverse("apology_queue")).content.decode(), "B-overdue")

    # Published: the dossier leaves the queue.
    notice.refresh_from_db()
    notice.get_latest_revision().publish()
    assert "B-overdue" not in client.get(reverse("apology_queue")).content.decode()


def test_deleting_the_draft_puts_the_dossier_back_as_not_started(queue_data, client):
    client.force_login(queue_data["admin"])
    dossier = queue_data["overdue"]
    client.post(reverse("apology_draft", args=[dossier.pk]))
    ApologyNoticePage.objects.get(dossier=dossier).delete()
    row = _row(client.get(reverse("apology_queue")).content.decode(), "B-overdue")
    assert "đang soạn" not in row
    assert "Soạn thư xin lỗi" in row


def test_drafts_list_shows_every_unpublished_notice_the_user_may_see(queue_data, client):
    justice_editor = _named(queue_data["justice_editor"], "Lan", "Trần")
    client.force_login(justice_editor)
    client.post(reverse("apology_draft", args=[queue_data["resolved_late"].pk]))
    client.force_login(queue_data["admin"])
    client.post(reverse("apology_draft", args=[queue_data["building_late"].pk]))

    # The queue links to the list.
    assert reverse("apology_drafts") in client.get(reverse("apology_queue")).content.decode()
    body = client.get(reverse("apology_drafts")).content.decode()
    assert "2 bản nháp" in body
    justice_row = _row(body, "A-late").replace("\n", " ")
    assert "Sở Tư pháp" in justice_row
    assert "Lan Trần" in justice_row
    assert "Đang soạn" in justice_row
    edited = ApologyNoticePage.objects.get(dossier=queue_data["resolved_late"]).latest_revision_created_at
    assert f"{timezone.localtime(edited):%d/%m/%Y %H:%M}" in justice_row
    assert "Sở Xây dựng" in _row(body, "H-building")

    # A department editor sees only their department's drafts.
    client.force_login(justice_editor)
    body = client.get(reverse("apology_drafts")).content.decode()
    assert "1 bản nháp" in body
    assert "A-late" in body
    assert "H-building" not in body


def test_drafts_list_and_queue_keep_a_flat_query_count(queue_data, client):
    client.force_login(queue_data["admin"])

    def queries(address: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(address).status_code == 200
        return len(captured)

    client.post(reverse("apology_draft", args=[queue_data["resolved_late"].pk]))
    few = (queries(reverse("apology_queue")), queries(reverse("apology_drafts")))
    for i in range(4):
        dossier = dossier_make(
            procedure=queue_data["justice_procedure" if i % 2 else "building_procedure"],
            code=f"M-{i}",
            received=dt.date(2019, 3, 1),
            due=dt.date(2019, 3, 8),
            resolved=dt.date(2019, 3, 14),
        )
        client.post(reverse("apology_draft", args=[dossier.pk]))
    assert ApologyNoticePage.objects.filter(live=False).count() == 5
    many = (queries(reverse("apology_queue")), queries(reverse("apology_drafts")))
    assert many == few
