"""Fixtures of the search tests: small catalogues indexed in the configured backend."""

from __future__ import annotations

import datetime as dt

import pytest
from wagtail.search.index import insert_or_update_object

from search.relevance.loader import REFERENCE_DIR, SAMPLE, reference_procedures_load
from tests.factories import DecisionFactory, DepartmentFactory, FieldFactory, ProcedureFactory, StepFactory


def reindex(*objs):
    for obj in objs:
        insert_or_update_object(obj)


@pytest.fixture
def sample_procedure(db):
    """Procedure 1.004222 "Đăng ký thường trú" from the national portal's record."""
    if not (REFERENCE_DIR / SAMPLE).exists():
        pytest.skip("shared reference data not available")
    return reference_procedures_load(files=[REFERENCE_DIR / SAMPLE])[0]


@pytest.fixture
def catalogue(db):
    """A few procedures in two departments and two fields, plus a decision."""
    justice = DepartmentFactory(name="Sở Tư pháp", slug="so-tu-phap", short_name="STP")
    land_dept = DepartmentFactory(
        name="Sở Tài nguyên và Môi trường", slug="so-tai-nguyen", short_name="STNMT"
    )
    civil = FieldFactory(name="Hộ tịch", slug="ho-tich")
    land = FieldFactory(name="Đất đai", slug="dat-dai")
    procedures = {
        "marriage": ProcedureFactory(
            code="1.000894", name="Thủ tục đăng ký kết hôn", department=justice, field=civil
        ),
        "birth": ProcedureFactory(
            code="1.001193", name="Thủ tục đăng ký khai sinh", department=justice, field=civil
        ),
        "land": ProcedureFactory(
            code="1.004227", name="Đăng ký đất đai lần đầu", department=land_dept, field=land, level="commune"
        ),
        "land2": ProcedureFactory(
            code="1.004228", name="Đăng ký biến động đất đai", department=land_dept, field=land
        ),
    }
    StepFactory(procedure=procedures["marriage"], text="Nộp tờ khai đăng ký kết hôn theo mẫu tại Sở Tư pháp")
    reindex(*procedures.values())
    decision = DecisionFactory(
        number="2735/QĐ-UBND",
        slug="2735-qd-ubnd",
        date=dt.date(2019, 8, 28),
        title="Công bố danh mục 662 thủ tục",
    )
    reindex(decision)
    return {
        "justice": justice,
        "land_dept": land_dept,
        "civil": civil,
        "land": land,
        "decision": decision,
        **procedures,
    }
