"""The addressee typed by an editor is stored masked on every write path, or refused with the reason."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import Revision

from tests.transparency.apology_data import dossier_make, notice_publish
from tests.transparency.test_apology_admin import _edit_data
from tests.transparency.test_privacy import APPLICANTS, _public_outputs
from transparency.models import ApologyNoticePage
from transparency.models.apologies import ApologyDepartmentPage
from transparency.services.apologies import apology_draft_create

pytestmark = pytest.mark.django_db

FULL = "Trần Thị Bích Ngọc"
MASKED = "Trần T. B. N."


def _latest_content(notice: ApologyNoticePage) -> dict:
    return Revision.objects.filter(object_id=str(notice.pk)).order_by("-pk").first().content


# --- the admin form ---------------------------------------------------------------------------


def test_full_name_typed_in_the_admin_form_is_published_masked_everywhere(queue_data, client):
    client.force_login(queue_data["admin"])
    dossier = queue_data["resolved_late"]
    client.post(reverse("apology_draft", args=[dossier.pk]))
    notice = ApologyNoticePage.objects.get(dossier=dossier)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[notice.pk]),
        {**_edit_data(notice, addressee_masked=FULL), "action-publish": "1"},
        follow=True,
    )
    assert response.status_code == 200
    assert f"Tên người nhận đã được che khi lưu: «{MASKED}»" in response.content.decode()
    notice.refresh_from_db()
    assert notice.live is True
    assert notice.addressee_masked == MASKED
    assert _latest_content(notice)["addressee_masked"] == MASKED
    url = notice.url  # read once, as the privacy test does: the requests may refresh the cached paths
    outputs = _public_outputs(client, [url])
    assert MASKED in outputs[url]
    assert MASKED in outputs[f"{url}in/"]
    leaks = [address for address, body in outputs.items() if "bích ngọc" in body.casefold()]
    assert leaks == []


def test_single_word_addressee_is_refused_in_the_admin_with_the_reason(queue_data, client):
    client.force_login(queue_data["justice_editor"])
    dossier = queue_data["resolved_late"]
    client.post(reverse("apology_draft", args=[dossier.pk]))
    notice = ApologyNoticePage.objects.get(dossier=dossier)
    revisions = Revision.objects.filter(object_id=str(notice.pk)).count()
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[notice.pk]), _edit_data(notice, addressee_masked="Ngọc")
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["addressee_masked"]
    assert "chỉ có một từ" in " ".join(errors)
    assert "Người nhận là tổ chức" in " ".join(errors)
    assert Revision.objects.filter(object_id=str(notice.pk)).count() == revisions
    notice.refresh_from_db()
    assert notice.addressee_masked == "Nguyễn V. A."


def test_organisation_addressee_is_kept_as_typed_and_flagged(queue_data, client):
    client.force_login(queue_data["justice_editor"])
    dossier = queue_data["resolved_late"]
    client.post(reverse("apology_draft", args=[dossier.pk]))
    notice = ApologyNoticePage.objects.get(dossier=dossier)
    data = _edit_data(notice, addressee_masked="Công ty TNHH Minh Phát", addressee_is_organisation="on")
    response = client.post(reverse("wagtailadmin_pages:edit", args=[notice.pk]), data, follow=True)
    assert response.status_code == 200
    assert "được đánh dấu là tổ chức" in response.content.decode()
    notice.refresh_from_db()
    assert (notice.addressee_masked, notice.addressee_is_organisation) == ("Công ty TNHH Minh Phát", True)
    # Without the mark the same words are taken for a person's name and masked.
    data = _edit_data(notice, addressee_masked="Công ty TNHH Minh Phát")
    client.post(reverse("wagtailadmin_pages:edit", args=[notice.pk]), data)
    notice.refresh_from_db()
    assert notice.addressee_masked == "Công T. T. M. P."


# --- the model API ------------------------------------------------------------------------------


def test_model_save_and_save_revision_store_the_masked_name(queue_data):
    notice = notice_publish(queue_data["resolved_late"], addressee_masked=FULL)
    assert notice.addressee_masked == MASKED
    assert _latest_content(notice)["addressee_masked"] == MASKED
    # A revision saved from code without validation (clean=False) is what gets published.
    notice.addressee_masked = "Lê Văn Tám"
    revision = notice.save_revision(clean=False)
    assert revision.content["addressee_masked"] == "Lê V. T."
    revision.publish()
    assert ApologyNoticePage.objects.get(pk=notice.pk).addressee_masked == "Lê V. T."


def test_model_refuses_a_single_word_on_save_without_writing(queue_data):
    notice = notice_publish(queue_data["resolved_late"])
    notice.addressee_masked = "Ngọc"
    with pytest.raises(ValidationError) as caught:
        notice.save(clean=False)
    assert "chỉ có một từ" in " ".join(caught.value.message_dict["addressee_masked"])
    with pytest.raises(ValidationError):
        notice.save_revision(clean=False)
    assert ApologyNoticePage.objects.get(pk=notice.pk).addressee_masked == "Nguyễn V. A."
    assert _latest_content(notice)["addressee_masked"] == "Nguyễn V. A."


# --- services, the demo loader and the data migration -------------------------------------------


def test_demo_bulk_loader_stores_masked_rows_and_revisions(queue_data):
    import random

    from demo.apologies import _bulk_publish, _notice_values

    dossier = queue_data["overdue"]
    values = _notice_values(dossier, 1, random.Random(1))
    values["addressee_masked"] = FULL
    section = ApologyDepartmentPage.objects.get(department=dossier.department)
    (page,) = _bulk_publish(section, [values])
    assert ApologyNoticePage.objects.get(pk=page.pk).addressee_masked == MASKED
    assert Revision.objects.get(pk=page.live_revision_id).content["addressee_masked"] == MASKED


def test_draft_service_leaves_an_unmaskable_applicant_blank_for_the_editor(queue_data):
    dossier = dossier_make(
        procedure=queue_data["justice_procedure"],
        code="K-oneword",
        received=dt.date(2019, 3, 1),
        due=dt.date(2019, 3, 8),
        resolved=dt.date(2019, 3, 14),
        applicant="Ngọc",
    )
    notice = apology_draft_create(dossier=dossier, user=queue_data["admin"])
    assert notice.addressee_masked == ""
    assert _latest_content(notice)["addressee_masked"] == ""


def test_data_migration_masks_stored_notices_and_their_revisions(queue_data):
    notice = notice_publish(queue_data["resolved_late"])
    # As stored before the rule: full names in the row and in every revision.
    ApologyNoticePage.objects.filter(pk=notice.pk).update(addressee_masked=FULL)
    for revision in Revision.objects.filter(object_id=str(notice.pk)):
        revision.content["addressee_masked"] = APPLICANTS[1]
        revision.save(update_fields=["content"])
    migration = importlib.import_module("transparency.migrations.0007_apology_addressee_masked")
    migration.mask_stored_addressees(apps, None)
    assert ApologyNoticePage.objects.get(pk=notice.pk).addressee_masked == MASKED
    contents = [r.content["addressee_masked"] for r in Revision.objects.filter(object_id=str(notice.pk))]
    assert contents and set(contents) == {"Trần T. M. D."}
