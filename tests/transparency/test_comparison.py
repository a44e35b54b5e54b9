"""The department comparison: rates with their 95% interval, volume, change, flags; page, API, files."""

from __future__ import annotations

import csv
import datetime as dt
import io
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import override_settings

from tests.factories import DepartmentFactory, ProcedureFactory
from tests.transparency.stats_data import dossier_make
from transparency.selectors.comparison import department_comparison, previous_period
from transparency.services.statistics import statistics_refresh

D = dt.date


def test_previous_period_of_whole_months_goes_back_as_many_months_else_as_many_days():
    assert previous_period(start=D(2019, 3, 1), end=D(2019, 3, 31)) == (D(2019, 2, 1), D(2019, 2, 28))
    assert previous_period(start=D(2019, 1, 1), end=D(2019, 12, 31)) == (D(2018, 1, 1), D(2018, 12, 31))
    assert previous_period(start=D(2019, 4, 1), end=D(2019, 6, 30)) == (D(2019, 1, 1), D(2019, 3, 31))
    assert previous_period(start=D(2019, 1, 11), end=D(2019, 1, 20)) == (D(2019, 1, 1), D(2019, 1, 10))


def _department(slug: str, name: str, *, month: int, resolved: int, late: int) -> None:
    department = DepartmentFactory(slug=slug, name=name)
    procedure = ProcedureFactory(department=department)
    for i in range(resolved):
        dossier_make(
            procedure=procedure,
            received=D(2019, month, 1 + i % 20),
            due=D(2019, month, 22),
            resolved=D(2019, month, 25 if i < late else 21),
        )


@pytest.fixture
def data(site_tree):
    """February and March 2019. In March: Sở Xây dựng 8 late of 40 (20%), Sở Y tế 2 of 50 (4%),
    Sở Tư pháp 1 of 100 (1%), Sở Nội vụ 0 of 5 (too few to rank). In February Sở Xây dựng was 4 of 40."""
    _department("so-xay-dung", "Sở Xây dựng", month=3, resolved=40, late=8)
    _department("so-y-te", "Sở Y tế", month=3, resolved=50, late=2)
    _department("so-tu-phap", "Sở Tư pháp", month=3, resolved=100, late=1)
    _department("so-noi-vu", "Sở Nội vụ", month=3, resolved=5, late=0)
    building = ProcedureFactory(department=DepartmentFactory(slug="so-xay-dung"))
    for i in range(40):
        dossier_make(
            procedure=building,
            received=D(2019, 2, 1 + i % 20),
            due=D(2019, 2, 22),
            resolved=D(2019, 2, 25 if i < 4 else 21),
        )
    statistics_refresh()


def _slugs(comparison):
    return [r.department.slug for r in comparison.rows]


def test_departments_are_ranked_by_rate_with_small_ones_flagged_last(data):
    comparison = department_comparison(start=D(2019, 3, 1), end=D(2019, 3, 31))

    assert _slugs(comparison) == ["so-tu-phap", "so-y-te", "so-xay-dung", "so-noi-vu"]
    assert [r.rank for r in comparison.rows] == [1, 2, 3, None]
    assert [r.reliable for r in comparison.rows] == [True, True, True, False]
    building = comparison.rows[2]
    assert (building.current.numerator, building.current.denominator, building.current.value) == (8, 40, 0.2)
    assert (building.current.lower, building.current.upper) == (0.105, 0.3476)
    # The province: 11 late of 195; Sở Xây dựng's interval lies wholly above it, Sở Y tế's does not.
    assert comparison.province.current.value == round(11 / 195, 4)
    assert [r.versus for r in comparison.rows] == ["better", "similar", "worse", None]


def test_change_from_the_previous_month(data):
    comparison = department_comparison(start=D(2019, 3, 1), end=D(2019, 3, 31))
    building = next(r for r in comparison.rows if r.department.slug == "so-xay-dung")
    health = next(r for r in comparison.rows if r.department.slug == "so-y-te")

    assert (comparison.previous_start, comparison.previous_end) == (D(2019, 2, 1), D(2019, 2, 28))
    assert building.previous.value == 0.1 and building.change == 0.1
    assert health.previous is None and health.change is None


