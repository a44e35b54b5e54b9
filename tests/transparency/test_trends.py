"""Trends: the periods drawn, and each period's figures equal to the statistics of its days."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from procedures.enums import ChannelKind
from tests.factories import DepartmentFactory, FieldFactory, ProcedureFactory
from tests.transparency.stats_data import dossier_make
from transparency.enums import DossierStatus
from transparency.models import Dossier
from transparency.selectors.measures import Measures, Scope
from transparency.selectors.statistics import statistics_compute
from transparency.selectors.trends import TREND_MEASURES, trend_periods, trends_compute
from transparency.services.statistics import statistics_refresh

D = dt.date
BASE = D(2019, 1, 1)


def test_months_are_cut_to_the_days_asked_for_and_to_the_data():
    periods = trend_periods(
        start=D(2018, 11, 20), end=D(2019, 12, 31), interval="month", data_from=D(2019, 1, 1),
        data_through=D(2019, 3, 15),
    )  # fmt: skip

    # Nothing before the data's first month nor after its last day is drawn.
    assert [p.key for p in periods] == ["2019-01", "2019-02", "2019-03"]
    assert [p.partial for p in periods] == [False, False, True]
    assert (periods[2].start, periods[2].end, periods[2].last) == (
        D(2019, 3, 1),
        D(2019, 3, 15),
        D(2019, 3, 31),
    )


def test_quarters_and_years_start_on_their_calendar_days():
    quarters = trend_periods(
        start=D(2019, 2, 10), end=D(2019, 11, 15), interval="quarter", data_from=D(2018, 1, 1),
        data_through=D(2020, 5, 1),
    )  # fmt: skip
    assert [(p.key, p.first, p.start, p.end, p.partial) for p in quarters] == [
        ("2019-Q1", D(2019, 1, 1), D(2019, 2, 10), D(2019, 3, 31), True),
        ("2019-Q2", D(2019, 4, 1), D(2019, 4, 1), D(2019, 6, 30), False),
        ("2019-Q3", D(2019, 7, 1), D(2019, 7, 1), D(2019, 9, 30), False),
        ("2019-Q4", D(2019, 10, 1), D(2019, 10, 1), D(2019, 11, 15), True),
    ]
    years = trend_periods(
        start=D(2017, 1, 1), end=D(2020, 12, 31), interval="year", data_from=D(2018, 1, 1),
        data_through=D(2019, 11, 15),
    )  # fmt: skip
    assert [(p.key, p.start, p.end, p.partial) for p in years] == [
        ("2018", D(2018, 1, 1), D(2018, 12, 31), False),
        ("2019", D(2019, 1, 1), D(2019, 11, 15), True),
    ]


def test_no_data_draws_no_period():
    assert (
        trend_periods(
            start=D(2019, 1, 1), end=D(2019, 12, 31), interval="month", data_from=None, data_through=None
        )
        == []
    )
    assert trend_periods(
        start=D(2020, 1, 1), end=D(2020, 12, 31), interval="month", data_from=D(2019, 1, 1),
        data_through=D(2019, 11, 15),
    ) == []  # fmt: skip


@pytest.fixture
def building(db):
    """Sở Xây dựng: late in January and February, better in March; an overdue dossier in April."""
    department = DepartmentFactory(slug="so-xay-dung", name="Sở Xây dựng")
    field = FieldFactory(slug="xay-dung", name="Xây dựng")
    p = ProcedureFactory(code="1.000100", department=department, field=field)
    other = ProcedureFactory(code="1.000200", department=DepartmentFactory(slug="so-y-te", name="Sở Y tế"))
    for received, resolved in ((3, 9), (4, 14), (7, 15)):  # January: 2 of 3 late, by 4 and 5 days
        dossier_make(
            procedure=p, received=D(2019, 1, received), due=D(2019, 1, 10), resolved=D(2019, 1, resolved)
        )
    for day in (4, 5, 6, 7):  # February: 1 of 4 late (by 1 day), two received online
        dossier_make(
            procedure=p, received=D(2019, 2, day), due=D(2019, 2, 14), resolved=D(2019, 2, 8 + day),
            channel=ChannelKind.ONLINE if day < 6 else ChannelKind.IN_PERSON,
        )  # fmt: skip
    for day in (4, 5):  # March: none late
        dossier_make(procedure=p, received=D(2019, 3, day), due=D(2019, 3, 14), resolved=D(2019, 3, 8))
    dossier_make(procedure=p, received=D(2019, 4, 1), due=D(2019, 4, 5))  # overdue from 6/04
    dossier_make(procedure=other, received=D(2019, 4, 1), due=D(2019, 4, 30), resolved=D(2019, 4, 15))
    statistics_refresh()  # the data ends on 15/04/2019
    return department


def _values(trends, key, measure):
    point = TREND_MEASURES[measure].point
    return [point(m)[0] for m in trends.groups[key]]


def test_late_rate_month_by_month_for_one_department(building):
    trends = trends_compute(
        start=D(2019, 1, 1), end=D(2019, 12, 31), interval="month", scope=Scope(department=building)
    )

    assert [p.key for p in trends.periods] == ["2019-01", "2019-02", "2019-03", "2019-04"]
    assert _values(trends, None, "late_rate") == [0.6667, 0.25, 0.0, None]
    assert [TREND_MEASURES["late_rate"].point(m)[1:] for m in trends.groups[None]] == [
        (2, 3), (1, 4), (0, 2), (0, 0),
    ]  # fmt: skip
    assert _values(trends, None, "online_share") == [0.0, 0.5, 0.0, 0.0]
    # April stops at the data's last day (15/04): the dossier due on 5/04 is overdue then.
    assert trends.periods[-1].end == D(2019, 4, 15) and trends.periods[-1].partial
    assert _values(trends, None, "overdue") == [0, 0, 0, 1]


def test_by_department_gives_one_series_per_department_with_figures(building):
    trends = trends_compute(start=D(2019, 1, 1), end=D(2019, 4, 30), interval="quarter", group="department")

    health = DepartmentFactory(slug="so-y-te")
    assert set(trends.groups) == {building.pk, health.pk}
    assert _values(trends, building.pk, "late") == [3, 0]
    assert _values(trends, building.pk, "late_days_median") == [4.0, None]


def test_without_the_days_late_every_other_measure_is_the_same_in_one_query_fewer(building):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    asked = {"start": D(2019, 1, 1), "end": D(2019, 4, 30), "interval": "month", "group": "department"}
    with CaptureQueriesContext(connection) as full_queries:
        full = trends_compute(**asked)
    with CaptureQueriesContext(connection) as lean_queries:
        lean = trends_compute(**asked, late_days=False)

    assert len(lean_queries) == len(full_queries) - 1
    assert set(lean.groups) == set(full.groups)
    for key in full.groups:
        for measure in TREND_MEASURES:
            expected = _values(full, key, measure) if measure != "late_days_median" else None
            assert expected is None or _values(lean, key, measure) == expected, measure
    assert _values(full, building.pk, "late_days_median")[0] is not None
    assert _values(lean, building.pk, "late_days_median")[0] is None  # not read: not asked


dossier_spec = st.tuples(
    st.integers(0, 2),  # procedure
    st.integers(0, 400),  # received, days after BASE
    st.integers(0, 45),  # due, days after receipt
    st.one_of(st.none(), st.integers(0, 70)),  # resolved, days after receipt
    st.sampled_from([DossierStatus.PENDING, DossierStatus.SUPPLEMENT, DossierStatus.WITHDRAWN]),
    st.sampled_from(list(ChannelKind.values)),
    st.booleans(),  # has apology
)


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    specs=st.lists(dossier_spec, max_size=20),
    span=st.tuples(st.integers(-40, 420), st.integers(0, 500)),
    interval=st.sampled_from(["month", "quarter", "year"]),
    group=st.sampled_from([None, "department", "field", "procedure"]),
)
def test_every_period_equals_the_statistics_of_its_days(specs, span, interval, group):
    Dossier.objects.all().delete()
    department = DepartmentFactory()
    field = FieldFactory()
    procedures = [
        ProcedureFactory(department=department, field=field),
        ProcedureFactory(department=department, field=None),
        ProcedureFactory(field=field),
    ]
    for proc, received, due, resolved, open_status, channel, apology in specs:
        received_on = BASE + dt.timedelta(days=received)
        resolved_on = received_on + dt.timedelta(days=resolved) if resolved is not None else None
        dossier_make(
            procedure=procedures[proc],
            received=received_on,
            due=received_on + dt.timedelta(days=due),
            resolved=resolved_on,
            status=DossierStatus.RESOLVED if resolved_on else open_status,
            channel=channel,
            apology=apology,
        )
    statistics_refresh()
    start = BASE + dt.timedelta(days=span[0])
    end = start + dt.timedelta(days=span[1])

    trends = trends_compute(start=start, end=end, interval=interval, group=group)

    for i, period in enumerate(trends.periods):
        want = statistics_compute(start=period.start, end=period.end, group=group)
        got = {key: rows[i] for key, rows in trends.groups.items()}
        for key in set(want) | set(got):
            assert got.get(key, Measures()) == want.get(key, Measures()), (period, key)
