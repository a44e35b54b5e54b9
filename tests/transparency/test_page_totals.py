"""The department totals the statistics pages read, the queries those pages cost, and the parts of
them kept per content generation: the same figures as the detailed rows, and never stale."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import Sum
from django.template.defaultfilters import floatformat
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from tests.factories import DepartmentFactory, FieldFactory, ProcedureFactory
from tests.transparency.stats_data import dossier_make
from transparency.models import DepartmentDayStat, DepartmentMonthStat, DossierMonthStat
from transparency.models.stats import FLOW_FIELDS, STOCK_CHANGE_FIELDS, STOCK_FIELDS, DossierDayStat
from transparency.presenters.charts import svg_number
from transparency.services.statistics import statistics_refresh

D = dt.date


def _summed(model, period: str, counts: tuple[str, ...]) -> list[tuple]:
    rows = model.objects.values(period, "department_id").annotate(**{f"s_{n}": Sum(n) for n in counts})
    return sorted(
        (row[period], row["department_id"], *(row[f"s_{n}"] for n in counts))
        for row in rows.order_by(period, "department_id")
    )


def _totals(model, period: str, counts: tuple[str, ...]) -> list[tuple]:
    return sorted(model.objects.values_list(period, "department_id", *counts))


def _assert_totals_are_the_sums_of_the_detailed_rows() -> None:
    month_counts = FLOW_FIELDS + STOCK_FIELDS
    day_counts = FLOW_FIELDS + STOCK_CHANGE_FIELDS
    assert _totals(DepartmentMonthStat, "month", month_counts) == _summed(
        DossierMonthStat, "month", month_counts
    )
    assert _totals(DepartmentDayStat, "day", day_counts) == _summed(DossierDayStat, "day", day_counts)


@pytest.fixture
def two_departments(site_tree):
    justice = DepartmentFactory(slug="so-tu-phap", name="Sở Tư pháp")
    health = DepartmentFactory(slug="so-y-te", name="Sở Y tế")
    field = FieldFactory(slug="ho-tich", name="Hộ tịch")
    procedures = [
        ProcedureFactory(code="1.000001", department=justice, field=field),
        ProcedureFactory(code="1.000002", department=justice),
        ProcedureFactory(code="1.000003", department=health),
    ]
    for i, procedure in enumerate(procedures):
        dossier_make(
            procedure=procedure, received=D(2019, 1, 3 + i), due=D(2019, 1, 10), resolved=D(2019, 1, 14)
        )
        dossier_make(procedure=procedure, received=D(2019, 2, 4), due=D(2019, 2, 11), resolved=D(2019, 2, 8))
        dossier_make(procedure=procedure, received=D(2019, 2, 20 + i), due=D(2019, 3, 1))
        dossier_make(procedure=procedure, received=D(2019, 3, 5), due=D(2019, 3, 12), resolved=D(2019, 3, 20))
    statistics_refresh()
    return justice, health, procedures


def test_department_totals_are_the_sums_of_the_detailed_rows(two_departments):
    _assert_totals_are_the_sums_of_the_detailed_rows()
    assert (
        DepartmentMonthStat.objects.filter(department=two_departments[0]).aggregate(n=Sum("received"))["n"]
        == 8
    )


def test_a_refresh_of_one_department_from_a_month_on_keeps_the_totals_exact(two_departments):
    justice, _health, procedures = two_departments
    dossier_make(procedure=procedures[0], received=D(2019, 3, 6), due=D(2019, 3, 8), resolved=D(2019, 3, 11))
    statistics_refresh(department_ids=[justice.pk], since=D(2019, 3, 6))

    _assert_totals_are_the_sums_of_the_detailed_rows()
    march = DepartmentMonthStat.objects.get(department=justice, month=D(2019, 3, 1))
    assert (march.received, march.late) == (3, 3)


def test_the_figures_of_a_field_still_come_from_the_detailed_rows(client, two_departments):
    body = client.get("/api/v1/statistics?start=2019-01-01&end=2019-03-31&field=ho-tich").json()

    assert body["totals"]["received"] == 4  # the one procedure of the field, not its department's two
    assert [d["department"] for d in body["departments"]] == ["so-tu-phap"]


def test_the_statistics_page_and_api_cost_a_bounded_number_of_queries(
    client, two_departments, django_assert_max_num_queries
):
    # Counted on the demo: page 37 → 31, default page 32 → 26, API 10 → 8, one department 11 → 9.
    with django_assert_max_num_queries(31):
        assert client.get("/thong-ke/?start=2019-01-01&end=2019-03-15").status_code == 200
    with django_assert_max_num_queries(26):
        assert client.get("/thong-ke/").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/statistics?start=2019-01-01&end=2019-03-15").status_code == 200
    with django_assert_max_num_queries(9):
        url = "/api/v1/statistics?start=2019-01-01&end=2019-03-15&department=so-tu-phap"
        assert client.get(url).status_code == 200


def test_the_statistics_page_reads_the_coverage_once(client, two_departments):
    with CaptureQueriesContext(connection) as queries:
        client.get("/thong-ke/?start=2019-01-01&end=2019-03-15")
    coverage = [q for q in queries.captured_queries if "statisticscoverage" in q["sql"]]
    assert len(coverage) == 1


@pytest.mark.parametrize("value", [0, 1, 28, 12.25, 12.35, 0.05, 2.5, 3.5, 187.4, 451.96, 99.95, 1e-7])
@pytest.mark.parametrize("places", [0, 1])
def test_chart_numbers_are_written_as_the_template_filter_wrote_them(value, places):
    assert svg_number(value, places) == floatformat(value, f"{places}u")


@pytest.fixture
def page_cache():
    cache.clear()
    with override_settings(PORTAL_PAGE_CACHE_ENABLED=True, PORTAL_CACHE_GENERATION_FILE=""):
        yield
    cache.clear()


def _figures(html: str) -> str:
    """The department profile's statistics and apology sections."""
    return html[html.index('<section aria-labelledby="dept-statistics"') : html.index("</article>")]


