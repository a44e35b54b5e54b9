"""The procedure page describes the service to search engines: schema.org GovernmentService JSON-LD."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import override_settings

from procedures.enums import ChannelKind, TimeLimitUnit
from tests.factories import ChannelFactory, DepartmentFactory, FieldFactory, ProcedureFactory
from tests.schema_org import json_ld_blocks, validate

pytestmark = pytest.mark.django_db


@pytest.fixture
def procedure(site_tree):
    department = DepartmentFactory(slug="so-tu-phap", name="Sở Tư pháp", name_en="Department of Justice")
    procedure = ProcedureFactory(
        code="1.004222",
        name="Đăng ký khai sinh có yếu tố nước ngoài",
        department=department,
        field=FieldFactory(slug="ho-tich", name="Hộ tịch"),
        applicants="Công dân Việt Nam, người nước ngoài",
        address="Trung tâm Hành chính công tỉnh Quảng Nam, 62 Hùng Vương, Tam Kỳ",
    )
    ChannelFactory(
        procedure=procedure,
        kind=ChannelKind.IN_PERSON,
        time_limit_value=Decimal(5),
        time_limit_unit=TimeLimitUnit.WORKING_DAYS,
        fee_free=False,
        fee_amount=10000,
        fee_text="10.000 đồng/bản",
        sort_order=0,
    )
    ChannelFactory(
        procedure=procedure,
        kind=ChannelKind.ONLINE,
        time_limit_value=Decimal(3),
        time_limit_unit=TimeLimitUnit.CALENDAR_DAYS,
        fee_free=True,
        fee_text="",
        sort_order=1,
    )
    return procedure


def _service(client, path="/thu-tuc/1.004222/"):
    blocks = json_ld_blocks(client.get(path).text)
    assert len(blocks) == 1
    return blocks[0]


def test_procedure_page_carries_a_valid_government_service(procedure, client):
    service = _service(client)

    assert service["@context"] == "https://schema.org"
    assert service["@type"] == "GovernmentService"
    assert validate(service) == []
    assert service["name"] == "Đăng ký khai sinh có yếu tố nước ngoài"
    assert service["identifier"] == "1.004222"
    assert service["url"] == "http://testserver/thu-tuc/1.004222/"
    assert service["serviceType"] == "Hộ tịch"
    assert service["provider"] == {
        "@type": "GovernmentOrganization",
        "name": "Sở Tư pháp",
        "url": "http://testserver/co-quan/so-tu-phap/",
    }
    assert service["audience"]["audienceType"] == "Công dân Việt Nam, người nước ngoài"
    assert service["areaServed"] == {"@type": "AdministrativeArea", "name": "Tỉnh Quảng Nam"}


def test_each_channel_states_its_time_limit_and_fee(procedure, client):
    in_person, online = _service(client)["availableChannel"]

    assert in_person["name"] == "Trực tiếp"
    assert "5 ngày làm việc" in in_person["description"] and "10.000 đ" in in_person["description"]
    # Working days have no ISO 8601 duration: five working days are not P5D.
    assert "processingTime" not in in_person
    assert in_person["serviceLocation"]["address"].startswith("Trung tâm Hành chính công tỉnh Quảng Nam")
    assert online["name"] == "Trực tuyến"
    assert online["processingTime"] == "P3D"
    assert "Miễn phí" in online["description"]
    assert "serviceLocation" not in online


def test_fees_are_offers_in_dong(procedure, client):
    offers = _service(client)["offers"]

    assert [(o["name"], o["price"], o["priceCurrency"]) for o in offers] == [
        ("Phí, lệ phí – Trực tiếp", 10000, "VND"),
        ("Phí, lệ phí – Trực tuyến", 0, "VND"),
    ]
    assert offers[0]["description"] == "10.000 đồng/bản"


def test_area_served_is_a_setting(procedure, client):
    with override_settings(PORTAL_AREA_SERVED="Tỉnh Thừa Thiên Huế"):
        assert _service(client)["areaServed"]["name"] == "Tỉnh Thừa Thiên Huế"


def test_english_page_describes_the_same_service(procedure, client):
    service = _service(client, "/en/thu-tuc/1.004222/")
    assert validate(service) == []
    assert service["identifier"] == "1.004222" and len(service["availableChannel"]) == 2


def test_a_name_with_markup_cannot_close_the_script(procedure, client):
    procedure.name = 'Thủ tục </script><script>alert("x")</script> & <b>'
    procedure.save()
    html = client.get("/thu-tuc/1.004222/").text

    assert '</script><script>alert("x")' not in html
    assert _service(client)["name"] == 'Thủ tục </script><script>alert("x")</script> & <b>'


def test_the_validator_refuses_what_schema_org_does_not_define():
    # The test's own vocabulary must be able to fail: a made-up property and a wrong range.
    assert validate({"@type": "GovernmentService", "fee": 1})
    assert validate({"@type": "GovernmentService", "provider": {"@type": "Audience"}})
    assert validate({"@type": "ServiceChannel", "processingTime": "5 ngày"})
