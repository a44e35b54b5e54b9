"""The full refresh reads the dossiers procedure by procedure: every procedure's figures are whole."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Count, Sum
from django.test.utils import CaptureQueriesContext

from tests.factories import DepartmentFactory, FieldFactory, ProcedureFactory
from tests.transparency.stats_data import dossier_make
from transparency.models import DossierLateDayStat, DossierMonthStat
from transparency.models.stats import DossierDayStat
from transparency.selectors.measures import Scope
from transparency.selectors.statistics import statistics_totals
from transparency.services.statistics import statistics_refresh

D = dt.date


def _interleaved(procedures, *, rounds: int) -> None:
    """Dossiers of every procedure in turn, so neither their ids nor their dates group them."""
    for n in range(rounds):
        for p in procedures:
            received = D(2019, 1 + n % 3, 1 + n)
            dossier_make(procedure=p, received=received, due=received + dt.timedelta(days=5))
            dossier_make(
                procedure=p,
                received=received,
                due=received + dt.timedelta(days=2),
                resolved=received + dt.timedelta(days=4),
            )


@pytest.mark.django_db
def test_interleaved_procedures_each_get_one_row_per_month_and_day_with_all_their_dossiers():
    justice = DepartmentFactory(slug="so-tu-phap-thu", name="Sở Tư pháp (thử)")
    field = FieldFactory()
    shared = [ProcedureFactory(department=justice, field=field) for _ in range(3)]
    other = ProcedureFactory(department=DepartmentFactory(slug="so-khac", name="Sở khác"))
    _interleaved([*shared, other], rounds=6)

    statistics_refresh()

    for model, period in ((DossierMonthStat, "month"), (DossierDayStat, "day"), (DossierLateDayStat, "day")):
        keys = ("department", "procedure", "field", period)
        if model is DossierLateDayStat:
            keys += ("late_days",)
        repeated = model.objects.values(*keys).annotate(n=Count("id")).filter(n__gt=1)
        assert not repeated.exists(), f"{model.__name__} split a procedure's figures: {list(repeated)}"
    for p in [*shared, other]:
        m = statistics_totals(start=D(2019, 1, 1), end=D(2019, 3, 31), scope=Scope(procedure=p))
        assert (m.received, m.resolved, m.late) == (12, 6, 6)
        assert DossierMonthStat.objects.filter(procedure=p).aggregate(n=Sum("received"))["n"] == 12
    department = statistics_totals(start=D(2019, 1, 1), end=D(2019, 3, 31), scope=Scope(department=justice))
    assert (department.received, department.late) == (36, 18)


@pytest.mark.django_db
def test_full_refresh_queries_do_not_grow_with_the_number_of_procedures():
    department = DepartmentFactory(slug="so-dem", name="Sở đếm")
    _interleaved([ProcedureFactory(department=department) for _ in range(2)], rounds=2)
    statistics_refresh()  # both measured refreshes replace earlier rows
    with CaptureQueriesContext(connection) as few:
        statistics_refresh()
    _interleaved([ProcedureFactory(department=department) for _ in range(20)], rounds=2)
    with CaptureQueriesContext(connection) as many:
        statistics_refresh()

    assert DossierMonthStat.objects.values("procedure").distinct().count() == 22
    assert len(many.captured_queries) == len(few.captured_queries)
