"""Property: the aggregate path equals a direct count over dossier rows, for any data and period."""

from __future__ import annotations

import datetime as dt
import statistics

import pytest
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from procedures.enums import ChannelKind
from tests.factories import DepartmentFactory, ProcedureFactory
from tests.transparency.stats_data import dossier_make
from transparency.classification import pending_state, status_counts
from transparency.enums import DossierStatus, Outcome
from transparency.models import Dossier, DossierLateDayStat, DossierMonthStat, StatisticsCoverage
from transparency.models.stats import DossierDayStat
from transparency.selectors.measures import Scope
from transparency.selectors.rankings import statistics_top_late_procedures
from transparency.selectors.statistics import statistics_compute, statistics_monthly
from transparency.services.statistics import statistics_refresh

BASE = dt.date(2019, 1, 1)

dossier_spec = st.tuples(
    st.integers(0, 1),  # procedure
    st.integers(0, 150),  # received, days after BASE
    st.integers(0, 45),  # due, days after receipt
    st.one_of(st.none(), st.integers(0, 70)),  # resolved, days after receipt
    st.sampled_from([DossierStatus.PENDING, DossierStatus.SUPPLEMENT, DossierStatus.WITHDRAWN]),
    st.sampled_from(list(ChannelKind.values)),
    st.booleans(),  # has apology
)
dossier_specs = st.lists(dossier_spec, max_size=25)
periods = st.tuples(st.integers(-20, 260), st.integers(0, 120))


def _data_through(dossiers: list[Dossier]) -> dt.date | None:
    """The last day a counted dossier was received or resolved on."""
    days = [
        day
        for d in dossiers
        if status_counts(status=d.status)
        for day in (d.received_on, d.resolved_on)
        if day is not None
    ]
    return max(days, default=None)


def _direct(
    dossiers: list[Dossier], start: dt.date, end: dt.date, *, through: dt.date | None = None
) -> dict[str, int]:
    """DOMAIN.md §7 read straight off the rows, one dossier at a time.

    Stocks are judged at the period's end, or at ``through`` (the data's last day) if earlier."""
    stocks_on = min(end, through) if through is not None else end
    m = dict.fromkeys(
        (
            "carried_over",
            "received",
            "resolved",
            "early",
            "on_time",
            "late",
            "pending",
            "overdue",
            "lwa",
            "days",
        ),
        0,
    )
    late_days: list[int] = []
    for d in dossiers:
        if not status_counts(status=d.status):
            continue
        if d.received_on < start and (d.resolved_on is None or d.resolved_on >= start):
            m["carried_over"] += 1
        if start <= d.received_on <= end:
            m["received"] += 1
        if d.resolved_on and start <= d.resolved_on <= end:
            m["resolved"] += 1
            m[d.outcome] += 1
            m["days"] += d.processing_days
            if d.outcome == Outcome.LATE and d.has_apology:
                m["lwa"] += 1
            if d.outcome == Outcome.LATE:
                late_days.append(d.late_days)
        state = pending_state(
            received_on=d.received_on, due_on=d.due_on, resolved_on=d.resolved_on, at=stocks_on
        )
        if state:
            m[state] += 1
            if state == "overdue" and d.has_apology:
                m["lwa"] += 1
    m["late_days"] = late_days  # type: ignore[assignment]
    return m