def test_kept_parts_of_the_department_profile_show_a_refresh_on_the_next_request(
    page_cache, client, two_departments, django_capture_on_commit_callbacks
):
    procedures = two_departments[2]
    with CaptureQueriesContext(connection) as computed:
        before = _figures(client.get("/co-quan/so-tu-phap/?_visit=1").text)
    assert "Tình hình giải quyết hồ sơ" in before and "Thư xin lỗi" in before
    # A new address, same data: the kept figures answer, identical, without their queries.
    with CaptureQueriesContext(connection) as kept:
        assert _figures(client.get("/co-quan/so-tu-phap/?_visit=2").text) == before
    assert len(kept.captured_queries) <= len(computed.captured_queries) - 10

    with django_capture_on_commit_callbacks(execute=True):
        for day in range(4, 14):
            dossier_make(
                procedure=procedures[1], received=D(2019, 3, day), due=D(2019, 3, 5), resolved=D(2019, 3, 29)
            )
        statistics_refresh(imported_at=dt.datetime(2019, 4, 1, tzinfo=dt.UTC))

    after = _figures(client.get("/co-quan/so-tu-phap/?_visit=3").text)
    assert after != before
    assert "29/03/2019" in after  # the data now run to the last resolution


def test_kept_filter_options_follow_the_selected_department(page_cache, client, two_departments):
    first = client.get("/thong-ke/?start=2019-01-01&end=2019-03-15&department=so-tu-phap").text
    other = client.get("/thong-ke/?start=2019-01-01&end=2019-02-15&department=so-y-te").text

    assert '<option value="so-tu-phap" selected>' in first and '<option value="so-y-te">' in first
    assert '<option value="so-y-te" selected>' in other and '<option value="so-tu-phap">' in other


def _department_order(html: str) -> list[str]:
    """The departments' rows of the statistics table, top to bottom."""
    return sorted(
        ("so-tu-phap", "so-y-te"), key=lambda slug: html.index(f'<th scope="row"><a href="/co-quan/{slug}/">')
    )


def test_every_sort_of_a_kept_selection_orders_the_same_figures(page_cache, client, two_departments):
    period = "start=2019-01-01&end=2019-03-15"
    by_received = client.get(f"/thong-ke/?{period}&sort=-received").text
    by_name = client.get(f"/thong-ke/?{period}&sort=-name").text

    assert _department_order(by_received) == ["so-tu-phap", "so-y-te"]  # 8 received against 4
    assert _department_order(by_name) == ["so-y-te", "so-tu-phap"]
    api = client.get(f"/api/v1/statistics?{period}&sort=received").json()
    assert [(d["department"], d["received"]) for d in api["departments"]] == [
        ("so-y-te", 4),
        ("so-tu-phap", 8),
    ]


def test_kept_figures_of_a_selection_show_a_refresh_on_the_next_request(
    page_cache, client, two_departments, django_capture_on_commit_callbacks
):
    procedures = two_departments[2]
    url = "/api/v1/statistics?start=2019-01-01&end=2019-03-31&department=so-y-te"
    assert client.get(f"{url}&_visit=1").json()["totals"]["received"] == 4

    with django_capture_on_commit_callbacks(execute=True):
        dossier_make(
            procedure=procedures[2], received=D(2019, 3, 7), due=D(2019, 3, 14), resolved=D(2019, 3, 12)
        )
        statistics_refresh(imported_at=dt.datetime(2019, 4, 1, tzinfo=dt.UTC))

    assert client.get(f"{url}&_visit=2").json()["totals"]["received"] == 5
    html = client.get("/thong-ke/?start=2019-01-01&end=2019-03-31&department=so-y-te&_visit=3").text
    assert "<dt>Tiếp nhận trong kỳ</dt><dd>5</dd>" in html


def test_the_kept_table_of_a_sorted_selection_shows_a_refresh_on_the_next_request(
    page_cache, client, two_departments, django_capture_on_commit_callbacks
):
    procedures = two_departments[2]
    url = "/thong-ke/?start=2019-01-01&end=2019-03-31&sort=-received"
    assert _department_order(client.get(f"{url}&_visit=1").text) == ["so-tu-phap", "so-y-te"]

    # Five more dossiers for Sở Y tế: it now has the most received and heads the table.
    with django_capture_on_commit_callbacks(execute=True):
        for day in range(2, 7):
            dossier_make(
                procedure=procedures[2],
                received=D(2019, 3, day),
                due=D(2019, 3, day + 7),
                resolved=D(2019, 3, day + 2),
            )
        statistics_refresh(imported_at=dt.datetime(2019, 4, 1, tzinfo=dt.UTC))

    assert _department_order(client.get(f"{url}&_visit=2").text) == ["so-y-te", "so-tu-phap"]
