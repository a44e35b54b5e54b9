"""A citizen's look-up of their own dossier (DOMAIN.md §11): the dossier its code and look-up code
name, and what may be shown of it (never the applicant's name or any other personal field).

An unknown code, a wrong look-up code and a dossier that cannot be looked up all answer ``None``
after the same work (one query, one keyed digest), so the answer cannot tell them apart.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Final

from django.conf import settings
from django.utils.translation import gettext

from procedures.enums import ChannelKind
from procedures.selectors import working_calendar_get
from procedures.urls_helpers import department_url, procedure_url
from transparency.classification import RESOLVED_STATUSES
from transparency.enums import DossierStatus, Outcome
from transparency.models import ApologyNoticePage, Dossier
from transparency.models.dossiers import lookup_digest
from transparency.selectors.statistics import data_end_get

#: The longest dossier code and look-up code accepted (the model's lengths).
MAX_CODE: Final = 64
MAX_SECRET: Final = 32
#: What a receipt's codes are made of (the API publishes these patterns; the form says them).
DOSSIER_CODE_PATTERN: Final = r"^[A-Za-z0-9][A-Za-z0-9._/-]*$"
LOOKUP_CODE_PATTERN: Final = r"^[A-Za-z0-9]+$"


class LookupInputError(ValueError):
    """The form's fields cannot name a dossier (empty, too long, control characters)."""


@dataclass(frozen=True, slots=True)
class LookupAnswer:
    """What the look-up shows of a dossier: dates and status, no personal field."""

    code: str
    procedure_code: str
    procedure_name: str
    procedure_url: str
    department_slug: str
    department_name: str
    department_url: str
    channel: str
    channel_label: str
    received_on: dt.date
    due_on: dt.date
    rescheduled_to: dt.date | None
    resolved_on: dt.date | None
    status: str
    status_label: str
    outcome: str | None
    #: Working days after the due day it was resolved on (late), or by the data's last day
    #: (pending and overdue); ``None`` otherwise.
    late_days: int | None
    #: Working days from the data's last day to the due day, while pending within the limit.
    working_days_left: int | None
    apology_url: str | None
    #: The last day of data the answer stands on.
    data_through: dt.date | None

    @property
    def is_late(self) -> bool:
        return self.late_days is not None and self.late_days > 0

    @property
    def is_resolved(self) -> bool:
        return self.resolved_on is not None


def lookup_fields_clean(*, code: str, secret: str) -> tuple[str, str]:
    """The code and look-up code as typed (spaces around them dropped), or why they cannot name a
    dossier. The message never depends on whether such a dossier exists."""
    code, secret = (code or "").strip(), (secret or "").strip()
    if not code:
        raise LookupInputError(gettext("Hãy nhập mã hồ sơ (số biên nhận)."))
    if len(code) > MAX_CODE or len(secret) > MAX_SECRET:
        raise LookupInputError(
            gettext(
                "Mã hồ sơ dài tối đa %(code)d ký tự, mã tra cứu tối đa %(secret)d ký tự: "
                "hãy kiểm tra phiếu hẹn."
            )
            % {"code": MAX_CODE, "secret": MAX_SECRET}
        )
    if not re.fullmatch(DOSSIER_CODE_PATTERN, code) or (
        secret and not re.fullmatch(LOOKUP_CODE_PATTERN, secret)
    ):
        raise LookupInputError(
            gettext("Mã hồ sơ và mã tra cứu chỉ gồm chữ, số và dấu chấm, gạch: hãy nhập lại.")
        )
    if not secret and not settings.PORTAL_LOOKUP_WITHOUT_SECRET:
        raise LookupInputError(gettext("Hãy nhập mã tra cứu in trên phiếu hẹn trả kết quả."))
    return code, secret


def dossier_lookup(*, code: str, secret: str) -> Dossier | None:
    """The dossier ``code`` names if ``secret`` is its look-up code (or, when the dossier has none
    and ``PORTAL_LOOKUP_WITHOUT_SECRET`` is on, whatever ``secret`` is); else ``None``."""
    dossier = Dossier.objects.select_related("procedure", "department").filter(code=code).first()
    if dossier is None:
        lookup_digest(code=code, secret=secret or "-")  # the same work as a dossier found
        return None
    if not dossier.lookup_secret:
        lookup_digest(code=code, secret=secret or "-")
        return dossier if settings.PORTAL_LOOKUP_WITHOUT_SECRET else None
    return dossier if dossier.lookup_secret_matches(secret) else None


def lookup_answer_get(*, dossier: Dossier) -> LookupAnswer:
    """What the look-up page and the API show of ``dossier``, as of the data's last day."""
    data_through = data_end_get()
    late_days: int | None = None
    left: int | None = None
    calendar = working_calendar_get()
    if dossier.resolved_on is not None and dossier.status in RESOLVED_STATUSES:
        late_days = dossier.late_days if dossier.outcome == Outcome.LATE else 0
    elif dossier.status not in (DossierStatus.WITHDRAWN,) and data_through is not None:
        if dossier.due_on < data_through:
            late_days = calendar.working_days_between(dossier.due_on, data_through)
        else:
            left = calendar.working_days_between(data_through, dossier.due_on)
    notice = ApologyNoticePage.objects.live().filter(dossier=dossier).first()
    procedure, department = dossier.procedure, dossier.department
    return LookupAnswer(
        code=dossier.code,
        procedure_code=procedure.code,
        procedure_name=procedure.name,
        procedure_url=procedure_url(procedure),
        department_slug=department.slug,
        department_name=department.display_name,
        department_url=department_url(department),
        channel=dossier.channel,
        channel_label=str(ChannelKind(dossier.channel).label),
        received_on=dossier.received_on,
        due_on=dossier.due_on,
        rescheduled_to=dossier.rescheduled_to,
        resolved_on=dossier.resolved_on,
        status=dossier.status,
        status_label=str(DossierStatus(dossier.status).label),
        outcome=dossier.outcome or None,
        late_days=late_days,
        working_days_left=left,
        apology_url=notice.get_url() if notice is not None else None,
        data_through=data_through,
    )
