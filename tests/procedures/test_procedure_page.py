"""One procedure at /thu-tuc/<code>/: everything a citizen needs to file it."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from procedures.enums import ChannelKind, DecisionAction, ProcedureStatus, TimeLimitUnit
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


@pytest.fixture
def procedure(site_tree):
    department = DepartmentFactory(slug="so-tu-phap", name="Sở Tư pháp", name_en="Department of Justice")
    procedure = ProcedureFactory(
        code="1.004222",
        name="Đăng ký khai sinh có yếu tố nước ngoài",
        department=department,
        field=FieldFactory(slug="ho-tich", name="Hộ tịch"),
        online_level="partial",
        four_step=True,
        applicants="Công dân Việt Nam, người nước ngoài",
        executing_agency="Sở Tư pháp",
        address="Trung tâm Hành chính công tỉnh Quảng Nam",
        result="Giấy khai sinh",
        conditions="Không có",
        source_url="https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.004222",
    )
    for n, text in enumerate(["Nộp hồ sơ tại Trung tâm", "Thẩm định hồ sơ", "Trả kết quả"]):
        StepFactory(procedure=procedure, text=text, sort_order=n, unit="Sở Tư pháp" if n == 1 else "")
    ChannelFactory(
        procedure=procedure,
        kind=ChannelKind.IN_PERSON,
        time_limit_value=Decimal(5),
        fee_free=False,
        fee_amount=10000,
        fee_text="10.000 đồng",
        description="Nộp trực tiếp tại Trung tâm",
        sort_order=0,
    )
    ChannelFactory(
        procedure=procedure,
        kind=ChannelKind.ONLINE,
        time_limit_value=None,
        time_limit_unit=TimeLimitUnit.SAME_DAY,
        time_limit_text="Trong ngày",
        fee_free=True,
        sort_order=1,
    )
    RequiredDocument.objects.create(
        procedure=procedure,
        name="Tờ khai đăng ký khai sinh",
        template="Mẫu TP/HT-2020-KS",
        template_url="https://example.org/mau-ks.docx",
        originals=1,
        copies=0,
        sort_order=0,
    )
    LegalDocument.objects.create(
        procedure=procedure, title="Thông tư quy định mẫu sổ hộ tịch", code="04/2020/TT-BTP", sort_order=0
    )
    decision = DecisionFactory(number="2735/QĐ-UBND", slug="2735-qd-ubnd")
    DecisionProcedure.objects.create(decision=decision, procedure=procedure, action=DecisionAction.ADD)
    return procedure


def test_procedure_page_shows_how_to_file_it(procedure, client):
    response = client.get("/thu-tuc/1.004222/")
    assert response.status_code == 200
    html = response.text
    assert "<h1" in html and "Đăng ký khai sinh có yếu tố nước ngoài" in html
    assert "1.004222" in html
    assert '<a href="/co-quan/so-tu-phap/">Sở Tư pháp</a>' in html
    assert "Hộ tịch" in html and "Một phần" in html
    steps = re.search(r'<ol class="steps">(.*?)</ol>', html, re.S).group(1)
    assert [s.strip() for s in re.findall(r'<span class="step__text">(.*?)</span>', steps)] == [
        "Nộp hồ sơ tại Trung tâm",
        "Thẩm định hồ sơ",
        "Trả kết quả",
    ]
    channels = re.search(r'<table class="channels">(.*?)</table>', html, re.S).group(1)
    assert '<th scope="col">' in channels and '<th scope="row">Trực tiếp</th>' in channels
    assert "5 ngày làm việc" in channels and "10.000 đ" in channels
    assert "Trong ngày" in channels and "Miễn phí" in channels
    assert "Tờ khai đăng ký khai sinh" in html
    assert '<a href="https://example.org/mau-ks.docx" rel="noopener">Mẫu TP/HT-2020-KS</a>' in html
    assert "04/2020/TT-BTP" in html and "Thông tư quy định mẫu sổ hộ tịch" in html
    assert "Giấy khai sinh" in html and "Trung tâm Hành chính công tỉnh Quảng Nam" in html
    assert 'href="/quyet-dinh/2735-qd-ubnd/"' in html
    assert "dichvucong.gov.vn" in html


def test_procedure_page_links_its_stylesheet_and_prints_its_address(procedure, client):
    html = client.get("/thu-tuc/1.004222/").text
    assert "css/catalogue.css" in html
    assert '<p class="print-only print-url">' in html and "http://testserver/thu-tuc/1.004222/" in html
    assert "<script>" not in html and "onclick" not in html and "style=" not in html


def test_unknown_code_is_a_404(procedure, client):
    assert client.get("/thu-tuc/9.999999/").status_code == 404


def test_unpublished_draft_is_a_404(site_tree, client):
    ProcedureFactory(code="1.000777", live=False)
    assert client.get("/thu-tuc/1.000777/").status_code == 404


def test_repealed_procedure_keeps_its_page_with_a_banner_naming_the_decision(procedure, client):
    repeal = DecisionFactory(number="1234/QĐ-UBND", slug="1234-qd-ubnd")
    procedure.status = ProcedureStatus.REPEALED
    procedure.status_decision = repeal
    procedure.save()
    DecisionProcedure.objects.create(
        decision=repeal,
        procedure=procedure,
        action=DecisionAction.REPEAL,
        note="Thay bằng thủ tục liên thông",
    )
    response = client.get("/thu-tuc/1.004222/")
    assert response.status_code == 200
    banner = re.search(r'<div class="status-banner status-banner--repealed"(.*?)</div>', response.text, re.S)
    assert banner is not None
    assert "đã bị bãi bỏ" in banner.group(1)
    assert "1234/QĐ-UBND" in banner.group(1)
    assert 'href="/quyet-dinh/1234-qd-ubnd/"' in banner.group(1)
    assert "Thay bằng thủ tục liên thông" in response.text


def test_in_force_procedure_has_no_status_banner(procedure, client):
    assert "status-banner" not in client.get("/thu-tuc/1.004222/").text


def test_english_address_shows_the_procedure_with_english_chrome(procedure, client):
    response = client.get("/en/thu-tuc/1.004222/")
    assert response.status_code == 200
    assert '<html lang="en">' in response.text
    assert "Administrative procedures" in response.text
    assert "Đăng ký khai sinh có yếu tố nước ngoài" in response.text
    assert '<a href="/en/co-quan/so-tu-phap/">Department of Justice</a>' in response.text


def test_procedure_page_query_count_does_not_grow_with_its_rows(site_tree, client):
    small = ProcedureFactory(code="1.000001")
    large = ProcedureFactory(code="1.000002")
    decisions = [DecisionFactory() for _ in range(4)]
    for target, rows in ((small, 1), (large, 12)):
        for n in range(rows):
            StepFactory(procedure=target, sort_order=n)
            ChannelFactory(procedure=target, kind=ChannelKind.IN_PERSON, sort_order=n)
            RequiredDocument.objects.create(procedure=target, name=f"Giấy {n}", sort_order=n)
            LegalDocument.objects.create(procedure=target, title=f"Luật {n}", code=f"{n}/QH", sort_order=n)
        for decision in decisions[: 1 if rows == 1 else 4]:
            DecisionProcedure.objects.create(decision=decision, procedure=target)
    # Warm both pages first: per-process caches (calendar, settings) must not count.
    client.get("/thu-tuc/1.000001/")
    client.get("/thu-tuc/1.000002/")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/thu-tuc/1.000001/").status_code == 200
    with CaptureQueriesContext(connection) as many:
        assert client.get("/thu-tuc/1.000002/").status_code == 200
    assert len(many) == len(few)


def test_department_profile_sorts_fields_the_vietnamese_way(site_tree, client):
    department = DepartmentFactory(slug="so-thu")
    for code, name in (("1.1", "Xây dựng"), ("1.2", "Đất đai"), ("1.3", "Hộ tịch")):
        ProcedureFactory(
            code=code, department=department, field=FieldFactory(name=name, slug=code.replace(".", "-"))
        )
    html = client.get("/co-quan/so-thu/").text
    headings = re.findall(r'<h3 id="field-\d+">([^<]+?) <span', html)
    assert headings == ["Đất đai", "Hộ tịch", "Xây dựng"]


def test_editor_preview_renders_the_public_template_without_a_calculator(procedure, rf):
    request = rf.get("/admin/snippets/procedures/procedure/preview/")
    response = procedure.serve_preview(request, "")
    html = response.render().content.decode() if hasattr(response, "render") else response.content.decode()
    assert "Bản xem trước" in html
    assert "Trình tự thực hiện" in html and "Nộp hồ sơ tại Trung tâm" in html
    assert "han-tra-ket-qua" not in html
