"""The demo tells the seed's story exactly (DOMAIN.md §8). Loads the demo once: about half a minute."""

from __future__ import annotations

import pytest
from django.db.models import F

from demo.catalogue import demo_catalogue_load
from demo.departments import demo_departments_load
from demo.dossiers import demo_dossiers_load
from transparency.models import Dossier

TOP5 = [
    "so-tu-phap",
    "so-xay-dung",
    "so-y-te",
    "so-tai-nguyen-va-moi-truong",
    "ban-quan-ly-khu-kinh-te-mo-chu-lai",
]


@pytest.mark.slow
def test_demo_gives_exactly_70133_resolved_1052_late_in_the_seed_order(site_tree, client):
    demo_departments_load()
    demo_catalogue_load()
    created = demo_dossiers_load()

    body = client.get("/api/v1/statistics?start=2019-01-01&end=2019-11-15").json()
    totals = body["totals"]
    assert (totals["resolved"], totals["late"], totals["late_rate"]) == (70133, 1052, 0.015)
    assert totals["pending"] > 0 and totals["overdue"] > 0
    lates = sorted(body["departments"], key=lambda d: -d["late"])
    assert [d["department"] for d in lates[:5]] == TOP5
    assert lates[4]["late"] > lates[5]["late"]
    assert len({d["late"] for d in lates[:5]}) == 5
    assert Dossier.objects.filter(rescheduled_to__isnull=False).exists()
    assert not Dossier.objects.filter(rescheduled_to__lte=F("due_on")).exists()
    channels = set(Dossier.objects.values_list("channel", flat=True).distinct())
    assert channels == {"in_person", "online", "post"}
    # Idempotent: a second run creates nothing.
    assert created == Dossier.objects.count()
    assert demo_dossiers_load() == 0
    # The look-up the README offers to try works on the demo.
    answer = client.post("/tra-cuu/", {"code": "000.00.01.H49-190102-0023", "secret": "4NXR"})
    assert answer.status_code == 200
    assert "trả kết quả trễ 9 ngày làm việc" in answer.content.decode()
    assert (
        client.post("/tra-cuu/", {"code": "000.00.01.H49-190102-0023", "secret": "4NXS"}).status_code == 404
    )
