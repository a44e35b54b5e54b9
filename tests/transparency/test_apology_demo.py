"""The demo notices: every late demo dossier apologised for, except in the four silent departments."""

from __future__ import annotations

import datetime as dt

import pytest
from wagtail.models import WorkflowState

from demo.apologies import demo_apologies_load
from demo.departments import SILENT_DEPARTMENTS
from tests.factories import DepartmentFactory, ProcedureFactory
from tests.transparency.apology_data import dossier_make
from transparency.models import ApologyNoticePage, Dossier

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_dossiers(site_tree):
    slugs = ["so-tu-phap", "van-phong-dang-ky-dat-dai", *sorted(SILENT_DEPARTMENTS)]
    for n, slug in enumerate(slugs):
        department = DepartmentFactory(slug=slug, name=f"Cơ quan {slug}", short_name=f"CQ{n}")
        procedure = ProcedureFactory(code=f"1.00{n:04d}", department=department)
        for i in range(3):
            received = dt.date(2019, 10, 1) + dt.timedelta(days=i)
            dossier_make(
                procedure=procedure,
                code=f"{slug}-late-{i}",
                received=received,
                due=received + dt.timedelta(days=7),
                resolved=received + dt.timedelta(days=10),
                applicant=f"Đỗ Văn Khải{n}{i}",
            )
        dossier_make(
            procedure=procedure,
            code=f"{slug}-overdue",
            received=dt.date(2019, 10, 20),
            due=dt.date(2019, 11, 1),
        )
        dossier_make(
            procedure=procedure,
            code=f"{slug}-on-time",
            received=dt.date(2019, 10, 1),
            due=dt.date(2019, 10, 8),
            resolved=dt.date(2019, 10, 7),
        )
    # The data end on Friday 15/11/2019: one dossier due on Monday 18/11 is about to be late.
    dossier_make(
        procedure=procedure,
        code="last-day",
        received=dt.date(2019, 11, 11),
        due=dt.date(2019, 11, 12),
        resolved=dt.date(2019, 11, 15),
    )
    dossier_make(
        procedure=ProcedureFactory(code="1.009999", department=DepartmentFactory(slug="so-tu-phap")),
        code="soon",
        received=dt.date(2019, 11, 11),
        due=dt.date(2019, 11, 18),
    )


def test_demo_publishes_notices_for_late_dossiers_except_the_four_silent_departments(demo_dossiers, client):
    created = demo_apologies_load()
    live = ApologyNoticePage.objects.live()
    assert created == 8 + 1  # 4 late in each of the two apologising departments + 1 sent to moderation
    for slug in ("so-tu-phap", "van-phong-dang-ky-dat-dai"):
        assert live.filter(department__slug=slug).count() == 4
        assert client.get(f"/api/v1/apologies?department={slug}").json()["count"] == 4
    for slug in SILENT_DEPARTMENTS:
        assert client.get(f"/api/v1/apologies?department={slug}").json()["count"] == 0
    flagged = Dossier.objects.filter(has_apology=True)
    assert set(flagged.values_list("department__slug", flat=True)) == {
        "so-tu-phap",
        "van-phong-dang-ky-dat-dai",
    }
    assert not flagged.filter(code__endswith="on-time").exists()
    assert {n.addressee_masked for n in live} == {"Đỗ V. K.", "Nguyễn V. A."}
    assert len(set(live.values_list("reason_category", flat=True))) > 1


def test_demo_leaves_a_few_notices_waiting_for_a_centre_lead(demo_dossiers):
    demo_apologies_load()
    waiting = ApologyNoticePage.objects.filter(live=False)
    assert [n.dossier.code for n in waiting] == ["soon"]
    state = WorkflowState.objects.get(object_id=str(waiting[0].pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert Dossier.objects.get(code="soon").has_apology is False


def test_demo_is_idempotent(demo_dossiers):
    demo_apologies_load()
    assert demo_apologies_load() == 0
    assert ApologyNoticePage.objects.count() == 9


def test_demo_notice_pages_are_served_with_their_print_view(demo_dossiers, client):
    demo_apologies_load()
    notice = ApologyNoticePage.objects.live().first()
    assert client.get(notice.url).status_code == 200
    assert client.get(f"{notice.url}in/").status_code == 200
    assert "/PXL-" in notice.notice_number