def test_sorting_keeps_unranked_departments_last(data):
    by_volume = department_comparison(start=D(2019, 3, 1), end=D(2019, 3, 31), sort="-volume")
    worst_first = department_comparison(start=D(2019, 3, 1), end=D(2019, 3, 31), sort="-rank")
    by_name = department_comparison(start=D(2019, 3, 1), end=D(2019, 3, 31), sort="name")

    assert _slugs(by_volume) == ["so-tu-phap", "so-y-te", "so-xay-dung", "so-noi-vu"]
    assert _slugs(worst_first) == ["so-xay-dung", "so-y-te", "so-tu-phap", "so-noi-vu"]
    assert _slugs(by_name) == ["so-noi-vu", "so-tu-phap", "so-xay-dung", "so-y-te"]


def test_similar_volume_is_half_to_twice_the_focused_departments(data):
    focus = DepartmentFactory(slug="so-xay-dung")
    comparison = department_comparison(
        start=D(2019, 3, 1), end=D(2019, 3, 31), focus=focus, similar_only=True
    )

    assert _slugs(comparison) == ["so-y-te", "so-xay-dung"]  # 50 and 40; not 100 nor 5


def test_the_existing_minimum_decides_who_is_ranked(data):
    with override_settings(PORTAL_MIN_RESOLVED_FOR_RANKING=45):
        comparison = department_comparison(start=D(2019, 3, 1), end=D(2019, 3, 31))

    assert [r.rank for r in comparison.rows] == [1, 2, None, None]


def test_api_answers_rates_with_intervals_volumes_and_the_766_share(client, data):
    body = client.get(
        "/api/v1/statistics/comparison?start=2019-03-01&end=2019-03-31&focus=so-xay-dung"
    ).json()

    assert body["previous_period"] == {"start": "2019-02-01", "end": "2019-02-28"}
    building = next(d for d in body["departments"] if d["department"] == "so-xay-dung")
    assert building["rate"] == {
        "value": 0.2,
        "lower": 0.105,
        "upper": 0.3476,
        "numerator": 8,
        "denominator": 40,
    }
    assert building["previous"] == {"value": 0.1, "numerator": 4, "denominator": 40}
    assert (building["change"], building["versus_province"], building["rank"]) == (0.1, "worse", 3)
    assert building["timeliness_766"] == 0.8 and building["url"].endswith("/co-quan/so-xay-dung/")
    assert [d["similar_volume"] for d in body["departments"]] == [False, True, True, False]
    assert body["province"]["rate"]["denominator"] == 195
    assert parse_qs(urlsplit(body["url"]).query)["focus"] == ["so-xay-dung"]


@pytest.mark.parametrize(
    "query", ["measure=received", "sort=speed", "focus=khong-co", "department=so-y-te", "start=2019-02-30"]
)
def test_api_bad_parameters_answer_400(client, data, query):
    response = client.get(f"/api/v1/statistics/comparison?{query}")

    assert response.status_code == 400 and response.json()["detail"]


def test_page_ranks_with_intervals_and_sort_links_are_permalinks(client, data):
    html = client.get("/thong-ke/so-sanh/?start=2019-03-01&end=2019-03-31&focus=so-xay-dung").content.decode()

    assert "10,50% – 34,76%" in html and "8 / 40" in html
    assert "+10,00 điểm %" in html
    assert "ít hồ sơ, không xếp hạng" in html and "quy mô tương đương" in html
    assert 'class="is-focus"' in html and 'aria-sort="ascending"' in html
    assert (
        "?measure=late_rate&amp;start=2019-03-01&amp;end=2019-03-31&amp;sort=-volume&amp;focus=so-xay-dung"
        in html
    )
    assert html.count('<svg role="img"') == 1


def test_page_bad_parameter_is_a_friendly_400(client, data):
    response = client.get("/thong-ke/so-sanh/?measure=speed")

    assert response.status_code == 400 and 'role="alert"' in response.content.decode()


def test_download_is_the_ranking_shown(client, data):
    response = client.get("/thong-ke/so-sanh/tai-ve.csv/?start=2019-03-01&end=2019-03-31&sort=-rank")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))

    assert rows[0][:4] == ["Hạng", "Cơ quan", "Mã cơ quan", "Tỷ lệ"]
    assert rows[1][1] == "Toàn tỉnh"
    assert [r[2] for r in rows[2:]] == ["so-xay-dung", "so-y-te", "so-tu-phap", "so-noi-vu"]
    assert rows[2][rows[0].index("So với toàn tỉnh")] == "kém hơn rõ rệt"
    assert response["Content-Disposition"].endswith('so-sanh_late_rate_2019-03-01_2019-03-31.csv"')
