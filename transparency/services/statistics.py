"""Rebuilding the aggregate rows of the statistics (see ``transparency.models.stats``)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from itertools import groupby
from operator import itemgetter

from django.db import connection, models, transaction
from django.db.models import Max, Min, Q, QuerySet, Sum

from transparency.enums import Outcome
from transparency.models import (
    Dossier,
    DossierLateDayStat,
    DossierMonthStat,
    StatisticsCorrection,
    StatisticsCoverage,
)
from transparency.models.stats import FLOW_FIELDS, STOCK_CHANGE_FIELDS, STOCK_FIELDS, DossierDayStat
from transparency.services.page_totals import page_totals_refresh

_FIELDS = FLOW_FIELDS + STOCK_FIELDS
_I = {name: i for i, name in enumerate(_FIELDS)}
_DAY_FIELDS = FLOW_FIELDS + STOCK_CHANGE_FIELDS
_D = {name: i for i, name in enumerate(_DAY_FIELDS)}
_CHANNEL_FIELD = {"in_person": "received_in_person", "online": "received_online", "post": "received_post"}
_BATCH = 2000


def month_index(day: dt.date) -> int:
    """Months since year 0, so months are consecutive integers."""
    return day.year * 12 + day.month - 1


def month_start(index: int) -> dt.date:
    return dt.date(index // 12, index % 12 + 1, 1)


def month_end(index: int) -> dt.date:
    return month_start(index + 1) - dt.timedelta(days=1)


def last_complete_month(day: dt.date) -> int:
    """The index of the latest month whose last day is on or before ``day``."""
    return month_index(day) if day == month_end(month_index(day)) else month_index(day) - 1


def coverage_compute() -> tuple[dt.date | None, dt.date | None, dt.date | None]:
    """(first month, last month, last day of data) of the counted dossiers, from indexed min/max.

    The last month is that of the last day on which a stock changes: the last receipt or
    resolution, or the day after the latest due day (a dossier still pending turns overdue).
    """
    bounds = Dossier.objects.counted().aggregate(
        first=Min("received_on"), received=Max("received_on"), resolved=Max("resolved_on"), due=Max("due_on")
    )
    if bounds["first"] is None:
        return None, None, None
    data_end = max(d for d in (bounds["received"], bounds["resolved"]) if d is not None)
    last = max(data_end, bounds["due"] + dt.timedelta(days=1))
    return bounds["first"].replace(day=1), last.replace(day=1), data_end


_ONE_DAY = dt.timedelta(days=1)
# (month counter, day counter) positions of each flow.
_RECEIVED = (_I["received"], _D["received"])
_RESOLVED = (_I["resolved"], _D["resolved"])
_CHANNEL = {kind: (_I[name], _D[name]) for kind, name in _CHANNEL_FIELD.items()}
_OUTCOME: dict[str, tuple[int, int]] = {
    name: (_I[name], _D[name]) for name in (Outcome.EARLY, Outcome.ON_TIME, Outcome.LATE)
}
_LATE_WITH_APOLOGY = (_I["late_with_apology"], _D["late_with_apology"])
_PROCESSING_DAYS_SUM = (_I["processing_days_sum"], _D["processing_days_sum"])
_PROCESSING_COUNT = (_I["processing_count"], _D["processing_count"])
_PENDING_END, _OVERDUE_END = _I["pending_end"], _I["overdue_end"]
_OVERDUE_APOLOGY_END = _I["overdue_with_apology_end"]
_OVERDUE_IN, _OVERDUE_OUT = _D["overdue_in"], _D["overdue_out"]
_OVERDUE_APOLOGY_IN, _OVERDUE_APOLOGY_OUT = _D["overdue_with_apology_in"], _D["overdue_with_apology_out"]


def _flow(month_cell: list[int], day_cell: list[int], index: tuple[int, int], value: int = 1) -> None:
    month_cell[index[0]] += value
    day_cell[index[1]] += value


def _resolution_flows(
    month_cell: list[int], day_cell: list[int], outcome: str, days: int | None, apology: bool
) -> None:
    """A resolution in the counters of its month and of its day: its outcome, its processing days."""
    _flow(month_cell, day_cell, _RESOLVED)
    if outcome in _OUTCOME:
        _flow(month_cell, day_cell, _OUTCOME[outcome])
    if outcome == Outcome.LATE and apology:
        _flow(month_cell, day_cell, _LATE_WITH_APOLOGY)
    if days is not None:
        _flow(month_cell, day_cell, _PROCESSING_DAYS_SUM, days)
        _flow(month_cell, day_cell, _PROCESSING_COUNT)


def _overdue_changes(
    day_cells: dict[tuple, list[int]],
    dep: int,
    proc: int,
    field: int | None,
    received_on: dt.date,
    due_on: dt.date,
    resolved_on: dt.date | None,
    apology: bool,
) -> None:
    """Overdue at the end of every day from max(due + 1, receipt) until the day before
    resolution: in on the first of those days, out on the day of resolution."""
    overdue_from = max(due_on + _ONE_DAY, received_on)
    if resolved_on is not None and overdue_from >= resolved_on:
        return
    changes = day_cells[(overdue_from, dep, proc, field)]
    changes[_OVERDUE_IN] += 1
    if apology:
        changes[_OVERDUE_APOLOGY_IN] += 1
    if resolved_on is None:
        return
    changes = day_cells[(resolved_on, dep, proc, field)]
    changes[_OVERDUE_OUT] += 1
    if apology:
        changes[_OVERDUE_APOLOGY_OUT] += 1


def _month_end_stocks(
    cells: dict[tuple, list[int]],
    dep: int,
    proc: int,
    field: int | None,
    first_month: int,
    last_month: int,
    due_on: dt.date,
    apology: bool,
) -> None:
    """Pending at the end of every month from ``first_month`` to ``last_month``, overdue at the
    end of those ending after the due day."""
    due_m = month_index(due_on)
    overdue_from_m = due_m if due_on < month_end(due_m) else due_m + 1
    for m in range(first_month, last_month + 1):
        cell = cells[(m, dep, proc, field)]
        cell[_PENDING_END] += 1
        if m >= overdue_from_m:
            cell[_OVERDUE_END] += 1
            if apology:
                cell[_OVERDUE_APOLOGY_END] += 1


def _accumulate(
    rows: Iterable[tuple], *, last_month: int, from_month: int = 0
) -> tuple[dict[tuple, list[int]], dict[tuple, list[int]], dict[tuple, int]]:
    """Counters per (month, department, procedure, field) and per (day, …) from dossier value
    rows, and the counts of late dossiers per (day of resolution, …, late days).

    Month-end snapshots are taken from ``from_month`` on (the rows before it are kept); the
    other counters may also land before it and are left out by the caller."""
    cells: dict[tuple, list[int]] = defaultdict(lambda: [0] * len(_FIELDS))
    day_cells: dict[tuple, list[int]] = defaultdict(lambda: [0] * len(_DAY_FIELDS))
    late_cells: dict[tuple, int] = defaultdict(int)
    for row in rows:
        dep, proc, field, channel, received_on, resolved_on, due_on, outcome, days, apology, late_days = row
        received_m = month_index(received_on)
        cell, day_cell = cells[(received_m, dep, proc, field)], day_cells[(received_on, dep, proc, field)]
        _flow(cell, day_cell, _RECEIVED)
        channel_index = _CHANNEL.get(channel)
        if channel_index:
            _flow(cell, day_cell, channel_index)
        if resolved_on is not None:
            resolved_m = month_index(resolved_on)
            _resolution_flows(
                cells[(resolved_m, dep, proc, field)],
                day_cells[(resolved_on, dep, proc, field)],
                outcome,
                days,
                apology,
            )
            if outcome == Outcome.LATE and late_days is not None:
                late_cells[(resolved_on, dep, proc, field, late_days)] += 1
            pending_until = resolved_m - 1
        else:
            pending_until = last_month
        _overdue_changes(day_cells, dep, proc, field, received_on, due_on, resolved_on, apology)
        _month_end_stocks(
            cells, dep, proc, field, max(received_m, from_month), pending_until, due_on, apology
        )
    return cells, day_cells, late_cells


@transaction.atomic
def statistics_refresh(
    *,
    department_ids: Iterable[int] | None = None,
    since: dt.date | None = None,
    imported_at: dt.datetime | None = None,
) -> int:
    """Rebuild the aggregate rows (all, or only those of ``department_ids``); returns rows written.

    Call after an import and after publishing or withdrawing an apology notice (it changes
    ``Dossier.has_apology``, hence late with / without apology). When the months covered
    by the data change, every department is rebuilt, since month-end snapshots of every
    department extend to the new last month.

    ``since`` is the earliest receipt day of the dossiers that changed (before and after the
    change): a dossier counts nowhere before the month it was received in, so the rows of
    earlier months are kept and only the months from there on are rebuilt, from the dossiers
    that count in them (received or resolved since then, or still open). A monthly import into
    years of history then rebuilds a few months instead of the whole archive.

    ``imported_at`` marks a refresh after new data arrived (an import, the demo loader): it
    becomes ``last_import_at``, the promised-vs-actual rows are rebuilt, and every figure of
    an already complete month that changed is recorded as a ``StatisticsCorrection``.
    """
    from transparency.services.performance import procedure_performance_refresh

    first, last, data_end = coverage_compute()
    coverage = StatisticsCoverage.objects.select_for_update().first()
    if coverage is None:
        coverage = StatisticsCoverage()
    published_through = coverage.data_end if coverage.pk else None
    since = _since_scope(coverage, first=first, last=last, since=since)
    if department_ids is not None:
        department_ids = sorted(set(department_ids))
        if coverage.pk is None or coverage.first_month != first or coverage.last_month != last:
            department_ids = None
    dossiers = Dossier.objects.counted()
    month_rows = DossierMonthStat.objects.all()
    if department_ids is not None:
        dossiers = dossiers.filter(department_id__in=department_ids)
        month_rows = month_rows.filter(department_id__in=department_ids)
    if since is not None:
        dossiers = dossiers.filter(
            Q(received_on__gte=since) | Q(resolved_on__gte=since) | Q(resolved_on__isnull=True)
        )
        month_rows = month_rows.filter(month__gte=since)
    track = imported_at is not None and published_through is not None
    before = _published_figures(month_rows, through=published_through) if track else {}
    for model in (DossierMonthStat, DossierDayStat, DossierLateDayStat):
        _rows_delete(model, department_ids, since=since)
    written = 0
    if first is not None and last is not None:
        # Every aggregate row belongs to one procedure: reading the dossiers procedure by
        # procedure, each one's counters are complete (and written) before the next one's
        # start, so memory stays that of the largest procedure, not of the whole archive.
        rows = (
            dossiers.order_by("procedure_id")
            .values_list(
                "department_id",
                "procedure_id",
                "field_id",
                "channel",
                "received_on",
                "resolved_on",
                "due_on",
                "outcome",
                "processing_days",
                "has_apology",
                "late_days",
            )
            .iterator(chunk_size=5000)
        )
        # Rows before ``since`` were kept; the dossiers read also add to some of them.
        first_month, first_day = (month_index(since), since) if since else (0, dt.date.min)
        keys = ("department", "procedure", "field")
        month_writer = _RowsWriter(DossierMonthStat, ("month", *keys, *_FIELDS))
        day_writer = _RowsWriter(DossierDayStat, ("day", *keys, *_DAY_FIELDS))
        late_writer = _RowsWriter(DossierLateDayStat, ("day", *keys, "late_days", "count"))
        for _procedure, group in groupby(rows, key=itemgetter(1)):
            cells, day_cells, late_cells = _accumulate(
                group, last_month=month_index(last), from_month=first_month
            )
            month_writer.extend(
                (month_start(m), dep, proc, field, *v)
                for (m, dep, proc, field), v in cells.items()
                if m >= first_month
            )
            day_writer.extend(k + tuple(v) for k, v in day_cells.items() if k[0] >= first_day)
            late_writer.extend((*k, n) for k, n in late_cells.items() if k[0] >= first_day)
        written += month_writer.close() + day_writer.close()
        late_writer.close()
    page_totals_refresh(department_ids=department_ids, since=since)
    coverage.first_month, coverage.last_month, coverage.data_end = first, last, data_end
    if imported_at is not None:
        coverage.last_import_at = imported_at
    coverage.save()
    if track:
        scope = DossierMonthStat.objects.all()
        if department_ids is not None:
            scope = scope.filter(department_id__in=department_ids)
        if since is not None:
            scope = scope.filter(month__gte=since)
        after = _published_figures(scope, through=published_through)
        corrections_record(before=before, after=after, recorded_at=imported_at)  # type: ignore[arg-type]
    if imported_at is not None or department_ids is None:
        procedure_performance_refresh(data_end=data_end)
    return written


def _since_scope(
    coverage: StatisticsCoverage, *, first: dt.date | None, last: dt.date | None, since: dt.date | None
) -> dt.date | None:
    """The first day (a month's first) of the rows to rebuild; None rebuilds every month.

    Everything is rebuilt when nothing was built yet or the first month moved. When the last
    month moved, the month-end snapshots of every department change after the earlier of the
    old and new last months, so the rebuild starts there at the latest.
    """
    if since is None or first is None or last is None or coverage.pk is None:
        return None
    if coverage.first_month != first or coverage.last_month is None:
        return None
    since = since.replace(day=1)
    if coverage.last_month != last:
        since = min(since, month_start(month_index(min(coverage.last_month, last)) + 1))
    return since if since > first else None


def _rows_delete(
    model: type[models.Model], department_ids: list[int] | None, *, since: dt.date | None = None
) -> None:
    """Delete a table's aggregate rows (all, or those of ``department_ids``, from ``since`` on)
    in one statement.

    The rows are plain counters that nothing references: no need for Django's collector,
    which would read them all first.
    """
    quote = connection.ops.quote_name
    sql = f"DELETE FROM {quote(model._meta.db_table)}"  # noqa: S608 - names come from the model
    conditions: list[str] = []
    params: list[object] = []
    if department_ids is not None:
        if not department_ids:
            return
        conditions.append(f"{quote('department_id')} IN ({', '.join(['%s'] * len(department_ids))})")
        params += department_ids
    if since is not None:
        period = "month" if model is DossierMonthStat else "day"
        conditions.append(f"{quote(period)} >= %s")
        params.append(connection.ops.adapt_datefield_value(since))
    if conditions:
        sql += " WHERE " + " AND ".join(conditions)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


class _RowsWriter:
    """Insert value tuples (in the order of ``names``) into a model's table, ``_BATCH`` at a time.

    Plain ``executemany`` instead of ``bulk_create``: a million-dossier refresh writes about as
    many aggregate rows, and building a model instance for each costs more than the insert.
    """

    def __init__(self, model: type[models.Model], names: tuple[str, ...]) -> None:
        quote = connection.ops.quote_name
        columns = ", ".join(quote(model._meta.get_field(name).column) for name in names)
        placeholders = ", ".join(["%s"] * len(names))
        self.sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
        self.pending: list[tuple] = []
        self.written = 0

    def extend(self, rows: Iterable[tuple]) -> None:
        self.pending.extend(rows)
        if len(self.pending) >= _BATCH:
            self._flush()

    def close(self) -> int:
        """Write what is left; returns the rows written in all."""
        self._flush()
        return self.written

    def _flush(self) -> None:
        if not self.pending:
            return
        with connection.cursor() as cursor:
            cursor.executemany(self.sql, self.pending)
        self.written += len(self.pending)
        self.pending = []


#: The figures whose change in a complete month is published as a correction. The apology
#: split is left out: publishing a notice changes it by design, not by correcting data.
CORRECTED_MEASURES = ("received", "resolved", "early", "on_time", "late", "pending_end", "overdue_end")


def _published_figures(rows: QuerySet[DossierMonthStat], *, through: dt.date) -> dict[tuple, dict[str, int]]:
    """Per (month, department) sums of the corrected measures, for months complete by ``through``."""
    last_complete = last_complete_month(through)
    qs = rows.filter(month__lte=month_start(last_complete)).order_by().values("month", "department_id")
    return {
        (row.pop("month"), row.pop("department_id")): {k: int(v or 0) for k, v in row.items()}
        for row in qs.annotate(**{name: Sum(name) for name in CORRECTED_MEASURES})
    }


def corrections_record(
    *, before: dict[tuple, dict[str, int]], after: dict[tuple, dict[str, int]], recorded_at: dt.datetime
) -> list[StatisticsCorrection]:
    """Store one ``StatisticsCorrection`` per published (month, department, measure) that changed."""
    corrections = []
    zero = dict.fromkeys(CORRECTED_MEASURES, 0)
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key, zero), after.get(key, zero)
        month, department_id = key
        corrections += [
            StatisticsCorrection(
                recorded_at=recorded_at,
                month=month,
                department_id=department_id,
                measure=name,
                old_value=old.get(name, 0),
                new_value=new.get(name, 0),
            )
            for name in CORRECTED_MEASURES
            if old.get(name, 0) != new.get(name, 0)
        ]
    return StatisticsCorrection.objects.bulk_create(corrections)
