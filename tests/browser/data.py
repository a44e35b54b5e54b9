"""A small portal for the browser tests: two departments, a few procedures, dossiers and a notice.

Small on purpose (every browser test flushes the database): enough for every public page
type to show real content, the statistics to have late dossiers and the register a notice.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.search.index import insert_or_update_object

from procedures.enums import ChannelKind, TimeLimitUnit
from procedures.models import DecisionProcedure
from tests.factories import (
    ChannelFactory,
    DecisionFactory,
    DepartmentFactory,
    FieldFactory,
    ProcedureFactory,
    StepFactory,
)
from tests.transparency.apology_data import dossier_make as named_dossier_make
from tests.transparency.apology_data import notice_publish
from tests.transparency.stats_data import dossier_make
from transparency.services.apologies import EDITOR_GROUP_PREFIX, LEADS_GROUP
from transparency.services.statistics import statistics_refresh

D = dt.date
PASSWORD = "mat-khau-thu-nghiem-2019"


def catalogue_make() -> dict[str, Any]:
    """Two departments, two fields, three procedures (two "Đăng ký …"), one decision; indexed."""
    justice = DepartmentFactory(
        name="Sở Tư pháp", name_en="Department of Justice", short_name="STP", slug="so-tu-phap"
    )
    building = DepartmentFactory(
        name="Sở Xây dựng", name_en="Department of Construction", short_name="SXD", slug="so-xay-dung"
    )
    civil = FieldFactory(name="Hộ tịch", name_en="Civil status", slug="ho-tich")
    construction = FieldFactory(name="Xây dựng", name_en="Construction", slug="xay-dung")
    birth = ProcedureFactory(
        code="1.001193", name="Đăng ký khai sinh", department=justice, field=civil, four_step=True
    )
    marriage = ProcedureFactory(code="1.000894", name="Đăng ký kết hôn", department=justice, field=civil)
    permit = ProcedureFactory(
        code="1.009972", name="Cấp giấy phép xây dựng nhà ở riêng lẻ", department=building, field=construction
    )
    StepFactory(procedure=birth, text="Nộp tờ khai đăng ký khai sinh tại Trung tâm")
    StepFactory(procedure=birth, text="Nhận kết quả theo giấy hẹn")
    ChannelFactory(procedure=birth, kind=ChannelKind.IN_PERSON)  # 5 working days, free
    ChannelFactory(procedure=birth, kind=ChannelKind.ONLINE, time_limit_text="5 Ngày làm việc")
    ChannelFactory(procedure=marriage, time_limit_value=Decimal(3), time_limit_text="3 Ngày làm việc")
    ChannelFactory(
        procedure=permit,
        time_limit_value=Decimal(15),
        time_limit_unit=TimeLimitUnit.WORKING_DAYS,
        time_limit_text="15 Ngày làm việc",
        fee_free=False,
        fee_amount=Decimal(75000),
        fee_text="75.000 đồng",
    )
    decision = DecisionFactory(
        number="2735/QĐ-UBND", slug="2735-qd-ubnd", title="Công bố danh mục thủ tục hành chính"
    )
    for procedure in (birth, marriage, permit):
        DecisionProcedure.objects.create(decision=decision, procedure=procedure)
    for obj in (justice, building, civil, construction, birth, marriage, permit, decision):
        insert_or_update_object(obj)
    return {
        "justice": justice,
        "building": building,
        "birth": birth,
        "marriage": marriage,
        "permit": permit,
        "decision": decision,
    }


def dossiers_make(catalogue: dict[str, Any]) -> None:
    """Jan–Apr 2019: each department resolves most dossiers early and some late; aggregates refreshed.

    Each department resolves more than 30 dossiers, the least the late-rate chart ranks.
    """
    birth, permit = catalogue["birth"], catalogue["permit"]
    for month in (1, 2, 3, 4):
        for day in (1, 2, 3, 4, 7, 8):
            dossier_make(
                procedure=birth,
                received=D(2019, month, day),
                due=D(2019, month, 14),
                resolved=D(2019, month, 11),
            )
        for channel in (ChannelKind.ONLINE, ChannelKind.IN_PERSON):
            dossier_make(
                procedure=birth,
                received=D(2019, month, 8),
                due=D(2019, month, 15),
                resolved=D(2019, month, 18),
                channel=channel,
            )
        for day in (2, 3, 9):
            dossier_make(
                procedure=permit,
                received=D(2019, month, day),
                due=D(2019, month, 20),
                resolved=D(2019, month, 25),
            )
        for day in (1, 2, 3, 4, 7, 8):
            dossier_make(
                procedure=permit,
                received=D(2019, month, day),
                due=D(2019, month, 24),
                resolved=D(2019, month, 22),
            )
    statistics_refresh()


def portal_make() -> dict[str, Any]:
    """The catalogue, the dossiers and one published apology notice of the Department of Justice."""
    catalogue = catalogue_make()
    dossiers_make(catalogue)
    late = named_dossier_make(
        procedure=catalogue["birth"],
        code="000.00.01.H49-190304-0001",
        received=D(2019, 3, 4),
        due=D(2019, 3, 11),
        resolved=D(2019, 3, 14),
        applicant="Trần Thị Bích Ngọc",
    )
    catalogue["notice"] = notice_publish(late, issued_on=D(2019, 3, 8))
    statistics_refresh()
    return catalogue


def editor_users_make() -> dict[str, Any]:
    """A department editor of the Department of Justice and a Centre lead (their groups exist)."""
    users = get_user_model().objects
    editor = users.create_user(
        username="bientap-stp", password=PASSWORD, first_name="Lê", last_name="Biên Tập", is_staff=False
    )
    editor.groups.add(Group.objects.get(name=f"{EDITOR_GROUP_PREFIX}Sở Tư pháp"))
    lead = users.create_user(username="lanhdao", password=PASSWORD, first_name="Phan", last_name="Lãnh Đạo")
    lead.groups.add(Group.objects.get(name=LEADS_GROUP))
    return {"editor": editor, "lead": lead}
