"""Fixtures shared by the apology tests."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.transparency.apology_data import dossier_make, notice_publish, two_departments, user_make
from transparency.services.apologies import EDITOR_GROUP_PREFIX, LEADS_GROUP


@pytest.fixture
def queue_data(site_tree):
    d = two_departments()
    p = d["justice_procedure"]
    d["resolved_late"] = dossier_make(
        procedure=p,
        code="A-late",
        received=dt.date(2019, 3, 1),
        due=dt.date(2019, 3, 8),
        resolved=dt.date(2019, 3, 15),
    )
    d["overdue"] = dossier_make(
        procedure=p, code="B-overdue", received=dt.date(2019, 3, 1), due=dt.date(2019, 3, 12)
    )
    # The data end on Friday 15/03/2019; two working days later is Tuesday 19/03.
    d["due_soon"] = dossier_make(
        procedure=p, code="C-soon", received=dt.date(2019, 3, 11), due=dt.date(2019, 3, 19)
    )
    dossier_make(procedure=p, code="D-far", received=dt.date(2019, 3, 11), due=dt.date(2019, 3, 29))
    dossier_make(
        procedure=p,
        code="E-on-time",
        received=dt.date(2019, 3, 1),
        due=dt.date(2019, 3, 11),
        resolved=dt.date(2019, 3, 8),
    )
    dossier_make(
        procedure=p,
        code="G-withdrawn",
        received=dt.date(2019, 3, 1),
        due=dt.date(2019, 3, 8),
        status="withdrawn",
    )
    notice_publish(
        dossier_make(
            procedure=p,
            code="F-done",
            received=dt.date(2019, 3, 1),
            due=dt.date(2019, 3, 8),
            resolved=dt.date(2019, 3, 13),
        )
    )
    d["building_late"] = dossier_make(
        procedure=d["building_procedure"],
        code="H-building",
        received=dt.date(2019, 3, 1),
        due=dt.date(2019, 3, 8),
        resolved=dt.date(2019, 3, 14),
    )
    d["admin"] = user_make("admin", superuser=True)
    d["justice_editor"] = user_make("bt-stp", f"{EDITOR_GROUP_PREFIX}Sở Tư pháp")
    d["lead"] = user_make("lead", LEADS_GROUP)
    return d
