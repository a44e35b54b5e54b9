"""Dates at the edges never give a 500: the one period parser bounds every date it reads."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from procedures.calendar import MAX_YEAR, MIN_YEAR
from tests.factories import DepartmentFactory, ProcedureFactory
from tests.transparency.stats_data import dossier_make
from transparency.periods import FIRST_DAY, LAST_DAY, PeriodError, period_parse
from transparency.services.statistics import month_end, month_index, month_start, statistics_refresh

D = dt.date
years = st.integers(1, 9999)
months = st.integers(0, 13)
days = st.integers(0, 32)


@st.composite
def period_queries(draw) -> dict[str, str]:
    """Any of the period forms, with any year 1–9999 and months or days slightly off too."""
    year, month, day = draw(years), draw(months), draw(days)
    other_year = draw(years)
    form = draw(st.sampled_from(["start", "end", "start_end", "month", "quarter", "year", "from_to"]))
    iso = f"{year:04d}-{month:02d}-{day:02d}"
    other = f"{other_year:04d}-{draw(months):02d}-{draw(days):02d}"
    return {
        "start": {"start": iso},
        "end": {"end": iso},
        "start_end": {"start": iso, "end": other},
        "month": {"month": f"{year:04d}-{month:02d}"},
        "quarter": {"quarter": f"{year:04d}-Q{draw(st.integers(0, 5))}"},
        "year": {"year": str(year)},
        "from_to": {"from": f"{year:04d}-{month:02d}", "to": f"{other_year:04d}-{draw(months):02d}"},
    }[form]


@settings(max_examples=400, deadline=None)
@given(query=period_queries(), data_end=st.none() | st.dates(FIRST_DAY, LAST_DAY))
def test_any_year_gives_a_bounded_period_or_its_own_validation_error(query, data_end):
    try:
        period = period_parse(data=query, data_end=data_end)
    except PeriodError as error:
        assert str(error)
        assert error.field in (*query, "")
        return
    assert FIRST_DAY <= period.start <= period.end <= LAST_DAY
    # The arithmetic the statistics do on a period never overflows inside the range.
    assert period.start - dt.timedelta(days=1) < period.start
    assert month_start(month_index(period.end) + 1) > month_end(month_index(period.end))


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(max_size=30),
    name=st.sampled_from(["start", "end", "month", "quarter", "year", "from", "to"]),
)
def test_any_text_in_a_period_parameter_is_a_period_or_a_validation_error(text, name):
    try:
        period = period_parse(data={name: text})
    except PeriodError:
        return
    assert FIRST_DAY <= period.start <= period.end <= LAST_DAY


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"end": "0001-01-01"}, "end"),
        ({"start": "9999-12-31"}, "start"),
        ({"month": "9999-12"}, "month"),
        ({"quarter": "0000-Q4"}, "quarter"),
        ({"year": str(MAX_YEAR + 1)}, "year"),
        ({"from": f"{MIN_YEAR - 1}-12"}, "from"),
    ],
)
def test_dates_outside_the_calendar_years_name_the_parameter(query, field):
    with pytest.raises(PeriodError) as raised:
        period_parse(data=query)
    assert raised.value.field == field
    assert f"{MIN_YEAR}" in str(raised.value) and f"{MAX_YEAR}" in str(raised.value)


# --- every entry point, through the test client -------------------------------------------

ENDPOINTS = (
    "/thong-ke/",
    "/en/thong-ke/",
    "/thong-ke/tai-ve.csv/",
    "/thong-ke/tai-ve.xlsx/",
    "/thong-ke/tai-ve.json/",
    "/thong-ke/tai-ve.meta.json/",
    "/api/v1/statistics",
    "/api/v1/statistics/monthly",
    "/api/v1/dossiers",
    "/tim-kiem/ho-so/",
)
EDGES = (
    {"end": "0001-01-01"},
    {"start": "9999-12-31"},
    {"month": "9999-12"},
    {"quarter": "0000-Q4"},
    {"start": "0001-01-01", "end": "9999-12-31"},
    {"from": "9999-12", "to": "0001-01"},
    {"year": "9999"},
)


@pytest.fixture
def data(site_tree):
    p = ProcedureFactory(code="1.000001", department=DepartmentFactory(slug="so-tu-phap"))
    dossier_make(procedure=p, received=D(2019, 1, 3), due=D(2019, 1, 10), resolved=D(2019, 1, 14))
    dossier_make(procedure=p, received=D(2019, 11, 4), due=D(2019, 11, 8))
    statistics_refresh()


def _api_error_shape(body: dict) -> None:
    assert body["detail"]
    assert body["errors"] and {"field", "message"} <= set(body["errors"][0])


@pytest.mark.parametrize("path", ENDPOINTS)
def test_the_reported_edge_dates_answer_400_or_a_friendly_page_never_500(data, path):
    client = Client(raise_request_exception=False)
    for query in EDGES:
        response = client.get(path, query)
        assert response.status_code < 500, (path, query)
        if path == "/tim-kiem/ho-so/":
            continue  # the search reads what it can and shows what it could not
        assert response.status_code == 400, (path, query)
        if path.startswith("/api/"):
            _api_error_shape(response.json())
        elif path.startswith("/en/"):
            assert "outside the supported range of the data" in response.content.decode()
        else:
            assert "nằm ngoài khoảng số liệu được hỗ trợ" in response.content.decode()


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=period_queries(), path=st.sampled_from(ENDPOINTS))
def test_fuzzing_every_period_parameter_of_every_endpoint_gives_no_5xx(data, query, path):
    response = Client(raise_request_exception=False).get(path, query)

    assert response.status_code < 500, (path, query, response.content[:300])
    if path.startswith("/api/") and response.status_code == 400:
        _api_error_shape(response.json())
