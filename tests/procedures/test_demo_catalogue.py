"""The demo catalogue: Decision 2735/QĐ-UBND with exactly 662 procedures, and a later decision."""

from __future__ import annotations

import time
from collections import Counter

import pytest

from demo.catalogue import demo_catalogue_load
from demo.departments import DEMO_DEPARTMENTS, demo_departments_load
from procedures.enums import DecisionAction, ProcedureStatus
from procedures.models import Decision, DecisionProcedure, Procedure

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    demo_departments_load()
    started = time.perf_counter()
    written = demo_catalogue_load()
    print(f"demo catalogue: {written} procedures in {time.perf_counter() - started:.2f} s")
    return written


def test_decision_2735_publishes_exactly_662_demo_procedures_idempotently(catalogue):
    decision = Decision.objects.get(number="2735/QĐ-UBND")

    assert catalogue == 662
    assert decision.slug == "2735-qd-ubnd" and str(decision.date) == "2019-08-28"
    assert decision.procedures.count() == 662
    assert Procedure.objects.filter(is_demo=True, live=True).count() == 662
    assert Procedure.objects.values("name").distinct().count() == 662

    # A second run compares, finds nothing changed and writes nothing.
    before = list(Procedure.objects.values_list("code", "updated_at", "latest_revision_id"))

    assert demo_catalogue_load() == 0
    assert list(Procedure.objects.values_list("code", "updated_at", "latest_revision_id")) == before


def test_demo_catalogue_content(catalogue):
    """Steps, channels, documents, spread over departments, varied limits, the later decision."""
    procedures = Procedure.objects.prefetch_related("steps", "channels", "documents", "legal_documents")

    for procedure in procedures:
        assert 3 <= len(procedure.steps.all()) <= 6
        assert 1 <= len(procedure.channels.all()) <= 3
        assert 2 <= len(procedure.documents.all()) <= 6
        assert 1 <= len(procedure.legal_documents.all()) <= 3
        assert all(doc.code for doc in procedure.legal_documents.all())
        assert procedure.field_id and procedure.department_id
    per_department = Counter(Procedure.objects.values_list("department__slug", flat=True))
    four_step = {d.slug for d in DEMO_DEPARTMENTS if d.four_step_since}

    assert per_department["so-tu-phap"] > per_department["so-ngoai-vu"]
    assert per_department["chi-cuc-kiem-lam"] > 0
    assert (
        set(Procedure.objects.filter(four_step=True).values_list("department__slug", flat=True)) == four_step
    )
    units = Counter(Procedure.objects.values_list("channels__time_limit_unit", flat=True))

    assert units["working_days"] > 500 and units["same_day"] > 0 and units["hours"] > 0
    assert 0 < Procedure.objects.filter(is_free=True).count() < 662
    assert Procedure.objects.filter(time_limit_days__isnull=True).count() == 0
    later = Decision.objects.exclude(number="2735/QĐ-UBND").get()
    links = DecisionProcedure.objects.filter(decision=later)

    repealed = Procedure.objects.get(status=ProcedureStatus.REPEALED)
    amended = Procedure.objects.filter(status=ProcedureStatus.AMENDED)
    assert later.date.year == 2020
    assert repealed.status_decision == later and repealed.live  # keeps its page
    assert links.get(action=DecisionAction.REPEAL).procedure == repealed
    assert amended.count() == links.filter(action=DecisionAction.AMEND).count() >= 3
    for link in links.filter(action=DecisionAction.AMEND):
        assert "ngày làm việc" in link.note
        new_limit = int(link.note.split(" xuống ")[1].split()[0])
        assert link.procedure.time_limit_days == new_limit
