"""The reconciliation download: the figures in the national report form's layout (issue 16 point 4).

The fixture is a small province in the demo's shape (Sở Tư pháp, Sở Xây dựng, Sở Y tế; fields,
one procedure without a field) whose data ends on 15/11/2019, with every status: resolved early,
on time and late, refused, withdrawn, returned for supplement, pending within its limit and
overdue, carried over from 2018. The expected figures are counted here straight from the list of
dossiers, not through the portal's selectors.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
from collections import Counter, defaultdict
from typing import Any, NamedTuple

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from procedures.models import Procedure
from tests.factories import DepartmentFactory, FieldFactory, ProcedureFactory
from tests.transparency.stats_data import dossier_make
from transparency.selectors.measures import Scope
from transparency.selectors.reconciliation import reconciliation_compute
from transparency.services.statistics import statistics_refresh

D = dt.date
DATA_END = D(2019, 11, 15)
BASE = "/thong-ke/bieu-doi-chieu"
YEAR = "start=2019-01-01&end=2019-12-31"

GROUP_HEADINGS = [
    "Số đầu kỳ",
    "Kỳ trước chuyển qua",
    "Tiếp nhận trong kỳ",
    "Đã giải quyết",
    None,
    None,
    None,
    "Đang giải quyết",
    None,
    None,
    "Tổng số trễ hạn",
    "Trả lại",
    "Rút",
]
SUB_HEADINGS = [None, None, None, "Tổng", "Sớm hạn", "Đúng hạn", "Trễ hạn", "Tổng", "Chưa đến hạn", "Quá hạn"]
FLAT_COLUMNS = [
    "Số đầu kỳ",
    "Kỳ trước chuyển qua",
    "Tiếp nhận trong kỳ",
    "Đã giải quyết: tổng",
    "Đã giải quyết: sớm hạn",
    "Đã giải quyết: đúng hạn",
    "Đã giải quyết: trễ hạn",
    "Đang giải quyết: tổng",
    "Đang giải quyết: chưa đến hạn",
    "Đang giải quyết: quá hạn",
    "Tổng số trễ hạn",
    "Trả lại",
    "Rút",
]
#: The API's keys behind the columns the portal's statistics share with the form.
SHARED = {
    "Kỳ trước chuyển qua": "carried_over",
    "Tiếp nhận trong kỳ": "received",
    "Đã giải quyết: tổng": "resolved",
    "Đã giải quyết: sớm hạn": "early",
    "Đã giải quyết: đúng hạn": "on_time",
    "Đã giải quyết: trễ hạn": "late",
    "Đang giải quyết: chưa đến hạn": "pending",
    "Đang giải quyết: quá hạn": "overdue",
}


class Spec(NamedTuple):
    procedure: str
    received: dt.date
    due: dt.date
    resolved: dt.date | None
    status: str


SPECS = [
    # Sở Tư pháp, Hộ tịch
    Spec("2.000001", D(2018, 12, 20), D(2019, 1, 4), D(2019, 1, 3), "resolved"),  # carried over, early
    Spec("2.000001", D(2018, 12, 27), D(2019, 1, 10), None, "pending"),  # carried over, overdue
    Spec("2.000001", D(2019, 3, 4), D(2019, 3, 11), D(2019, 3, 11), "resolved"),  # on time
    Spec("2.000001", D(2019, 3, 5), D(2019, 3, 12), D(2019, 3, 20), "resolved"),  # late
    Spec("2.000001", D(2019, 5, 6), D(2019, 5, 13), D(2019, 5, 10), "refused"),  # refused, early
    Spec("2.000001", D(2019, 6, 3), D(2019, 6, 10), D(2019, 6, 7), "withdrawn"),
    Spec("2.000001", D(2019, 11, 12), D(2019, 11, 20), None, "supplement"),  # within limit on 15/11
    # Sở Tư pháp, Chứng thực
    Spec("2.000002", D(2019, 7, 1), D(2019, 7, 5), D(2019, 7, 4), "resolved"),  # early
    Spec("2.000002", D(2019, 10, 1), D(2019, 10, 8), D(2019, 10, 15), "refused"),  # refused, late
    Spec("2.000002", D(2019, 8, 1), D(2019, 8, 8), None, "withdrawn"),  # no return day: its receipt
    Spec("2.000002", D(2018, 11, 1), D(2018, 11, 8), D(2018, 11, 7), "withdrawn"),  # before the period
    # Sở Xây dựng, Hoạt động xây dựng
    Spec("2.000003", D(2019, 2, 1), D(2019, 2, 15), D(2019, 2, 20), "resolved"),  # late
    Spec("2.000003", D(2019, 4, 1), D(2019, 4, 15), D(2019, 4, 15), "resolved"),  # on time
    Spec("2.000003", D(2019, 11, 1), D(2019, 11, 5), None, "pending"),  # overdue on 15/11
    Spec("2.000003", D(2019, 11, 14), D(2019, 12, 10), None, "pending"),  # within limit on 15/11
    # Sở Y tế, no field
    Spec("2.000004", D(2019, 9, 2), D(2019, 9, 9), D(2019, 9, 6), "resolved"),  # early
    Spec("2.000004", D(2019, 11, 15), D(2019, 11, 25), D(2019, 11, 15), "resolved"),  # the data's last day
    Spec("2.000004", D(2019, 11, 13), D(2019, 11, 15), None, "pending"),  # due on the stock day: within
]
PROCEDURES = {
    "2.000001": ("so-tu-phap", "ho-tich"),
    "2.000002": ("so-tu-phap", "chung-thuc"),
    "2.000003": ("so-xay-dung", "xay-dung"),
    "2.000004": ("so-y-te", None),
}


@pytest.fixture
def data(site_tree):
    justice = DepartmentFactory(slug="so-tu-phap", name="Sở Tư pháp", sort_order=1)
    building = DepartmentFactory(slug="so-xay-dung", name="Sở Xây dựng", sort_order=2)
    health = DepartmentFactory(slug="so-y-te", name="Sở Y tế", sort_order=3)
    fields = {
        "ho-tich": FieldFactory(slug="ho-tich", name="Hộ tịch"),
        "chung-thuc": FieldFactory(slug="chung-thuc", name="Chứng thực"),
        "xay-dung": FieldFactory(slug="xay-dung", name="Hoạt động xây dựng"),
    }
    departments = {d.slug: d for d in (justice, building, health)}
    procedures = {
        code: ProcedureFactory(
            code=code,
            name=f"Thủ tục {code}",
            department=departments[dep],
            field=fields[field] if field else None,
        )
        for code, (dep, field) in PROCEDURES.items()
    }
    for spec in SPECS:
        dossier_make(
            procedure=procedures[spec.procedure],
            received=spec.received,
            due=spec.due,
            resolved=spec.resolved,
            status=spec.status,
        )
    statistics_refresh()


def _count(start: dt.date, end: dt.date, *, by: int) -> dict[Any, Counter[str]]:
    """The form's figures read straight off ``SPECS``, keyed by department (by=0) or field (by=1).

    DOMAIN.md §7 with the stocks judged at the period's end or the data's last day if earlier."""
    at = min(end, DATA_END)
    figures: dict[Any, Counter[str]] = defaultdict(Counter)
    for spec in SPECS:
        c = figures[PROCEDURES[spec.procedure][by]]
        if spec.status == "withdrawn":
            c["Rút"] += start <= (spec.resolved or spec.received) <= end
            continue
        c["Kỳ trước chuyển qua"] += spec.received < start and not (spec.resolved and spec.resolved < start)
        c["Tiếp nhận trong kỳ"] += start <= spec.received <= end
        if spec.resolved and start <= spec.resolved <= end:
            c["Đã giải quyết: tổng"] += 1
            c["Trả lại"] += spec.status == "refused"
            if spec.resolved < spec.due:
                c["Đã giải quyết: sớm hạn"] += 1
            elif spec.resolved == spec.due:
                c["Đã giải quyết: đúng hạn"] += 1
            else:
                c["Đã giải quyết: trễ hạn"] += 1
        if spec.received <= at and not (spec.resolved and spec.resolved <= at):
            c["Đang giải quyết: tổng"] += 1
            c["Đang giải quyết: chưa đến hạn" if spec.due >= at else "Đang giải quyết: quá hạn"] += 1
    for c in figures.values():
        c["Số đầu kỳ"] = c["Kỳ trước chuyển qua"] + c["Tiếp nhận trong kỳ"]
        c["Tổng số trễ hạn"] = c["Đã giải quyết: trễ hạn"] + c["Đang giải quyết: quá hạn"]
    return {
        key: Counter({col: c[col] for col in FLAT_COLUMNS}) for key, c in figures.items() if any(c.values())
    }


def _csv(client, query: str) -> list[dict[str, str]]:
    response = client.get(f"{BASE}.csv/?{query}")
    assert response.status_code == 200, response.content[:500]
    assert response.content.startswith(codecs.BOM_UTF8)
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def _numbers(row: dict[str, str]) -> dict[str, int]:
    return {column: int(row[column]) for column in FLAT_COLUMNS}


def _sheet(client, query: str) -> Any:
    from openpyxl import load_workbook

    response = client.get(f"{BASE}.xlsx/?{query}")
    assert response.status_code == 200, response.content[:500]
    return load_workbook(io.BytesIO(response.content)).active


def _header_row(sheet: Any) -> int:
    """The first row of the table's header: the one naming the form's first column."""
    return next(cell.row for cell in sheet["C"] if cell.value == "Số đầu kỳ")


def _metadata(sheet: Any) -> dict[str, Any]:
    """The "label, value" rows of the block above the table."""
    top = _header_row(sheet)
    return {row[0]: row[1] for row in sheet.iter_rows(max_row=top - 1, max_col=2, values_only=True)}


def test_csv_has_the_bom_and_the_national_columns_then_a_row_per_department_and_the_total(client, data):
    response = client.get(f"{BASE}.csv/?{YEAR}&group=department")

    assert response.content.startswith(codecs.BOM_UTF8)
    assert response["Content-Disposition"] == (
        'attachment; filename="bieu-doi-chieu-theo-co-quan_2019-01-01_2019-12-31.csv"'
    )
    assert response["Content-Type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert table[0] == ["Cơ quan", "Mã cơ quan", *FLAT_COLUMNS]
    assert [row[:2] for row in table[1:]] == [
        ["Sở Tư pháp", "so-tu-phap"],
        ["Sở Xây dựng", "so-xay-dung"],
        ["Sở Y tế", "so-y-te"],
        ["Tổng cộng", ""],
    ]


def test_each_department_row_counts_its_own_dossiers(client, data):
    rows = {row["Mã cơ quan"]: _numbers(row) for row in _csv(client, f"{YEAR}&group=department")}

    expected = _count(D(2019, 1, 1), D(2019, 12, 31), by=0)
    assert {slug: rows[slug] for slug in expected} == expected
    # Read off the fixture by hand: Sở Tư pháp carried two dossiers over from 2018, received six
    # (its withdrawn ones count only as withdrawn), resolved six of which two refused.
    assert rows["so-tu-phap"] == {
        "Số đầu kỳ": 8,
        "Kỳ trước chuyển qua": 2,
        "Tiếp nhận trong kỳ": 6,
        "Đã giải quyết: tổng": 6,
        "Đã giải quyết: sớm hạn": 3,
        "Đã giải quyết: đúng hạn": 1,
        "Đã giải quyết: trễ hạn": 2,
        "Đang giải quyết: tổng": 2,
        "Đang giải quyết: chưa đến hạn": 1,
        "Đang giải quyết: quá hạn": 1,
        "Tổng số trễ hạn": 3,
        "Trả lại": 2,
        "Rút": 2,
    }
    total = sum((Counter(c) for c in expected.values()), Counter())
    assert rows[""] == {column: total[column] for column in FLAT_COLUMNS}
    assert rows[""]["Số đầu kỳ"] == rows[""]["Đã giải quyết: tổng"] + rows[""]["Đang giải quyết: tổng"]


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2019-01-01", "2019-12-31"),
        ("2019-02-10", "2019-06-20"),
        ("2019-03-01", "2019-03-31"),
        ("2019-11-01", "2019-11-15"),
    ],
)
@pytest.mark.parametrize("group", ["department", "field", "procedure"])
def test_totals_equal_the_statistics_api_for_the_same_period(client, data, start, end, group):
    query = f"start={start}&end={end}"
    rows = _csv(client, f"{query}&group={group}")
    api = client.get(f"/api/v1/statistics?{query}").json()

    total = rows[-1]
    assert total[next(iter(total))] == "Tổng cộng"
    assert {key: int(total[column]) for column, key in SHARED.items()} == {
        key: api["totals"][key] for key in SHARED.values()
    }
    if group == "department":
        by_slug = {row["Mã cơ quan"]: row for row in rows[:-1]}
        assert set(by_slug) == {d["department"] for d in api["departments"]}
        for department in api["departments"]:
            row = by_slug[department["department"]]
            assert {key: int(row[column]) for column, key in SHARED.items()} == {
                key: department[key] for key in SHARED.values()
            }


def test_a_period_past_the_data_has_the_stocks_of_its_last_day_and_says_so(client, data):
    year = _csv(client, f"{YEAR}&group=department")[-1]
    to_data_end = _csv(client, "start=2019-01-01&end=2019-11-15&group=department")[-1]

    # Judged on 31/12, the three dossiers still open with a due day after 15/11 would be overdue.
    assert (year["Đang giải quyết: chưa đến hạn"], year["Đang giải quyết: quá hạn"]) == ("3", "2")
    stocks = ("Đang giải quyết: tổng", "Đang giải quyết: chưa đến hạn", "Đang giải quyết: quá hạn")
    assert [year[c] for c in stocks] == [to_data_end[c] for c in stocks]
    sheet = _sheet(client, f"{YEAR}&group=department")
    notes = _metadata(sheet)
    assert notes["Lưu ý"] == "Số liệu tồn đến ngày 15/11/2019 (ngày cuối có dữ liệu)"
    assert notes["Số liệu tồn (đang giải quyết, quá hạn) tính đến ngày"] == "2019-11-15"
    assert notes["Kỳ số liệu"] == "2019-01-01 – 2019-12-31"


def test_xlsx_has_the_metadata_block_and_the_national_two_level_header(client, data):
    sheet = _sheet(client, f"{YEAR}&group=department&department=so-tu-phap")

    assert "Biểu đối chiếu" in sheet["A1"].value and "Sở Tư pháp" in sheet["A1"].value
    labels = _metadata(sheet)
    for label in ("Dữ liệu hồ sơ từ ngày", "Dữ liệu hồ sơ đến ngày", "Thời điểm tải về", "Nhóm theo"):
        assert labels[label], label
    assert labels["Dữ liệu hồ sơ đến ngày"] == "2019-11-15"
    assert labels["Địa chỉ (đường dẫn cố định)"].endswith(
        f"{BASE}.xlsx/?start=2019-01-01&end=2019-12-31&department=so-tu-phap&group=department"
    )
    assert "Trả lại" in labels["Cách đếm"]
    top = _header_row(sheet)
    assert [c.value for c in sheet[top]] == ["Cơ quan", "Mã cơ quan", *GROUP_HEADINGS]
    assert [c.value for c in sheet[top + 1]][:12] == [None, None, *SUB_HEADINGS]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {f"F{top}:I{top}", f"J{top}:L{top}"} <= merged  # Đã giải quyết, Đang giải quyết
    assert {f"A{top}:A{top + 1}", f"C{top}:C{top + 1}", f"O{top}:O{top + 1}"} <= merged
    body = [[c.value for c in row] for row in sheet.iter_rows(min_row=top + 2)]
    assert [row[:2] for row in body] == [["Sở Tư pháp", "so-tu-phap"], ["Tổng cộng", None]]
    assert body[0][2:] == body[1][2:] == [8, 2, 6, 6, 3, 1, 2, 2, 1, 1, 3, 2, 2]


def test_group_by_field_has_a_row_per_field_and_one_for_dossiers_without_a_field(client, data):
    rows = _csv(client, f"{YEAR}&group=field")

    assert [(r["Lĩnh vực"], r["Mã lĩnh vực"]) for r in rows] == [
        ("Chứng thực", "chung-thuc"),
        ("Hoạt động xây dựng", "xay-dung"),
        ("Hộ tịch", "ho-tich"),
        ("Chưa xác định lĩnh vực", ""),
        ("Tổng cộng", ""),
    ]
    expected = _count(D(2019, 1, 1), D(2019, 12, 31), by=1)
    for row in rows[:-1]:
        assert _numbers(row) == expected[row["Mã lĩnh vực"] or None], row["Lĩnh vực"]


def test_group_by_procedure_within_one_department(client, data):
    rows = _csv(client, f"{YEAR}&group=procedure&department=so-tu-phap")

    assert [(r["Thủ tục"], r["Mã thủ tục"]) for r in rows] == [
        ("Thủ tục 2.000001", "2.000001"),
        ("Thủ tục 2.000002", "2.000002"),
        ("Tổng cộng", ""),
    ]
    assert (rows[1]["Trả lại"], rows[1]["Rút"], rows[1]["Đã giải quyết: trễ hạn"]) == ("1", "1", "1")
    assert _numbers(rows[-1]) == _count(D(2019, 1, 1), D(2019, 12, 31), by=0)["so-tu-phap"]


def test_a_period_after_the_data_has_empty_flows_and_the_stocks_of_its_last_day(client, data):
    rows = _csv(client, "start=2020-01-01&end=2020-03-31&group=department")

    total = rows[-1]
    assert total["Tiếp nhận trong kỳ"] == total["Đã giải quyết: tổng"] == total["Rút"] == ""
    assert (total["Đang giải quyết: chưa đến hạn"], total["Đang giải quyết: quá hạn"]) == ("3", "2")


@pytest.mark.parametrize(
    "address",
    [
        f"{BASE}.xlsx/?{YEAR}&group=agency",
        f"{BASE}.csv/?start=2019-13-01",
        f"{BASE}.csv/?start=2019-12-01&end=2019-01-01",
        f"{BASE}.xlsx/?{YEAR}&department=khong-co",
        f"{BASE}.pdf/?{YEAR}",
    ],
)
def test_a_bad_group_period_department_or_format_answers_400_with_a_message(client, data, address):
    response = client.get(address)

    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_the_csv_names_its_metadata_and_no_file_names_an_applicant(client, data):
    response = client.get(f"{BASE}.csv/?{YEAR}&group=field")
    meta_url = response["Link"].split(">")[0].lstrip("<")
    assert "/thong-ke/bieu-doi-chieu.meta.json/?" in meta_url and "group=field" in meta_url
    meta = client.get(meta_url[meta_url.index("/thong-ke/") :]).json()

    assert meta["group"] == "field" and meta["period"]["stocks_as_of"] == "2019-11-15"
    assert [c["label"] for c in meta["columns"]] == ["Lĩnh vực", "Mã lĩnh vực", *FLAT_COLUMNS]
    assert "Trả lại" in meta["counting_note"]
    sheet = _sheet(client, f"{YEAR}&group=procedure")
    texts = [response.content.decode("utf-8-sig"), json.dumps(meta, ensure_ascii=False)]
    texts += [str(cell.value) for row in sheet.iter_rows() for cell in row]
    assert not any("Nguyễn" in text for text in texts)


def test_a_formula_looking_name_is_neutralised(client, data):
    Procedure.objects.filter(code="2.000001").update(name='=HYPERLINK("http://x","y")')

    rows = _csv(client, f"{YEAR}&group=procedure")
    sheet = _sheet(client, f"{YEAR}&group=procedure")

    assert rows[0]["Thủ tục"] == '\'=HYPERLINK("http://x","y")'
    assert sheet.cell(row=_header_row(sheet) + 2, column=1).value == rows[0]["Thủ tục"]


def test_query_count_does_not_grow_with_the_groups(data, django_assert_max_num_queries):
    def queries(group: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            reconciliation_compute(start=D(2019, 1, 1), end=D(2019, 12, 31), group=group)
        return len(captured)

    before = {group: queries(group) for group in ("department", "field", "procedure")}
    for n in range(6):
        procedure = ProcedureFactory(department=DepartmentFactory(), field=FieldFactory())
        dossier_make(procedure=procedure, received=D(2019, 5, 2), due=D(2019, 5, 9), resolved=D(2019, 5, 8))
        dossier_make(procedure=procedure, received=D(2019, 5, 2), due=D(2019, 5, 9), status="withdrawn")
        dossier_make(procedure=procedure, received=D(2019, 11, 4), due=D(2019, 11, 8) + dt.timedelta(n))
    statistics_refresh()

    result = reconciliation_compute(start=D(2019, 1, 1), end=D(2019, 12, 31), group="department")
    assert len(result.rows) == 9
    assert {group: queries(group) for group in before} == before
    with django_assert_max_num_queries(12):
        reconciliation_compute(start=D(2019, 2, 10), end=D(2019, 12, 31), scope=Scope(), group="field")


def test_the_download_answers_in_a_bounded_number_of_queries(client, data, django_assert_max_num_queries):
    client.get(f"{BASE}.xlsx/?{YEAR}")  # warms Wagtail's site and page caches
    with django_assert_max_num_queries(20):
        assert client.get(f"{BASE}.xlsx/?{YEAR}&group=procedure").status_code == 200


def test_statistics_page_links_the_reconciliation_of_the_current_selection(client, data):
    html = client.get("/thong-ke/?start=2019-01-01&end=2019-11-15&department=so-tu-phap").content.decode()

    assert "Biểu đối chiếu (mẫu báo cáo quốc gia)" in html
    for group in ("department", "field", "procedure"):
        for fmt in ("xlsx", "csv"):
            assert (
                f"{BASE}.{fmt}/?start=2019-01-01&amp;end=2019-11-15&amp;department=so-tu-phap&amp;group={group}"
                in html
            )
    # Each link names what it downloads to a screen reader, not only "CSV".
    assert '<span class="visually-hidden">Biểu đối chiếu theo lĩnh vực, </span>CSV</a>' in html
    english = client.get("/en/thong-ke/?start=2019-01-01&end=2019-11-15").content.decode()
    assert "Reconciliation table (national report form)" in english
    assert "Reconciliation table by procedure, </span>XLSX</a>" in english


def test_methodology_explains_each_column_and_where_opencps_counts_differently(client, data):
    html = client.get("/thong-ke/phuong-phap/").content.decode()
    english = client.get("/en/thong-ke/phuong-phap/").content.decode()

    assert 'id="doi-chieu"' in html and 'id="doi-chieu"' in english
    for column in (
        "Số đầu kỳ",
        "Kỳ trước chuyển qua",
        "Đang giải quyết",
        "Tổng số trễ hạn",
        "Trả lại",
        "Rút",
    ):
        assert column in html and column in english
    assert "chưa đến hạn" in html and "within the time limit" in english
    assert "OpenCPS" in html and "chờ bổ sung" in html
    assert "Refusals" in english and "on or before" in english
