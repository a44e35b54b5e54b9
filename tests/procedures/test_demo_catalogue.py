"""The demo catalogue: Decision 2735/QĐ-UBND with exactly 662 procedures, a later decision, and
legal bases, results and steps that fit each procedure's field."""

from __future__ import annotations

import re
import time
from collections import Counter, defaultdict

import pytest

from demo.catalogue import demo_catalogue_load
from demo.departments import DEMO_DEPARTMENTS, demo_departments_load
from demo.field_texts import FIELD_TEXTS
from demo.subjects import DEMO_FIELDS
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


# What a citizen receives: a certificate, decision, written approval, card, extract …
PAPERS = (
    "Giấy",
    "Quyết định",
    "Văn bản",
    "Thẻ",
    "Phiếu",
    "Chứng chỉ",
    "Trích lục",
    "Thông báo",
    "Bản sao",
    "Phù hiệu",
    "Đơn",
    "Biểu mẫu",
    "Thông tin",
)
# "45/2013/QH13", "24a/2016/NĐ-CP", "04/2012/UBTVQH13", "76/2010/QĐ-TTg"
ACT_NUMBER = re.compile(r"^\d+[a-z]?/(?P<year>\d{4})/[A-ZĐ][\w-]*$")


def test_every_demo_field_has_texts_acts_in_force_in_2019_and_a_result_for_each_activity():
    activities = defaultdict(set)
    for fields in DEMO_FIELDS.values():
        for field, (_licences, field_activities) in fields.items():
            activities[field] |= set(field_activities)

    assert set(FIELD_TEXTS) == set(activities)
    for field, texts in FIELD_TEXTS.items():
        assert texts.review and texts.inspection and texts.consultation, field
        assert texts.acts and set(texts.results) == activities[field], field
        assert all(result.startswith(PAPERS) for result in texts.results.values()), field
        for act in texts.acts:
            number = ACT_NUMBER.match(act.code)
            assert number and int(number["year"]) <= 2019, (field, act.code)
            assert act.title.endswith(f"số {act.code}") or f" số {act.code} " in act.title


def test_each_demo_procedure_cites_its_fields_acts_and_names_a_fitting_result_and_steps(catalogue):
    """A land procedure cites land law, a licence ends with that licence, the steps name the department
    and the paper it returns."""
    licences = defaultdict(set)
    for fields in DEMO_FIELDS.values():
        for field, (field_licences, _activities) in fields.items():
            licences[field] |= {thing[0].upper() + thing[1:] for thing in field_licences}
    procedures = Procedure.objects.select_related("field", "department").prefetch_related(
        "steps", "legal_documents"
    )
    by_field = defaultdict(list)
    for procedure in procedures:
        by_field[procedure.field.name].append(procedure)

    assert set(by_field) == set(FIELD_TEXTS)
    for field, field_procedures in by_field.items():
        texts = FIELD_TEXTS[field]
        field_acts = {act.code: act for act in texts.acts}
        for procedure in field_procedures:
            cited = [(doc.code, doc.title) for doc in procedure.legal_documents.all()]
            steps = [step.text for step in procedure.steps.all()]
            department = procedure.department.name
            where = (procedure.code, procedure.name)

            assert cited and {code for code, _title in cited} <= field_acts.keys(), where
            assert all(
                field_acts[code].title == title and field_acts[code].fits(procedure.name)
                for code, title in cited
            ), where
            assert cited[0][0] == texts.acts_fitting(procedure.name)[0].code, where
            assert procedure.result.startswith(PAPERS), where
            assert procedure.result in texts.results.values() or procedure.result.startswith(
                tuple(licences[field])
            ), where
            assert all(steps) and steps[0].startswith("Tổ chức, cá nhân chuẩn bị hồ sơ"), where
            assert f"chuyển hồ sơ đến {department}" in steps[1], where
            assert steps[2] == f"{department} {texts.review}, đề xuất kết quả giải quyết", where
            assert steps[-1].startswith(f"{department} chuyển kết quả ({procedure.result})"), where

    # Land, construction, civil status and business procedures each cite their own law, first,
    # and none of the others.
    own_law = {
        "Đất đai": "45/2013/QH13",
        "Đăng ký đất đai": "45/2013/QH13",
        "Xây dựng": "50/2014/QH13",
        "Hộ tịch": "60/2014/QH13",
        "Thành lập và hoạt động của doanh nghiệp": "68/2014/QH13",
    }
    for field, law in own_law.items():
        in_field = Procedure.objects.filter(field__name=field).prefetch_related("legal_documents")
        others = set(own_law.values()) - {law}

        assert in_field.exists()
        for procedure in in_field:
            codes = [doc.code for doc in procedure.legal_documents.all()]
            assert codes[0] == law and not others & set(codes), (procedure.code, codes)

    house = Procedure.objects.get(code="2.005243")
    assert house.name == "Cấp giấy phép xây dựng nhà ở riêng lẻ"
    assert house.result == "Giấy phép xây dựng nhà ở riêng lẻ"
    assert house.legal_documents.first().title == "Luật Xây dựng số 50/2014/QH13"
    # "Gia hạn giấy phép khai thác …" ends with "Giấy phép khai thác … được gia hạn", not "Hạn giấy phép …".
    renewals = Procedure.objects.filter(name__startswith="Gia hạn giấy phép")
    assert renewals.exists()
    for renewal in renewals:
        assert renewal.result == f"G{renewal.name.removeprefix('Gia hạn g')} được gia hạn"
