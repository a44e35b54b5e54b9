"""Helpers to build small dossier sets for the statistics tests."""

from __future__ import annotations

import datetime as dt
from itertools import count

from django.utils import timezone

from procedures.enums import ChannelKind
from procedures.models import Procedure
from transparency.classification import outcome_classify
from transparency.enums import DossierStatus
from transparency.models import Dossier

_codes = count(1)


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def dossier_make(
    *,
    procedure: Procedure,
    received: dt.date,
    due: dt.date,
    resolved: dt.date | None = None,
    status: str | None = None,
    channel: str = ChannelKind.IN_PERSON,
    apology: bool = False,
    processing_days: int | None = None,
    rescheduled_to: dt.date | None = None,
    save: bool = True,
) -> Dossier:
    if status is None:
        status = DossierStatus.RESOLVED if resolved else DossierStatus.PENDING
    dossier = Dossier(
        code=f"T-{next(_codes):06d}",
        procedure=procedure,
        department_id=procedure.department_id,
        field_id=procedure.field_id,
        channel=channel,
        status=status,
        received_at=at(received),
        received_on=received,
        due_at=at(due, 17),
        due_on=due,
        resolved_at=at(resolved, 10) if resolved else None,
        resolved_on=resolved,
        rescheduled_to=rescheduled_to,
        applicant_name="Nguyễn Văn An",
        outcome=outcome_classify(due_on=due, resolved_on=resolved) or "",
        processing_days=processing_days
        if processing_days is not None
        else ((resolved - received).days if resolved else None),
        has_apology=apology,
        # Calendar days stand in for working days: the statistics only read the stored value.
        late_days=(resolved - due).days if resolved and resolved > due else (0 if resolved else None),
    )
    if save:
        dossier.save()
    return dossier
