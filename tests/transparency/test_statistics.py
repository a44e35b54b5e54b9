"""Every measure of DOMAIN.md §7 on a hand-built dataset, through the aggregate path."""

from __future__ import annotations

import datetime as dt

import pytest

from procedures.enums import ChannelKind
from tests.factories import DepartmentFactory, ProcedureFactory
from tests.transparency.stats_data import dossier_make
from transparency.enums import DossierStatus
from transparency.selectors.measures import Scope
from transparency.selectors.rankings import statistics_by_department
from transparency.selectors.statistics import statistics_monthly, statistics_totals
from transparency.services.statistics import statistics_refresh

D = dt.date


@pytest.fixture
def dataset(db):
    a = ProcedureFactory(department=DepartmentFactory(slug="so-a", name="Sở A"))
    b = ProcedureFactory(department=DepartmentFactory(slug="so-b", name="Sở B"))
    made = {
        "carried_overdue": dossier_make(
            procedure=a, received=D(2019, 2, 20), due=D(2019, 3, 1), apology=True
        ),
        "resolved_before": dossier_make(
            procedure=a, received=D(2019, 2, 25), due=D(2019, 3, 10), resolved=D(2019, 3, 4)
        ),
        "carried_late": dossier_make(
            procedure=a,
            received=D(2019, 2, 28),
            due=D(2019, 3, 8),
            resolved=D(2019, 3, 12),
            processing_days=8,
        ),
        "on_time": dossier_make(
            procedure=a,
            received=D(2019, 3, 5),
            due=D(2019, 3, 12),
            resolved=D(2019, 3, 12),
            channel=ChannelKind.ONLINE,
            processing_days=5,
        ),
        "early": dossier_make(
            procedure=b,
            received=D(2019, 3, 6),
            due=D(2019, 3, 15),
            resolved=D(2019, 3, 10),
            channel=ChannelKind.POST,
            processing_days=3,
        ),
        "pending": dossier_make(procedure=b, received=D(2019, 3, 18), due=D(2019, 3, 25)),
        "due_on_end": dossier_make(procedure=b, received=D(2019, 3, 19), due=D(2019, 3, 20)),
        "withdrawn": dossier_make(
            procedure=b, received=D(2019, 3, 7), due=D(2019, 3, 9), status=DossierStatus.WITHDRAWN
        ),
        "resolved_after_end": dossier_make(
            procedure=b, received=D(2019, 3, 10), due=D(2019, 3, 14), resolved=D(2019, 3, 25)
        ),
        "refused_late": dossier_make(
            procedure=a,
            received=D(2019, 3, 10),
            due=D(2019, 3, 13),
            resolved=D(2019, 3, 19),
            status=DossierStatus.REFUSED,
            apology=True,
            rescheduled_to=D(2019, 3, 19),
            processing_days=7,
        ),
        "supplement": dossier_make(
            procedure=b, received=D(2019, 3, 11), due=D(2019, 3, 30), status=DossierStatus.SUPPLEMENT
        ),
    }
    statistics_refresh()
    return a, b, made


def test_every_measure_over_a_period_not_aligned_to_months(dataset):
    m = statistics_totals(start=D(2019, 3, 5), end=D(2019, 3, 20))

    assert m.carried_over == 2
    assert (m.received, m.received_in_person, m.received_online, m.received_post) == (7, 5, 1, 1)
    assert (m.resolved, m.early, m.on_time, m.late) == (4, 1, 1, 2)
    assert (m.pending, m.overdue) == (3, 2)
    assert m.late_rate == 0.5
    assert m.on_time_rate == 0.5
    assert (m.late_with_apology, m.late_without_apology) == (2, 2)
    assert m.late_with_apology + m.late_without_apology == m.late + m.overdue
    assert m.avg_processing_days == 5.75
    assert m.timeliness_score == round(20 * 2 / 7, 2)


def test_refused_dossier_counts_as_resolved_and_reschedule_keeps_it_late(dataset):
    m = statistics_totals(start=D(2019, 3, 19), end=D(2019, 3, 19))

    assert (m.resolved, m.late) == (1, 1)


def test_withdrawn_dossier_is_counted_nowhere(dataset):
    m = statistics_totals(start=D(2019, 3, 7), end=D(2019, 3, 7))

    assert m.received == 0


def test_department_figures_add_up_to_the_province(dataset):
    _a, b, _made = dataset
    totals, rows = statistics_by_department(start=D(2019, 3, 5), end=D(2019, 3, 20), sort="-late")

    by_slug = {r.department.slug: r.measures for r in rows}
    assert by_slug["so-a"].late == 2
    assert by_slug["so-b"].late == 0
    assert rows[0].department.slug == "so-a"
    assert totals.late == 2 and totals.received == 7
    only_b = statistics_totals(start=D(2019, 3, 5), end=D(2019, 3, 20), scope=Scope(department=b.department))
    assert (only_b.received, only_b.overdue, only_b.pending) == (5, 1, 3)


def test_whole_month_counts_flows_to_its_last_day_and_stocks_to_the_data_last_day(dataset):
    whole = statistics_totals(start=D(2019, 3, 1), end=D(2019, 3, 31))

    assert whole.carried_over == 3  # the dossier resolved on 04/03 was still open on 28/02
    assert (whole.received, whole.resolved, whole.late) == (7, 6, 3)
    # The data ends on 25/03 (the last resolution): the open dossiers are judged on 25/03, not on
    # 31/03, when the two due on 25/03 and 30/03 would be counted overdue without any data.
    assert (whole.pending, whole.overdue) == (2, 2)
    assert (whole.pending, whole.overdue) == (
        statistics_totals(start=D(2019, 3, 1), end=D(2019, 3, 25)).pending,
        statistics_totals(start=D(2019, 3, 1), end=D(2019, 3, 25)).overdue,
    )


def test_monthly_series_chains_carried_over_from_the_previous_month(dataset):
    months = statistics_monthly(start=D(2019, 2, 15), end=D(2019, 3, 20))

    assert [m.month for m in months] == [D(2019, 2, 1), D(2019, 3, 1)]
    february, march = months
    assert february.start == D(2019, 2, 15) and march.end == D(2019, 3, 20)
    assert february.measures.received == 3
    assert march.measures.carried_over == february.measures.pending + february.measures.overdue == 3
    assert march.measures.late == 2
