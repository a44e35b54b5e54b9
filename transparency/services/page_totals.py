"""Rebuilding the department totals the statistics pages read (``transparency.models.page_totals``).

``statistics_refresh`` calls ``page_totals_refresh`` once its detailed rows are written, with the
same departments and first month: the totals are sums of those rows, recomputed in the database
by one ``INSERT … SELECT … GROUP BY`` per table, so they can never disagree with them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import connection, models

from transparency.models import DossierMonthStat
from transparency.models.page_totals import DepartmentDayStat, DepartmentMonthStat
from transparency.models.stats import FLOW_FIELDS, STOCK_CHANGE_FIELDS, STOCK_FIELDS, DossierDayStat

#: (totals table, detailed table it sums, its period column, the counts summed).
_TABLES: tuple[tuple[type[models.Model], type[models.Model], str, tuple[str, ...]], ...] = (
    (DepartmentMonthStat, DossierMonthStat, "month", FLOW_FIELDS + STOCK_FIELDS),
    (DepartmentDayStat, DossierDayStat, "day", FLOW_FIELDS + STOCK_CHANGE_FIELDS),
)


def page_totals_refresh(*, department_ids: Iterable[int] | None = None, since: dt.date | None = None) -> None:
    """Rebuild the department totals (all, or those of ``department_ids``, from ``since`` on) from
    the detailed aggregate rows; call it after those rows are rebuilt for the same selection."""
    department_ids = None if department_ids is None else sorted(set(department_ids))
    if department_ids is not None and not department_ids:
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for totals, detailed, period, counts in _TABLES:
            conditions: list[str] = []
            params: list[Any] = []
            if department_ids is not None:
                conditions.append(f"{quote('department_id')} IN ({', '.join(['%s'] * len(department_ids))})")
                params += department_ids
            if since is not None:
                conditions.append(f"{quote(period)} >= %s")
                params.append(connection.ops.adapt_datefield_value(since))
            where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
            # Table and column names come from the models, values are parameters.
            cursor.execute(f"DELETE FROM {quote(totals._meta.db_table)}{where}", params)  # noqa: S608
            keys = f"{quote(period)}, {quote('department_id')}"
            columns = ", ".join(quote(name) for name in counts)
            sums = ", ".join(f"SUM({quote(name)})" for name in counts)
            cursor.execute(
                f"INSERT INTO {quote(totals._meta.db_table)} ({keys}, {columns}) "  # noqa: S608
                f"SELECT {keys}, {sums} FROM {quote(detailed._meta.db_table)}{where} GROUP BY {keys}",
                params,
            )
