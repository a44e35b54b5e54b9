"""The benchmark's generated data: what `make bench` measures must be valid portal data."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db.models import Sum

from benchmarks.tasks import dossier_csv_write, dossiers_inflate, procedures_clone
from procedures.enums import ChannelKind, TimeLimitUnit
from procedures.models import DecisionProcedure, Procedure
from tests.factories import (
    ChannelFactory,
    DecisionFactory,
    DepartmentFactory,
    FieldFactory,
    ProcedureFactory,
    StepFactory,
)
from transparency.enums import DossierStatus, Outcome
from transparency.importers.pipeline import dossier_import_apply
from transparency.models import Dossier, DossierMonthStat


@pytest.fixture
def small_catalogue(db):
    """Two departments; procedures with working-day, hour and same-day limits, and one without any."""
    justice = DepartmentFactory(name="Sở Tư pháp", slug="so-tu-phap", short_name="STP")
    health = DepartmentFactory(name="Sở Y tế", slug="so-y-te", short_name="SYT")
    field = FieldFactory(name="Hộ tịch", slug="ho-tich")
    decision = DecisionFactory(number="2735/QĐ-UBND", slug="2735-qd-ubnd")
    procedures = [
        ProcedureFactory(code="2.000001", name="Đăng ký kết hôn", department=justice, field=field),
        ProcedureFactory(code="2.000002", name="Cấp giấy phép hành nghề", department=health, field=field),
        ProcedureFactory(code="2.000003", name="Chứng thực bản sao", department=justice, field=field),
        ProcedureFactory(code="2.000004", name="Thủ tục không có thời hạn", department=health, field=field),
    ]
    ChannelFactory(procedure=procedures[0], kind=ChannelKind.IN_PERSON, time_limit_value=Decimal(5))
    ChannelFactory(procedure=procedures[0], kind=ChannelKind.ONLINE, time_limit_value=Decimal(3))
    ChannelFactory(procedure=procedures[1], time_limit_value=Decimal(20))
    ChannelFactory(
        procedure=procedures[2], time_limit_value=None, time_limit_unit=TimeLimitUnit.SAME_DAY, fee_free=False
    )
    ChannelFactory(
        procedure=procedures[2], kind=ChannelKind.POST, time_limit_value=Decimal(8), time_limit_unit="hours"
    )
    for procedure in procedures:
        StepFactory(procedure=procedure, text=f"Nộp hồ sơ {procedure.name}")
        DecisionProcedure.objects.create(decision=decision, procedure=procedure)
    return procedures


def test_generated_export_imports_every_row_without_an_error(small_catalogue, tmp_path):
    path = tmp_path / "dossiers.csv"
    dossier_csv_write(path=path, rows=1500)

    summary = dossier_import_apply(path=path)

    assert summary.errors == []
    assert (summary.new, summary.invalid) == (1500, 0)
    assert Dossier.objects.count() == 1500
    # The mix a real export has: late and on-time results, open and withdrawn dossiers.
    assert Dossier.objects.filter(outcome=Outcome.LATE).exists()
    assert Dossier.objects.filter(outcome__in=[Outcome.EARLY, Outcome.ON_TIME]).count() > 1000
    assert Dossier.objects.filter(status=DossierStatus.PENDING).exists()
    assert Dossier.objects.filter(status=DossierStatus.WITHDRAWN).exists()
    assert Dossier.objects.filter(rescheduled_to__isnull=False).exists()


def test_generated_export_is_the_same_file_every_time(small_catalogue, tmp_path):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    dossier_csv_write(path=first, rows=200)
    dossier_csv_write(path=second, rows=200)

    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes().startswith("\ufeffMã hồ sơ,Mã thủ tục,Cơ quan,Kênh".encode())


def test_inflated_dossiers_reach_the_exact_total_and_the_statistics_count_them_all(small_catalogue, tmp_path):
    path = tmp_path / "dossiers.csv"
    dossier_csv_write(path=path, rows=120)
    dossier_import_apply(path=path)
    late_before = Dossier.objects.filter(outcome=Outcome.LATE).count()

    result = dossiers_inflate(total=300)

    assert result["dossiers"] == Dossier.objects.count() == 300
    assert Dossier.objects.filter(code__endswith="~1").count() == 120
    assert Dossier.objects.filter(code__endswith="~2").count() == 60
    counted = Dossier.objects.exclude(status=DossierStatus.WITHDRAWN).count()
    assert DossierMonthStat.objects.aggregate(total=Sum("received"))["total"] == counted
    assert DossierMonthStat.objects.aggregate(late=Sum("late"))["late"] >= 2 * late_before


def test_history_copies_go_a_year_back_each_and_leave_the_2019_figures_alone(small_catalogue, tmp_path):
    path = tmp_path / "dossiers.csv"
    dossier_csv_write(path=path, rows=100)
    dossier_import_apply(path=path)
    in_2019 = DossierMonthStat.objects.filter(month__year=2019)
    before = in_2019.aggregate(received=Sum("received"), late=Sum("late"))

    dossiers_inflate(total=300, history=True)

    years = {d.received_on.year for d in Dossier.objects.filter(code__endswith="~2")}
    assert years == {2017}
    original = Dossier.objects.get(code__startswith="BENCH-", code__endswith="-0000001")
    copy = Dossier.objects.get(code=f"{original.code}~1")
    assert copy.received_on == original.received_on.replace(year=2018)
    assert copy.due_on == original.due_on.replace(year=2018)
    assert (copy.outcome, copy.channel) == (original.outcome, original.channel)
    assert in_2019.aggregate(received=Sum("received"), late=Sum("late")) == before
    assert DossierMonthStat.objects.filter(month__year=2018).aggregate(total=Sum("received"))["total"] > 0


def test_cloned_procedures_have_their_own_pages_channels_and_search_entries(
    small_catalogue, client, site_tree
):
    result = procedures_clone(total=10)

    assert result["procedures"] == Procedure.objects.count() == 10
    clone = Procedure.objects.prefetch_related("channels", "steps").get(code="2.000001-1")
    assert [c.kind for c in clone.channels.all()] == [ChannelKind.IN_PERSON, ChannelKind.ONLINE]
    assert clone.steps.count() == 1
    assert clone.decision_links.filter(decision__number="2735/QĐ-UBND").exists()
    assert Procedure.objects.filter(code__startswith="2.000001").count() == 3

    assert client.get("/thu-tuc/2.000001-1/").status_code == 200
    hits = client.get("/api/v1/search", {"q": "dang ky ket hon"}).json()
    urls = {hit["url"].removeprefix("http://testserver") for hit in hits["results"]}
    assert {"/thu-tuc/2.000001/", "/thu-tuc/2.000001-1/", "/thu-tuc/2.000001-2/"} <= urls
