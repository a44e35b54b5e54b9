"""Promised vs actual time, change history and on-time share on procedure pages and the catalogue."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from procedures.enums import ChannelKind, DecisionAction, TimeLimitUnit
from procedures.models import DecisionProcedure
from tests.factories import ChannelFactory, DecisionFactory, DepartmentFactory, ProcedureFactory
from tests.transparency.stats_data import dossier_make
from transparency.services.statistics import statistics_refresh

D = dt.date


def _dossiers(
    procedure, *, count: int, channel: str, days: list[int], late_every: int = 0, start: dt.date | None = None
):
    """``count`` resolved dossiers taking ``days[i % len(days)]`` working days; every n-th one late."""
    start = start or D(2019, 3, 1)
    for i in range(count):
        received = start + dt.timedelta(days=i % 200)
        taken = days[i % len(days)]
        late = late_every and i % late_every == 0
        due = received + dt.timedelta(days=taken - 1 if late else taken + 1)
        dossier_make(
            procedure=procedure,
            received=received,
            due=due,
            resolved=received + dt.timedelta(days=taken),
            channel=channel,
            processing_days=taken,
        )


@pytest.fixture
def procedure(site_tree):
    department = DepartmentFactory(slug="so-tu-phap", name="Sở Tư pháp")
    procedure = ProcedureFactory(code="1.004222", department=department)
    for kind in (ChannelKind.IN_PERSON, ChannelKind.ONLINE):
        ChannelFactory(
            procedure=procedure,
            kind=kind,
            time_limit_value=Decimal(5),
            time_limit_unit=TimeLimitUnit.WORKING_DAYS,
        )
    return procedure


def test_procedure_page_shows_median_p90_on_time_share_and_the_count(procedure, client):
    # 30 in person: 1..10 days three times → median 5.5, 90th percentile 9; every 5th late → 80% on time.
    _dossiers(procedure, count=30, channel=ChannelKind.IN_PERSON, days=list(range(1, 11)), late_every=5)
    _dossiers(procedure, count=4, channel=ChannelKind.ONLINE, days=[2])
    statistics_refresh(imported_at=timezone.now())

    html = client.get("/thu-tuc/1.004222/").content.decode()
    section = html[html.index('id="thuc-te"') : html.index("</section>", html.index('id="thuc-te"'))]

    in_person = section[section.index("Trực tiếp") : section.index("</tr>", section.index("Trực tiếp"))]
    assert "5 ngày làm việc" in in_person  # the legal limit beside the actual figures
    assert "5,5 ngày" in in_person and "9 ngày" in in_person and "80,0%" in in_person
    assert ">30<" in in_person
    online = section[section.index("Trực tuyến") : section.index("</tr>", section.index("Trực tuyến"))]
    assert "chưa đủ 20 hồ sơ" in online and ">4<" in online
    assert "Tất cả hình thức" in section and ">34<" in section
    assert "Hồ sơ đã trả kết quả từ" in section


def test_figures_are_hidden_with_an_explanation_below_the_minimum(procedure, client):
    _dossiers(procedure, count=12, channel=ChannelKind.IN_PERSON, days=[3])
    statistics_refresh(imported_at=timezone.now())

    html = client.get("/thu-tuc/1.004222/").content.decode()

    assert "Chưa hiển thị thời gian thực tế: mới có 12 hồ sơ" in html and "cần ít nhất 20" in html
    with override_settings(PORTAL_MIN_DOSSIERS_FOR_FIGURES=10):
        html = client.get("/thu-tuc/1.004222/").content.decode()
        assert "Chưa hiển thị thời gian thực tế" not in html and "3 ngày" in html


def test_window_is_the_twelve_months_up_to_the_latest_data_not_today(procedure, client):
    _dossiers(procedure, count=25, channel=ChannelKind.IN_PERSON, days=[2], start=D(2017, 1, 2))
    _dossiers(procedure, count=25, channel=ChannelKind.IN_PERSON, days=[8], start=D(2019, 1, 2))
    statistics_refresh(imported_at=timezone.now())

    html = client.get("/thu-tuc/1.004222/").content.decode()
    section = html[html.index('id="thuc-te"') :]

    # Only the 2019 dossiers (8 days) fall in the 12 months before the last day of data.
    assert "8 ngày" in section[: section.index("</tr>", section.index("Trực tiếp"))]
    assert "Hồ sơ đã trả kết quả từ 04/02/2018 đến 03/02/2019" in section


def test_change_history_lists_each_decision_and_marks_its_month_on_the_trend(procedure, client):
    _dossiers(procedure, count=25, channel=ChannelKind.IN_PERSON, days=[3])
    _dossiers(procedure, count=1, channel=ChannelKind.IN_PERSON, days=[3], start=D(2019, 6, 10))
    added = DecisionFactory(number="2735/QĐ-UBND", slug="2735", date=D(2019, 3, 5))
    amended = DecisionFactory(number="1027/QĐ-UBND", slug="1027", date=D(2019, 5, 20))
    DecisionProcedure.objects.create(decision=added, procedure=procedure, action=DecisionAction.ADD)
    DecisionProcedure.objects.create(
        decision=amended,
        procedure=procedure,
        action=DecisionAction.AMEND,
        note="Rút thời hạn từ 15 xuống 10 ngày.",
    )
    statistics_refresh(imported_at=timezone.now())

    html = client.get("/thu-tuc/1.004222/").content.decode()
    history = html[html.index('id="lich-su"') :]

    assert history.index("2735/QĐ-UBND") < history.index("1027/QĐ-UBND")
    assert "Rút thời hạn từ 15 xuống 10 ngày." in history
    assert history.count('class="stats-chart__marker"') == 2
    assert '<th scope="row">02/2019</th>' not in history  # the trend starts with the data (03/2019)
    may = history[history.index('<th scope="row">05/2019</th>') :]
    assert "20/05/2019 1027/QĐ-UBND" in may[: may.index("</tr>")]


def test_procedure_page_query_count_does_not_grow_with_its_dossiers(site_tree, client):
    small = ProcedureFactory(code="1.000001")
    large = ProcedureFactory(code="1.000002")
    _dossiers(small, count=2, channel=ChannelKind.IN_PERSON, days=[2])
    _dossiers(large, count=60, channel=ChannelKind.ONLINE, days=[1, 4, 9], late_every=3)
    statistics_refresh(imported_at=timezone.now())
    client.get("/thu-tuc/1.000001/")

    with CaptureQueriesContext(connection) as few:
        assert client.get("/thu-tuc/1.000001/").status_code == 200
    with CaptureQueriesContext(connection) as many:
        assert client.get("/thu-tuc/1.000002/").status_code == 200
    assert len(many) == len(few)


def test_catalogue_sorts_and_filters_by_on_time_share(site_tree, client):
    good, poor, small = (ProcedureFactory(code=c) for c in ("1.000001", "1.000002", "1.000003"))
    _dossiers(good, count=40, channel=ChannelKind.IN_PERSON, days=[2], late_every=20)  # 95%
    _dossiers(poor, count=40, channel=ChannelKind.IN_PERSON, days=[2], late_every=2)  # 50%
    _dossiers(small, count=5, channel=ChannelKind.IN_PERSON, days=[2])  # 100%, too few to rank
    statistics_refresh(imported_at=timezone.now())

    body = client.get("/api/v1/procedures?sort=on_time").json()
    assert [(p["code"], p["on_time_share"]) for p in body["results"]] == [
        ("1.000002", 0.5),
        ("1.000001", 0.95),
        ("1.000003", None),
    ]
    assert [p["code"] for p in client.get("/api/v1/procedures?sort=-on_time").json()["results"]] == [
        "1.000001",
        "1.000002",
        "1.000003",
    ]
    assert [p["code"] for p in client.get("/api/v1/procedures?min_on_time=90").json()["results"]] == [
        "1.000001"
    ]
    html = client.get("/thu-tuc/?sort=-on_time").content.decode()
    assert "95,0% của 40 hồ sơ" in html
    assert client.get("/api/v1/procedures?min_on_time=abc").status_code == 400
    bad = client.get("/thu-tuc/?min_on_time=150")
    assert bad.status_code == 200 and "Tỷ lệ đúng hạn từ (%)" in bad.content.decode()


def _publish_on(procedure, day: dt.date) -> None:
    """Publish the procedure as it stands, as if it went live on ``day`` (its change history)."""
    from wagtail.models import ModelLogEntry

    revision = procedure.save_revision()
    revision.publish()
    went_live = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
    ModelLogEntry.objects.filter(revision=revision, action="wagtail.publish").update(timestamp=went_live)


def test_each_dossier_is_compared_with_the_limit_in_force_when_it_was_received(site_tree, client):
    procedure = ProcedureFactory(code="1.000010")
    channel = ChannelFactory(
        procedure=procedure,
        kind=ChannelKind.IN_PERSON,
        time_limit_value=Decimal(10),
        time_limit_unit=TimeLimitUnit.WORKING_DAYS,
    )
    _publish_on(procedure, D(2019, 1, 2))
    channel.time_limit_value = Decimal(5)
    channel.save()
    _publish_on(procedure, D(2019, 6, 1))  # the limit is cut from 10 to 5 working days
    _dossiers(procedure, count=25, channel=ChannelKind.IN_PERSON, days=[8], start=D(2019, 3, 1))
    _dossiers(procedure, count=22, channel=ChannelKind.IN_PERSON, days=[4], start=D(2019, 6, 3))
    statistics_refresh(imported_at=timezone.now())

    html = client.get("/thu-tuc/1.000010/").content.decode()
    section = html[html.index('id="thuc-te"') : html.index("</section>", html.index('id="thuc-te"'))]
    body = section[section.index("<tbody>") : section.index("</tbody>")]
    rows = [row for row in body.split("<tr")[1:] if "Trực tiếp" in row]

    assert len(rows) == 2
    before, after = rows
    assert "10 ngày làm việc" in before and "hồ sơ nhận đến 31/05/2019" in before
    assert "8 ngày" in before and ">25<" in before
    assert "5 ngày làm việc" in after and "hồ sơ nhận từ 01/06/2019" in after
    assert "4 ngày" in after and ">22<" in after
    assert "mỗi hồ sơ được so với thời hạn có hiệu lực vào ngày tiếp nhận" in section
    assert ">47<" in section  # all channels together still count every dossier once
