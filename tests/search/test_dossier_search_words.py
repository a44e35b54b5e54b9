"""The statistics search reads words right and never judges stocks past the data."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from django.http import QueryDict

from search.dossiers.selectors import dossier_search
from search.dossiers.words import dossier_search_params
from tests.factories import DepartmentFactory, FieldFactory, ProcedureFactory
from tests.transparency.stats_data import dossier_make
from transparency.services.statistics import statistics_refresh

D = dt.date


@pytest.fixture
def construction(db):
    """Sở Xây dựng (field Quy hoạch) and Sở Giao thông (field Xây dựng); data through 15/11/2019."""
    department = DepartmentFactory(name="Sở Xây dựng", slug="so-xay-dung", short_name="SXD")
    other = DepartmentFactory(name="Sở Giao thông Vận tải", slug="so-gtvt", short_name="SGTVT")
    planning = FieldFactory(name="Quy hoạch", slug="quy-hoach")
    building = FieldFactory(name="Xây dựng", slug="xay-dung")
    licence = ProcedureFactory(code="1.009001", name="Cấp giấy phép", department=department, field=planning)
    other_procedure = ProcedureFactory(
        code="1.009002", name="Thẩm định", department=department, field=planning
    )
    roads = ProcedureFactory(code="1.009003", name="Cấp phép thi công", department=other, field=building)
    dossier_make(procedure=licence, received=D(2019, 10, 1), due=D(2019, 10, 8), resolved=D(2019, 10, 10))
    dossier_make(
        procedure=other_procedure, received=D(2019, 10, 2), due=D(2019, 10, 9), resolved=D(2019, 10, 15)
    )
    dossier_make(procedure=roads, received=D(2019, 10, 3), due=D(2019, 10, 9), resolved=D(2019, 10, 14))
    dossier_make(procedure=licence, received=D(2019, 11, 12), due=D(2019, 11, 20))  # open, due after the data
    dossier_make(procedure=roads, received=D(2019, 11, 1), due=D(2019, 11, 25), resolved=D(2019, 11, 15))
    statistics_refresh()
    return {"licence": licence, "roads": roads}


def _params(query: str) -> QueryDict:
    return QueryDict(query, mutable=False)


def test_a_department_name_is_read_before_a_field_name(construction):
    criteria = dossier_search_params(params={"q": "Sở Xây dựng tháng 10/2019 trễ hạn"})

    assert [d.slug for d in criteria.departments] == ["so-xay-dung"]
    assert criteria.fields == []
    assert (criteria.start, criteria.end) == (D(2019, 10, 1), D(2019, 10, 31))
    result = dossier_search(criteria=criteria)
    assert result.count == 2  # both late dossiers of Sở Xây dựng, not the field's one
    # The field alone is still the field.
    alone = dossier_search_params(params={"q": "xây dựng 2019"})
    assert [f.slug for f in alone.fields] == ["xay-dung"] and alone.departments == []


def test_procedure_parameter_narrows_the_selection_and_is_kept_in_the_csv_link(construction):
    criteria = dossier_search_params(params=_params("q=tr%E1%BB%85+h%E1%BA%A1n+2019&procedure=1.009001"))
    result = dossier_search(criteria=criteria)

    assert [p.code for p in criteria.procedures] == ["1.009001"]
    assert result.count == 1 and result.rows[0]["procedure__code"] == "1.009001"
    query = parse_qs(urlsplit(result.links["download_csv"]).query)
    assert query["procedure"] == ["1.009001"] and query["outcome"] == ["late"]
    assert query["from"] == ["2019-01"] and query["to"] == ["2019-12"]


def test_words_it_cannot_read_are_shown_and_do_not_empty_the_selection(client, construction):
    response = client.get("/tim-kiem/ho-so/", {"q": "trễ hạn xyzzyq 2019", "procedure": "9.999999"})
    text = response.content.decode()

    assert response.status_code == 200
    assert "Không hiểu: " in text and "xyzzyq" in text and "procedure=9.999999" in text
    criteria = dossier_search_params(params={"q": "trễ hạn xyzzyq 2019"})
    assert dossier_search(criteria=criteria).count == 3


def test_stocks_of_a_year_past_the_data_are_those_of_its_last_day(client, construction):
    criteria = dossier_search_params(params={"q": "2019"})
    result = dossier_search(criteria=criteria)

    assert criteria.stocks_as_of == D(2019, 11, 15)
    # The open dossier is due on 20/11: within its limit on 15/11, the data's last day.
    assert (result.measures["pending_within"], result.measures["pending_overdue"]) == (1, 0)
    page = client.get("/tim-kiem/ho-so/", {"q": "2019"}).content.decode()
    assert "Số liệu tồn đến ngày 15/11/2019 (ngày cuối có dữ liệu)" in page
    # The default selection (no period) follows the same rule.
    default = dossier_search(criteria=dossier_search_params(params={}))
    assert (default.measures["pending_within"], default.measures["pending_overdue"]) == (1, 0)


def test_a_period_after_the_data_says_there_is_no_data(client, construction):
    page = client.get("/tim-kiem/ho-so/", {"q": "2020"}).content.decode()

    assert "Không có số liệu sau ngày 15/11/2019" in page