def _histogram(late_days: list[int]) -> dict[str, int]:
    buckets = {"1": (0, 1), "2-5": (2, 5), "6-10": (6, 10), "11-30": (11, 30), ">30": (31, 10**6)}
    return {label: sum(1 for d in late_days if low <= d <= high) for label, (low, high) in buckets.items()}


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=dossier_specs, period=periods)
def test_aggregate_path_equals_direct_count_for_any_dossiers_and_period(specs, period):
    Dossier.objects.all().delete()
    department = DepartmentFactory(slug="so-p")
    procedures = [ProcedureFactory(code="P.1", department=department), ProcedureFactory(code="P.2")]
    dossiers = []
    for proc, received, due, resolved, open_status, channel, apology in specs:
        received_on = BASE + dt.timedelta(days=received)
        resolved_on = received_on + dt.timedelta(days=resolved) if resolved is not None else None
        status = DossierStatus.RESOLVED if resolved_on else open_status
        dossiers.append(
            dossier_make(
                procedure=procedures[proc],
                received=received_on,
                due=received_on + dt.timedelta(days=due),
                resolved=resolved_on,
                status=status,
                channel=channel,
                apology=apology,
            )
        )
    statistics_refresh()
    start = BASE + dt.timedelta(days=period[0])
    end = start + dt.timedelta(days=period[1])

    got = statistics_compute(start=start, end=end)[None]
    through = _data_through(dossiers)
    want = _direct(dossiers, start, end, through=through)

    assert (got.carried_over, got.received, got.resolved) == (
        want["carried_over"],
        want["received"],
        want["resolved"],
    )
    assert (got.early, got.on_time, got.late) == (want["early"], want["on_time"], want["late"])
    assert (got.pending, got.overdue, got.late_with_apology) == (
        want["pending"],
        want["overdue"],
        want["lwa"],
    )
    assert got.processing_days_sum == want["days"]
    # How late: the histogram and the median of days late agree with the rows.
    assert got.late_days_histogram == _histogram(want["late_days"])
    assert got.late_days_median == (statistics.median(want["late_days"]) if want["late_days"] else None)
    # The same through a scope, by department, and month by month.
    first = [d for d in dossiers if d.procedure_id == procedures[0].pk]
    scoped = statistics_compute(start=start, end=end, scope=Scope(procedure=procedures[0]))[None]
    assert (scoped.late, scoped.overdue, scoped.carried_over) == (
        _direct(first, start, end, through=through)["late"],
        _direct(first, start, end, through=through)["overdue"],
        _direct(first, start, end, through=through)["carried_over"],
    )
    by_department = statistics_compute(start=start, end=end, group="department")
    assert sum(m.received for m in by_department.values()) == want["received"]
    months = statistics_monthly(start=start, end=end)
    assert sum(m.measures.late for m in months) == want["late"]
    assert sum(sum(m.measures.late_days_histogram.values()) for m in months) == want["late"]
    merged = [d for m in months for d, n in m.measures.late_days_counts.items() for _ in range(n)]
    assert sorted(merged) == sorted(want["late_days"])
    by_procedure = statistics_compute(start=start, end=end, group="procedure")
    by_procedure_days = [
        d for m in by_procedure.values() for d, n in m.late_days_counts.items() for _ in range(n)
    ]
    assert sorted(by_procedure_days) == sorted(want["late_days"])
    # The most-late list ranks by the flows alone, then measures only the procedures ranked:
    # the same procedures and figures as measuring every procedure first.
    with override_settings(PORTAL_MIN_RESOLVED_FOR_RANKING=2):
        ranked = sorted(
            ((m.late, pid) for pid, m in by_procedure.items() if m.late and m.reliable), reverse=True
        )
        top = statistics_top_late_procedures(start=start, end=end, limit=1 + len(ranked) // 2)
    assert [(f.procedure.pk, f.measures) for f in top] == [
        (pid, by_procedure[pid]) for _late, pid in ranked[: 1 + len(ranked) // 2]
    ]
    assert months[0].measures.carried_over == want["carried_over"]
    last = months[-1].measures
    assert (last.pending, last.overdue) == (want["pending"], want["overdue"])


def _spec_dossier(spec, procedures, *, save: bool = True) -> Dossier:
    proc, received, due, resolved, open_status, channel, apology = spec
    received_on = BASE + dt.timedelta(days=received)
    resolved_on = received_on + dt.timedelta(days=resolved) if resolved is not None else None
    return dossier_make(
        procedure=procedures[proc],
        received=received_on,
        due=received_on + dt.timedelta(days=due),
        resolved=resolved_on,
        status=DossierStatus.RESOLVED if resolved_on else open_status,
        channel=channel,
        apology=apology,
        save=save,
    )


def _aggregate_rows() -> dict[str, list[tuple]]:
    rows = {}
    for model in (DossierMonthStat, DossierDayStat, DossierLateDayStat):
        names = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
        rows[model.__name__] = sorted(model.objects.values_list(*names))
    coverage = StatisticsCoverage.objects.get()
    rows["coverage"] = [(coverage.first_month, coverage.last_month, coverage.data_end)]
    return rows


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    specs=dossier_specs,
    changes=st.lists(st.tuples(st.integers(0, 30), dossier_spec), max_size=6),
)
def test_refresh_from_the_earliest_changed_month_equals_a_full_rebuild(specs, changes):
    """What an import or an apology does: some dossiers change or arrive; the refresh from
    the month of the earliest one (old or new receipt) leaves exactly the rows a full one does."""
    Dossier.objects.all().delete()
    procedures = [
        ProcedureFactory(code="P.1", department=DepartmentFactory(slug="so-a")),
        ProcedureFactory(code="P.2", department=DepartmentFactory(slug="so-b")),
    ]
    dossiers = [_spec_dossier(spec, procedures) for spec in specs]
    statistics_refresh()
    departments: set[int] = set()
    since: dt.date | None = None
    for index, spec in changes:
        new = _spec_dossier(spec, procedures, save=False)
        received = [new.received_on]
        if index < len(dossiers):  # the export changed a dossier already imported
            old = dossiers[index]
            new.pk, new.code = old.pk, old.code
            departments.add(old.department_id)
            received.append(old.received_on)
        new.save()
        if index < len(dossiers):
            dossiers[index] = new
        else:
            dossiers.append(new)
        departments.add(new.department_id)
        since = min([*received, *([since] if since else [])])
    if not departments:
        return

    statistics_refresh(department_ids=departments, since=since)
    incremental = _aggregate_rows()
    statistics_refresh()
    assert incremental == _aggregate_rows()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("latest", "change", "moved"),
    [
        # A dossier received months after the data ended: open dossiers of every department
        # stay open through the months in between.
        (None, (1, 150, 5, None, DossierStatus.PENDING, ChannelKind.ONLINE, False), "later"),
        # The dossier that held the last month is withdrawn: the months after the data's new
        # end disappear for every department.
        (
            (1, 150, 5, None, DossierStatus.PENDING, ChannelKind.ONLINE, False),
            (1, 150, 5, None, DossierStatus.WITHDRAWN, ChannelKind.ONLINE, False),
            "earlier",
        ),
    ],
)
def test_refresh_from_a_month_follows_the_covered_months_moving(latest, change, moved):
    procedures = [
        ProcedureFactory(code="P.1", department=DepartmentFactory(slug="so-a")),
        ProcedureFactory(code="P.2", department=DepartmentFactory(slug="so-b")),
    ]
    _spec_dossier((0, 0, 10, None, DossierStatus.PENDING, ChannelKind.IN_PERSON, True), procedures)
    old = _spec_dossier(latest, procedures) if latest else None
    statistics_refresh()
    before = StatisticsCoverage.objects.get().last_month
    new = _spec_dossier(change, procedures, save=False)
    if old is not None:
        new.pk, new.code = old.pk, old.code
    new.save()

    statistics_refresh(department_ids=[new.department_id], since=new.received_on)
    after = StatisticsCoverage.objects.get().last_month
    assert (after > before) if moved == "later" else (after < before)
    incremental = _aggregate_rows()
    statistics_refresh()
    assert incremental == _aggregate_rows()
