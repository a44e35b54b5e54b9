"""The catalogue API under /api/v1/: procedures, departments, fields, decisions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from procedures.enums import ChannelKind, DecisionAction, ProcedureStatus
from procedures.models import DecisionProcedure, LegalDocument, RequiredDocument
from tests.factories import (
    ChannelFactory,
    DecisionFactory,
    DepartmentFactory,
    FieldFactory,
    ProcedureFactory,
    StepFactory,
)

pytestmark = pytest.mark.django_db

DECISION = "2735/QĐ-UBND"


@pytest.fixture
def catalogue(db):
    parent = DepartmentFactory(slug="so-tai-nguyen-va-moi-truong", name="Sở Tài nguyên và Môi trường")
    DepartmentFactory(
        slug="van-phong-dang-ky-dat-dai",
        name="Văn phòng Đăng ký đất đai",
        parent=parent,
        second_seal_since=dt.date(2019, 4, 1),
    )
    transport = DepartmentFactory(slug="so-giao-thong-van-tai", four_step_since=dt.date(2019, 7, 1))
    field = FieldFactory(slug="dat-dai", name="Đất đai")
    decision = DecisionFactory(number=DECISION, slug="2735-qd-ubnd")
    later = DecisionFactory(number="500/QĐ-UBND", slug="500-qd-ubnd", date=dt.date(2020, 1, 10))
    procedures = []
    for n in range(7):
        procedure = ProcedureFactory(
            code=f"1.00{n:04d}",
            department=parent if n % 2 else transport,
            field=field,
            time_limit_days=Decimal(n + 1),
            is_free=n < 3,
        )
        ChannelFactory(procedure=procedure, kind=ChannelKind.IN_PERSON, time_limit_value=Decimal(n + 1))
        DecisionProcedure.objects.create(decision=decision, procedure=procedure, action=DecisionAction.ADD)
        procedures.append(procedure)
    ProcedureFactory(code="8.000001", department=parent)  # published, not in the decision
    DecisionProcedure.objects.create(
        decision=later, procedure=procedures[0], action=DecisionAction.AMEND, note="Giảm thời hạn"
    )
    DecisionProcedure.objects.create(decision=later, procedure=procedures[1], action=DecisionAction.REPEAL)
    procedures[1].status = ProcedureStatus.REPEALED
    procedures[1].status_decision = later
    procedures[1].save()
    draft = ProcedureFactory(code="9.000001", live=False)
    DecisionProcedure.objects.create(decision=decision, procedure=draft, action=DecisionAction.ADD)
    return procedures


def test_decision_filter_counts_the_published_procedures_of_the_decision(catalogue, client):
    response = client.get(f"/api/v1/procedures?decision={quote(DECISION)}")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 7
    assert {item["code"] for item in body["results"]} == {p.code for p in catalogue}
    assert client.get("/api/v1/procedures").json()["count"] == 8


def test_every_object_carries_the_absolute_url_of_its_public_page(catalogue, client):
    item = client.get("/api/v1/procedures?page_size=1").json()["results"][0]
    assert item["url"] == f"http://testserver/thu-tuc/{item['code']}/"
    assert item["department"]["url"] == f"http://testserver/co-quan/{item['department']['slug']}/"
    assert item["field"]["url"] == "http://testserver/thu-tuc/?field=dat-dai"
    departments = client.get("/api/v1/departments").json()
    assert all(d["url"] == f"http://testserver/co-quan/{d['slug']}/" for d in departments)
    assert all(s["url"].startswith("http://testserver/co-quan/") for d in departments for s in d["sub_units"])
    fields = client.get("/api/v1/fields").json()
    assert all(f["url"] == f"http://testserver/thu-tuc/?field={f['slug']}" for f in fields)
    decisions = client.get("/api/v1/decisions").json()
    assert {d["url"] for d in decisions} == {
        "http://testserver/quyet-dinh/2735-qd-ubnd/",
        "http://testserver/quyet-dinh/500-qd-ubnd/",
    }


def test_urls_stay_vietnamese_whatever_the_browser_language(catalogue, client):
    item = client.get("/api/v1/procedures?page_size=1", HTTP_ACCEPT_LANGUAGE="en").json()["results"][0]
    assert item["url"].startswith("http://testserver/thu-tuc/")


def test_procedures_are_paginated_with_next_and_previous_links(catalogue, client):
    first = client.get("/api/v1/procedures?page_size=3&sort=code").json()
    assert first["count"] == 8 and len(first["results"]) == 3 and first["previous"] is None
    second = client.get(first["next"]).json()
    assert [p["code"] for p in second["results"]] == ["1.000003", "1.000004", "1.000005"]
    assert "page_size=3" in second["next"] and "sort=code" in second["next"]
    assert client.get(second["previous"]).json()["results"] == first["results"]
    last = client.get("/api/v1/procedures?page_size=3&page=3").json()
    assert len(last["results"]) == 2 and last["next"] is None
    past = client.get("/api/v1/procedures?page_size=3&page=9").json()
    assert past["results"] == [] and past["count"] == 8


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("department=so-giao-thong-van-tai", ["1.000000", "1.000002", "1.000004", "1.000006"]),
        ("free=1", ["1.000000", "1.000001", "1.000002"]),
        ("min_days=3&max_days=4", ["1.000002", "1.000003"]),
        ("status=repealed", ["1.000001"]),
        ("decision=500/QĐ-UBND", ["1.000000", "1.000001"]),
        ("q=8.0000", ["8.000001"]),
    ],
)
def test_api_filters_match_the_catalogue_page_filters(catalogue, client, query, expected):
    body = client.get(f"/api/v1/procedures?{query}").json()
    assert [item["code"] for item in body["results"]] == expected
    assert body["count"] == len(expected)


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("min_days=x", "min_days"),
        ("department=khong-co", "department"),
        ("decision=1/QĐ-XYZ", "decision"),
        ("sort=price", "sort"),
        ("channel=fax", "channel"),
        ("page=abc", "page"),
        ("page=0", "page"),
        ("page_size=101", "page_size"),
        ("page_size=-1", "page_size"),
    ],
)
def test_invalid_parameters_answer_400_naming_the_parameter(catalogue, client, query, parameter):
    response = client.get(f"/api/v1/procedures?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["detail"]
    assert parameter in {error["field"] for error in body["errors"]}
    assert all(error["message"] for error in body["errors"])


def test_procedure_detail_has_steps_channels_documents_legal_basis_and_decisions(catalogue, client):
    procedure = catalogue[0]
    StepFactory(procedure=procedure, text="Nộp hồ sơ", sort_order=0)
    StepFactory(procedure=procedure, text="Nhận kết quả", sort_order=1)
    RequiredDocument.objects.create(procedure=procedure, name="Đơn đề nghị", originals=1, copies=1)
    LegalDocument.objects.create(procedure=procedure, title="Luật Đất đai", code="45/2013/QH13")
    response = client.get(f"/api/v1/procedures/{procedure.code}")
    assert response.status_code == 200
    body = response.json()
    assert body["url"] == f"http://testserver/thu-tuc/{procedure.code}/"
    assert [s["text"] for s in body["steps"]] == ["Nộp hồ sơ", "Nhận kết quả"]
    assert body["steps"][0]["order"] == 1
    assert body["channels"][0]["kind"] == "in_person"
    assert body["documents"] == [
        {"name": "Đơn đề nghị", "template": "", "template_url": "", "originals": 1, "copies": 1}
    ]
    assert body["legal_basis"] == [{"title": "Luật Đất đai", "code": "45/2013/QH13"}]
    assert [(d["number"], d["action"], d["note"]) for d in body["decisions"]] == [
        (DECISION, "add", ""),
        ("500/QĐ-UBND", "amend", "Giảm thời hạn"),
    ]
    assert body["decisions"][0]["url"] == "http://testserver/quyet-dinh/2735-qd-ubnd/"


def test_unknown_or_unpublished_code_answers_404_json(catalogue, client):
    for code in ("0.000000", "9.000001"):
        response = client.get(f"/api/v1/procedures/{code}")
        assert response.status_code == 404
        assert "detail" in response.json()


def test_departments_nest_sub_units_with_adoption_dates(catalogue, client):
    departments = {d["slug"]: d for d in client.get("/api/v1/departments").json()}
    assert "van-phong-dang-ky-dat-dai" not in departments
    parent = departments["so-tai-nguyen-va-moi-truong"]
    assert parent["sub_units"][0]["slug"] == "van-phong-dang-ky-dat-dai"
    assert parent["sub_units"][0]["second_seal_since"] == "2019-04-01"
    assert departments["so-giao-thong-van-tai"]["four_step_since"] == "2019-07-01"
    assert parent["procedure_count"] == 4


def test_decisions_count_procedures_by_action(catalogue, client):
    decisions = {d["number"]: d for d in client.get("/api/v1/decisions").json()}
    assert decisions[DECISION]["procedure_counts"] == {"add": 8, "amend": 0, "repeal": 0}
    assert decisions["500/QĐ-UBND"]["procedure_counts"] == {"add": 0, "amend": 1, "repeal": 1}


def test_fields_list_counts_published_procedures(catalogue, client):
    fields = {f["slug"]: f for f in client.get("/api/v1/fields").json()}
    assert fields["dat-dai"]["procedure_count"] == 7


def test_procedure_list_query_count_does_not_grow_with_page_size(catalogue, client):
    with CaptureQueriesContext(connection) as small:
        client.get("/api/v1/procedures?page_size=2")
    with CaptureQueriesContext(connection) as large:
        client.get("/api/v1/procedures?page_size=100")
    assert len(large) == len(small)


def test_openapi_schema_documents_the_catalogue_endpoints(client):
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in ("/api/v1/procedures", "/api/v1/procedures/{code}", "/api/v1/departments", "/api/v1/fields"):
        assert path in paths
    parameters = {p["name"] for p in paths["/api/v1/procedures"]["get"]["parameters"]}
    assert {"decision", "department", "min_days", "page", "page_size"} <= parameters
    assert client.get("/api/v1/docs").status_code == 200
