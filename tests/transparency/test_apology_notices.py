"""Apology notices: masking, form-04 validation, has_apology, the department summary."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from tests.transparency.apology_data import dossier_make, notice_publish, two_departments
from transparency.models import ApologyNoticePage, Dossier
from transparency.selectors.apologies import department_apology_summary
from transparency.services.apologies import (
    apology_department_page_ensure,
    apology_draft_defaults,
    mask_name,
)

pytestmark = pytest.mark.django_db

# The admin form validates a new page before treebeard gives it a place in the tree.
PAGE_TREE_FIELDS = ["path", "depth", "url_path"]


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("Nguyễn Văn An", "Nguyễn V. A."),
        ("Trần Thị Ngọc Ánh", "Trần T. N. Á."),
        ("  lê   văn   út ", "lê V. Ú."),
        ("Đặng Đức", "Đặng Đ."),
        ("Hoa", "H."),
        ("", ""),
    ],
)
def test_mask_name_keeps_family_name_and_initials_only(name, masked):
    assert mask_name(name) == masked


def test_mask_name_handles_decomposed_unicode():
    decomposed = "Nguyê\u0303n Văn Ước".encode().decode()
    import unicodedata

    assert mask_name(unicodedata.normalize("NFD", decomposed)) == "Nguyễn V. Ư."


@pytest.fixture
def data(site_tree):
    d = two_departments()
    d["late"] = dossier_make(
        procedure=d["justice_procedure"],
        code="STP-001",
        received=dt.date(2019, 3, 4),
        due=dt.date(2019, 3, 11),
        resolved=dt.date(2019, 3, 15),
        applicant="Phạm Minh Quân",
    )
    d["on_time"] = dossier_make(
        procedure=d["justice_procedure"],
        code="STP-002",
        received=dt.date(2019, 3, 4),
        due=dt.date(2019, 3, 11),
        resolved=dt.date(2019, 3, 8),
    )
    d["overdue"] = dossier_make(
        procedure=d["justice_procedure"],
        code="STP-003",
        received=dt.date(2019, 3, 1),
        due=dt.date(2019, 3, 8),
    )
    return d


def _notice(dossier: Dossier, **overrides) -> ApologyNoticePage:
    section = apology_department_page_ensure(department=dossier.department)
    values = apology_draft_defaults(dossier=dossier, issued_on=dt.date(2019, 3, 7))
    values.update(reason="Thiếu người", reason_category="staff_shortage", signer_name="A", signer_title="B")
    values.update(overrides)
    notice = ApologyNoticePage(**values)
    notice._cached_parent_obj = section
    return notice


def test_new_return_date_on_or_before_due_date_is_refused_on_the_field(data):
    notice = _notice(data["late"], new_return_on=dt.date(2019, 3, 11))
    with pytest.raises(ValidationError) as error:
        notice.full_clean(exclude=PAGE_TREE_FIELDS)
    assert "new_return_on" in error.value.message_dict
    assert "sau ngày hẹn trả ban đầu" in error.value.message_dict["new_return_on"][0]


def test_second_notice_for_the_same_dossier_is_refused_on_the_dossier_field(data):
    first = notice_publish(data["late"])
    second = _notice(data["late"], slug="another")
    with pytest.raises(ValidationError) as error:
        second.full_clean(exclude=PAGE_TREE_FIELDS)
    assert first.title in error.value.message_dict["dossier"][0]


def test_dossier_resolved_on_time_needs_no_notice(data):
    with pytest.raises(ValidationError) as error:
        _notice(data["on_time"]).full_clean(exclude=PAGE_TREE_FIELDS)
    assert "không trễ hạn" in error.value.message_dict["dossier"][0]


def test_dossier_of_another_department_is_refused_in_a_department_section(data):
    other = dossier_make(
        procedure=data["building_procedure"],
        code="SXD-001",
        received=dt.date(2019, 3, 4),
        due=dt.date(2019, 3, 11),
        resolved=dt.date(2019, 3, 20),
    )
    notice = _notice(other)
    notice._cached_parent_obj = apology_department_page_ensure(department=data["justice"])
    with pytest.raises(ValidationError) as error:
        notice.full_clean(exclude=PAGE_TREE_FIELDS)
    assert "thuộc cơ quan khác" in error.value.message_dict["dossier"][0]


def test_late_issue_is_flagged_but_accepted_by_default(data):
    # Due Monday 11/03/2019: the last day to apologise is Friday 08/03.
    notice = _notice(data["late"], issued_on=dt.date(2019, 3, 11))
    notice.full_clean(exclude=PAGE_TREE_FIELDS)
    assert notice.issued_after_deadline is True
    on_time = _notice(data["late"], issued_on=dt.date(2019, 3, 8))
    on_time.full_clean(exclude=PAGE_TREE_FIELDS)
    assert on_time.issued_after_deadline is False


@override_settings(PORTAL_APOLOGY_ENFORCE_ISSUE_DEADLINE=True)
def test_late_issue_is_refused_when_the_deadline_is_enforced(data):
    with pytest.raises(ValidationError) as error:
        _notice(data["late"], issued_on=dt.date(2019, 3, 11)).full_clean(exclude=PAGE_TREE_FIELDS)
    assert "08/03/2019" in error.value.message_dict["issued_on"][0]


@override_settings(PORTAL_APOLOGY_ENFORCE_ISSUE_DEADLINE=True, PORTAL_APOLOGY_MIN_WORKING_DAYS_BEFORE_DUE=3)
def test_issue_deadline_counts_working_days_from_the_setting(data):
    # Three working days before Monday 11/03 is Wednesday 06/03.
    _notice(data["late"], issued_on=dt.date(2019, 3, 6)).full_clean(exclude=PAGE_TREE_FIELDS)
    with pytest.raises(ValidationError):
        _notice(data["late"], issued_on=dt.date(2019, 3, 7)).full_clean(exclude=PAGE_TREE_FIELDS)


def test_notice_copies_procedure_field_and_dates_from_its_dossier(data):
    notice = notice_publish(data["late"])
    assert notice.procedure == data["justice_procedure"]
    assert notice.department == data["justice"]
    assert notice.field == data["justice_procedure"].field
    assert (notice.received_on, notice.original_due_on) == (dt.date(2019, 3, 4), dt.date(2019, 3, 11))
    assert notice.addressee_masked == "Phạm M. Q."
    assert notice.url == "/xin-loi/so-tu-phap/pxl-stp-001/"


def test_publishing_sets_has_apology_and_unpublishing_clears_it(data):
    notice = notice_publish(data["late"])
    assert Dossier.objects.get(code="STP-001").has_apology is True
    notice.unpublish()
    assert Dossier.objects.get(code="STP-001").has_apology is False
    notice.save_revision().publish()
    assert Dossier.objects.get(code="STP-001").has_apology is True
    notice.delete()
    assert Dossier.objects.get(code="STP-001").has_apology is False


def test_a_draft_notice_does_not_count_as_an_apology(data):
    section = apology_department_page_ensure(department=data["justice"])
    draft = ApologyNoticePage(**apology_draft_defaults(dossier=data["late"]), live=False)
    section.add_child(instance=draft)
    draft.save_revision(clean=False)
    assert Dossier.objects.get(code="STP-001").has_apology is False


def test_department_summary_counts_late_dossiers_with_and_without_notice(data):
    notice_publish(data["late"])
    summary = department_apology_summary(department=data["justice"])
    # Late: STP-001 (resolved late) and STP-003 (pending past its due date); STP-002 was on time.
    assert (summary["apologised"], summary["late"], summary["without"]) == (1, 2, 1)
    assert [n.notice_number for n in summary["latest"]] == ["1/PXL-STP"]


def test_department_without_late_dossiers_or_notices_has_no_summary(data):
    assert department_apology_summary(department=data["building"]) is None


def test_department_profile_says_how_many_late_dossiers_were_apologised_for(data, client):
    notice_publish(data["late"])
    body = client.get("/co-quan/so-tu-phap/").content.decode()
    assert "Đã xin lỗi 1 trên 2 hồ sơ trễ hạn" in body
    head = body.split("</head>")[0]
    assert 'type="application/atom+xml"' in head and "/xin-loi/feed/so-tu-phap/" in head
