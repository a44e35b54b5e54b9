"""Catalogue services: summaries and get-or-create of departments, fields and decisions."""

from __future__ import annotations

from decimal import Decimal

import pytest

from procedures.enums import ChannelKind, TimeLimitUnit
from procedures.models import Decision, Department
from procedures.services import (
    agency_names,
    decision_get_or_create,
    decision_slug,
    department_get_or_create,
    field_get_or_create,
    procedure_refresh_summary,
)
from tests.factories import ChannelFactory, DepartmentFactory, FieldFactory, ProcedureFactory

pytestmark = pytest.mark.django_db


def test_decision_slug_is_ascii_and_keeps_the_number():
    assert decision_slug("2735/QĐ-UBND") == "2735-qd-ubnd"


def test_decision_is_found_by_number_and_created_once():
    decision, created = decision_get_or_create(number=" 2735/QĐ-UBND ", issuer="UBND tỉnh Quảng Nam")
    again, created_again = decision_get_or_create(number="2735/QĐ-UBND")

    assert (created, created_again) == (True, False)
    assert again == decision and decision.slug == "2735-qd-ubnd"
    assert Decision.objects.count() == 1


def test_field_matches_without_accents_or_case():
    FieldFactory(name="Hộ tịch", slug="ho-tich")

    field, created = field_get_or_create(name="HỘ TỊCH")
    new, new_created = field_get_or_create(name="Lý lịch tư pháp")

    assert (field.slug, created) == ("ho-tich", False)
    assert (new.slug, new_created) == ("ly-lich-tu-phap", True)


def test_department_matches_name_or_short_name():
    justice = DepartmentFactory(name="Sở Tư pháp", short_name="STP", slug="so-tu-phap")

    assert department_get_or_create(name="Sở tư pháp.") == (justice, False)
    assert department_get_or_create(name="stp") == (justice, False)


def test_unknown_provincial_department_is_created_but_not_ministries_or_other_provinces():
    created, was_created = department_get_or_create(name="Sở Y tế")

    assert was_created and created.slug == "so-y-te"
    assert department_get_or_create(name="Bộ Tư pháp") == (None, False)
    assert department_get_or_create(name="Sở Tư pháp Thành phố Hà Nội") == (None, False)
    assert department_get_or_create(name="Ủy ban nhân dân cấp xã") == (None, False)
    assert Department.objects.count() == 1


def test_agency_cells_split_into_single_agencies():
    assert agency_names("Sở Tư pháp, Ủy ban nhân dân cấp tỉnh.") == ["Sở Tư pháp", "Ủy ban nhân dân cấp tỉnh"]


def test_summary_takes_the_shortest_channel_and_any_free_channel():
    procedure = ProcedureFactory()
    ChannelFactory(procedure=procedure, time_limit_value=Decimal(10), fee_free=False, fee_amount=50_000)
    ChannelFactory(
        procedure=procedure,
        kind=ChannelKind.ONLINE,
        time_limit_value=Decimal(16),
        time_limit_unit=TimeLimitUnit.HOURS,
        fee_free=False,
        fee_amount=0,
    )

    assert procedure_refresh_summary(procedure=procedure) is True
    procedure.refresh_from_db()

    assert procedure.time_limit_days == Decimal(2)  # 16 hours = 2 working days
    assert procedure.is_free is True  # a fee of 0 đồng is free
    assert procedure.channel_kinds == "in_person,online"
    assert procedure_refresh_summary(procedure=procedure) is False


def test_summary_of_a_procedure_without_channels_is_empty():
    procedure = ProcedureFactory(time_limit_days=Decimal(5), is_free=True, channel_kinds="post")

    procedure_refresh_summary(procedure=procedure)
    procedure.refresh_from_db()

    assert (procedure.time_limit_days, procedure.is_free, procedure.channel_kinds) == (None, False, "")


def test_publishing_an_edited_procedure_refreshes_its_summary():
    procedure = ProcedureFactory()
    ChannelFactory(procedure=procedure, time_limit_value=Decimal(7))

    procedure.save_revision().publish()
    procedure.refresh_from_db()

    assert procedure.time_limit_days == Decimal(7)
    assert procedure.channel_kinds == "in_person"
