"""Early / on time / late against the original due date; pending and overdue at a period end."""

from __future__ import annotations

import datetime as dt

from transparency.classification import (
    is_late_at,
    outcome_classify,
    pending_state,
    reschedule_problem,
    status_counts,
    status_is_resolved,
    timeliness_score,
)
from transparency.enums import DossierStatus, Outcome

D = dt.date
DUE = D(2019, 3, 11)


def test_dossier_returned_before_due_date_is_early():
    assert outcome_classify(due_on=DUE, resolved_on=D(2019, 3, 8)) == Outcome.EARLY


def test_dossier_returned_on_due_date_is_on_time():
    assert outcome_classify(due_on=DUE, resolved_on=DUE) == Outcome.ON_TIME


def test_dossier_returned_after_due_date_is_late():
    assert outcome_classify(due_on=DUE, resolved_on=D(2019, 3, 12)) == Outcome.LATE


def test_unresolved_dossier_has_no_outcome():
    assert outcome_classify(due_on=DUE, resolved_on=None) is None


def test_pending_dossier_due_on_the_period_end_is_within_limit_and_overdue_the_day_after():
    kwargs = {"received_on": D(2019, 3, 4), "due_on": DUE, "resolved_on": None}
    assert pending_state(at=DUE, **kwargs) == "pending"
    assert pending_state(at=D(2019, 3, 12), **kwargs) == "overdue"


def test_dossier_is_not_pending_before_receipt_or_after_resolution():
    assert pending_state(received_on=D(2019, 3, 4), due_on=DUE, resolved_on=None, at=D(2019, 3, 3)) is None
    assert pending_state(received_on=D(2019, 3, 4), due_on=DUE, resolved_on=DUE, at=DUE) is None
    # Resolved later than the period end: still pending at that end.
    assert (
        pending_state(received_on=D(2019, 3, 4), due_on=DUE, resolved_on=D(2019, 3, 20), at=D(2019, 3, 15))
        == "overdue"
    )


def test_rescheduled_dossier_remains_late_against_the_original_due_date():
    # Rescheduled once to 15/03 and returned on 15/03: on the new date, late against the original.
    assert reschedule_problem(due_on=DUE, rescheduled_to=D(2019, 3, 15)) is None
    assert outcome_classify(due_on=DUE, resolved_on=D(2019, 3, 15)) == Outcome.LATE
    assert is_late_at(received_on=D(2019, 3, 4), due_on=DUE, resolved_on=D(2019, 3, 15), at=D(2019, 3, 31))


def test_reschedule_must_fall_after_the_original_due_date():
    assert reschedule_problem(due_on=DUE, rescheduled_to=DUE) is not None
    assert reschedule_problem(due_on=DUE, rescheduled_to=D(2019, 3, 1)) is not None


def test_refused_counts_as_resolved_and_withdrawn_counts_nowhere():
    assert status_is_resolved(status=DossierStatus.REFUSED)
    assert not status_is_resolved(status=DossierStatus.SUPPLEMENT)
    assert not status_counts(status=DossierStatus.WITHDRAWN)
    assert status_counts(status=DossierStatus.SUPPLEMENT)


def test_timeliness_score_counts_early_as_on_time_and_caps_at_20():
    assert timeliness_score(on_time_total=90, received=100) == 18.0
    assert timeliness_score(on_time_total=150, received=100) == 20.0
    assert timeliness_score(on_time_total=0, received=0) is None
