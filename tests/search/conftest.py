"""Fixtures of the search tests: small catalogues indexed in the configured backend."""

from __future__ import annotations

import datetime as dt

import pytest
from wagtail.search.index import insert_or_update_object

from search.relevance.loader import REFERENCE_DIR, SAMPLE, reference_procedures_load
from tests.factories import DecisionFactory, DepartmentFactory, FieldFactory, ProcedureFactory, StepFactory
from tests.transparency.stats_data import dossier_make
from transparency.services.statistics import statistics_refresh


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


@pytest.fixture
def data_through_mid_november(db):
    """Seven dossiers, the data through 15/11/2019; three still open then: one overdue (due 5/11),
    two within their limit (due 20/11 and 10/12). Judged on 31/12 instead, two would be overdue."""
    D = dt.date
    building = ProcedureFactory(
        code="1.000001", department=DepartmentFactory(slug="so-xay-dung", name="Sở Xây dựng")
    )
    health = ProcedureFactory(code="1.000002", department=DepartmentFactory(slug="so-y-te", name="Sở Y tế"))
    dossier_make(procedure=building, received=D(2019, 1, 3), due=D(2019, 1, 10), resolved=D(2019, 1, 14))
    dossier_make(procedure=building, received=D(2019, 3, 4), due=D(2019, 3, 11), resolved=D(2019, 3, 20))
    dossier_make(procedure=health, received=D(2019, 10, 1), due=D(2019, 10, 8), resolved=D(2019, 10, 8))
    dossier_make(procedure=building, received=D(2019, 11, 1), due=D(2019, 11, 5))
    dossier_make(procedure=health, received=D(2019, 11, 12), due=D(2019, 11, 20))
    dossier_make(procedure=building, received=D(2019, 11, 14), due=D(2019, 12, 10))
    dossier_make(procedure=health, received=D(2019, 11, 15), due=D(2019, 11, 25), resolved=D(2019, 11, 15))
    statistics_refresh()
