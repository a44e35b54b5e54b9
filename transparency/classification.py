"""Classification of dossiers against their due dates (DOMAIN.md §4, §5, §7). Pure functions.

Rules, as published on the methodology page (``/thong-ke/phuong-phap/``):

* A dossier **counts** in the statistics unless it was withdrawn (``Rút hồ sơ``): a
  withdrawn dossier was never decided, so it is neither resolved nor pending.
* It is **resolved** when a result was returned: status ``Đã giải quyết`` or ``Từ chối``
  (a refusal, form 03, is a result returned to the applicant and is judged against the
  same due date), on its ``Ngày trả kết quả``.
* ``Bổ sung hồ sơ`` (returned for supplement) is **pending**: the time limit starts
  again on receipt of the complete dossier (Decree 61/2018 art. 19(4)), and the
  export's due date already reflects that restart.
* **Early / on time / late** compare the day of return with the **original** due day:
  before, on, after. A rescheduled date (``Ngày hẹn lại``, allowed once, after the
  original due date, art. 19(9)) never changes the classification: a rescheduled
  dossier remains late against its original due date.
* At the end of a period, a dossier received by then and not yet resolved is
  **pending within limit** if its due day is on or after that day, **overdue** if before.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from transparency.enums import DossierStatus, Outcome

RESOLVED_STATUSES: Final = frozenset({DossierStatus.RESOLVED, DossierStatus.REFUSED})
PENDING_STATUSES: Final = frozenset({DossierStatus.PENDING, DossierStatus.SUPPLEMENT})
EXCLUDED_STATUSES: Final = frozenset({DossierStatus.WITHDRAWN})

PENDING: Final = "pending"
OVERDUE: Final = "overdue"


def status_counts(*, status: str) -> bool:
    """Whether a dossier with this status enters the statistics (withdrawn ones do not)."""
    return status not in EXCLUDED_STATUSES


def status_is_resolved(*, status: str) -> bool:
    """Whether this status means a result was returned (resolved or refused)."""
    return status in RESOLVED_STATUSES


def outcome_classify(*, due_on: dt.date, resolved_on: dt.date | None) -> Outcome | None:
    """Early / on time / late against the original due day; ``None`` while unresolved."""
    if resolved_on is None:
        return None
    if resolved_on < due_on:
        return Outcome.EARLY
    if resolved_on == due_on:
        return Outcome.ON_TIME
    return Outcome.LATE


def pending_state(
    *, received_on: dt.date, due_on: dt.date, resolved_on: dt.date | None, at: dt.date
) -> str | None:
    """``"pending"`` (within limit) or ``"overdue"`` at the end of day ``at``; ``None`` if not pending then.

    A dossier is pending at ``at`` when it was received on or before ``at`` and not
    resolved by the end of that day.
    """
    if received_on > at or (resolved_on is not None and resolved_on <= at):
        return None
    return PENDING if due_on >= at else OVERDUE


def is_late_at(*, received_on: dt.date, due_on: dt.date, resolved_on: dt.date | None, at: dt.date) -> bool:
    """Late as of ``at``: resolved late by then, or still unresolved past its due day."""
    if resolved_on is not None and resolved_on <= at:
        return resolved_on > due_on
    return pending_state(received_on=received_on, due_on=due_on, resolved_on=resolved_on, at=at) == OVERDUE


def reschedule_problem(*, due_on: dt.date, rescheduled_to: dt.date | None) -> str | None:
    """Why a rescheduled date is not acceptable (it must fall after the original due day), or None."""
    if rescheduled_to is not None and rescheduled_to <= due_on:
        return "Ngày hẹn lại phải sau ngày hẹn trả ban đầu."
    return None


def timeliness_score(*, on_time_total: int, received: int) -> float | None:
    """Decision 766/QĐ-TTg timeliness points: 20 × (early + on time) ÷ received, at most 20.

    ``on_time_total`` includes early dossiers (returned before the due date is on time).
    """
    if received <= 0:
        return None
    return round(min(20.0, 20 * on_time_total / received), 2)


def rate(numerator: int, denominator: int) -> float | None:
    """A fraction rounded to 4 decimals, ``None`` when the denominator is 0."""
    if denominator <= 0:
        return None
    return round(numerator / denominator, 4)
