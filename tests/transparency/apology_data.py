"""Small datasets for the apology tests: departments, dossiers with applicant names, notices."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from tests.factories import DepartmentFactory, DossierFactory, ProcedureFactory
from transparency.enums import ApologyReason, DossierStatus
from transparency.models import ApologyNoticePage, Dossier
from transparency.services.apologies import apology_department_page_ensure, apology_draft_defaults


def aware(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def dossier_make(
    *,
    procedure: Any,
    code: str,
    received: dt.date,
    due: dt.date,
    resolved: dt.date | None = None,
    status: str | None = None,
    applicant: str = "Nguyễn Văn An",
) -> Dossier:
    return DossierFactory(
        code=code,
        procedure=procedure,
        received_at=aware(received),
        received_on=received,
        due_at=aware(due, 17),
        due_on=due,
        resolved_at=aware(resolved, 10) if resolved else None,
        resolved_on=resolved,
        status=status or (DossierStatus.RESOLVED if resolved else DossierStatus.PENDING),
        outcome=("late" if resolved and resolved > due else "on_time") if resolved else "",
        applicant_name=applicant,
        is_demo=True,
    )


def notice_publish(dossier: Dossier, *, user: Any = None, **overrides: Any) -> ApologyNoticePage:
    """A complete, valid notice for ``dossier``, published through Wagtail (signals included)."""
    section = apology_department_page_ensure(department=dossier.department)
    values = apology_draft_defaults(
        dossier=dossier, issued_on=overrides.pop("issued_on", dossier.received_on)
    )
    values.update(
        reason="Công chức thụ lý nghỉ ốm.",
        reason_category=ApologyReason.STAFF_SHORTAGE,
        signer_name="Võ Quang Thịnh",
        signer_title="Giám đốc",
    )
    values.update(overrides)
    notice = ApologyNoticePage(**values)
    section.add_child(instance=notice)
    notice.save_revision(user=user).publish()
    notice.refresh_from_db()
    return notice


def two_departments() -> dict[str, Any]:
    """A department that apologises and one that does not, each with a procedure."""
    justice = DepartmentFactory(name="Sở Tư pháp", short_name="STP", slug="so-tu-phap")
    building = DepartmentFactory(name="Sở Xây dựng", short_name="SXD", slug="so-xay-dung")
    return {
        "justice": justice,
        "building": building,
        "justice_procedure": ProcedureFactory(
            code="1.000001", name="Cấp phiếu lý lịch tư pháp", department=justice
        ),
        "building_procedure": ProcedureFactory(
            code="1.000002", name="Cấp giấy phép xây dựng", department=building
        ),
    }


def user_make(username: str, *groups: str, superuser: bool = False) -> Any:
    """A user in the named groups (password "x")."""
    user = get_user_model().objects.create_user(username=username, password="x", is_superuser=superuser)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user
