"""Property: the same dossiers exported in any shape (the portal's table, OpenCPS's REST list, its
Excel list, the national sync records) give the same stored dossiers and the same statistics, and
those are the counts of DOMAIN.md §7 made directly from the dossiers as the software knew them."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from django.db import transaction
from django.test import override_settings
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from demo.samples import SampleDossier
from procedures.enums import ChannelKind
from tests.transparency.importers.formats_data import PROCEDURES, TZ, Catalogue, at, shape_write
from transparency.enums import DossierStatus, ResolvedAt
from transparency.importers.pipeline import dossier_import_apply, dossier_import_check
from transparency.models import Dossier
from transparency.selectors.statistics import statistics_compute, statistics_totals

FIRST = dt.date(2019, 10, 1)
#: kind → (portal status, OpenCPS code when the status alone does not say it, end dates).
KINDS = {
    "done": (DossierStatus.RESOLVED, "", "both"),
    "done_handed_only": (DossierStatus.RESOLVED, "", "handed"),
    "releasing": (DossierStatus.RESOLVED, "", "processing"),
    "denied": (DossierStatus.REFUSED, "", "some"),
    "processing": (DossierStatus.PENDING, "", "none"),
    "receiving": (DossierStatus.PENDING, "receiving", "none"),
    "waiting": (DossierStatus.SUPPLEMENT, "", "none"),
    "cancelled": (DossierStatus.WITHDRAWN, "", "none"),
    "new": (None, "", "none"),
}

dossier_spec = st.fixed_dictionaries(
    {
        "procedure": st.integers(0, len(PROCEDURES) - 1),
        "channel": st.sampled_from(list(ChannelKind.values)),
        "kind": st.sampled_from(list(KINDS)),
        "received_day": st.integers(0, 45),
        "received_minute": st.integers(7 * 60, 17 * 60 + 59),
        "due_days": st.integers(0, 20),
        "processing_minutes": st.integers(1, 30 * 24 * 60),
        "handed_minutes": st.integers(0, 6 * 24 * 60),
        "hand_over_denied": st.booleans(),
        "rescheduled_days": st.one_of(st.none(), st.integers(1, 10)),
    }
)
periods = st.tuples(st.integers(-5, 60), st.integers(0, 60))


def _dossier(number: int, spec: dict) -> SampleDossier:
    status, opencps, ends = KINDS[spec["kind"]]
    code, name, department = PROCEDURES[spec["procedure"]]
    received_at = at(FIRST + dt.timedelta(days=spec["received_day"])) + dt.timedelta(
        minutes=spec["received_minute"] - 9 * 60
    )
    due_on = received_at.date() + dt.timedelta(days=spec["due_days"])
    processing = received_at + dt.timedelta(minutes=spec["processing_minutes"])
    handed = processing + dt.timedelta(minutes=spec["handed_minutes"])
    with_handed = ends in ("both", "handed") or (ends == "some" and spec["hand_over_denied"])
    return SampleDossier(
        code=f"T-{number:04d}",
        procedure_code=code,
        procedure_name=name,
        department=department,
        channel=ChannelKind.ONLINE if spec["kind"] == "new" else spec["channel"],
        received_at=received_at,
        due_at=at(due_on, 17),
        status=status,
        processing_end=processing if ends in ("both", "processing", "some") else None,
        handed_over=handed if with_handed else None,
        rescheduled_to=(
            due_on + dt.timedelta(days=spec["rescheduled_days"]) if spec["rescheduled_days"] else None
        ),
        applicant="Nguyễn Văn A",
        lookup_code=f"{number:04d}",
        opencps_status=opencps,
    )


def _day(moment: dt.datetime | None) -> dt.date | None:
    return moment.astimezone(TZ).date() if moment else None


def _expected(
    dossiers: list[SampleDossier], start: dt.date, end: dt.date, resolved_at: str
) -> dict[str | None, Counter]:
    """DOMAIN.md §7 per department (by agency code) and in total (``None``), from the dossiers as
    the software knew them: withdrawn ones and submissions not received are not counted; a dossier
    is resolved on the end date the setting names; stocks are taken at the period's end, or at the
    last day of data when that is earlier."""
    counted = [d for d in dossiers if d.status not in (None, DossierStatus.WITHDRAWN)]
    days = [day for d in counted for day in (_day(d.received_at), _day(d.resolved(resolved_at))) if day]
    stocks_on = min(end, max(days)) if days else end
    figures: dict[str | None, Counter] = {None: Counter()}
    for d in counted:
        received, due = _day(d.received_at), _day(d.due_at)
        resolved = _day(d.resolved(resolved_at))
        assert received is not None and due is not None
        counts: Counter = Counter()
        if received < start and (resolved is None or resolved >= start):
            counts["carried_over"] += 1
        if start <= received <= end:
            counts["received"] += 1
            counts[f"received_{d.channel}"] += 1
        if resolved is not None and start <= resolved <= end:
            counts["resolved"] += 1
            counts["early" if resolved < due else "on_time" if resolved == due else "late"] += 1
        if received <= stocks_on and (resolved is None or resolved > stocks_on):
            counts["pending" if due >= stocks_on else "overdue"] += 1
        figures[None] += counts
        figures.setdefault(d.department.agency_code, Counter())
        figures[d.department.agency_code] += counts
    return figures


MEASURES = (
    "carried_over",
    "received",
    "received_in_person",
    "received_online",
    "received_post",
    "resolved",
    "early",
    "on_time",
    "late",
    "pending",
    "overdue",
)


def _figures(start: dt.date, end: dt.date, catalogue: Catalogue) -> dict[str | None, dict[str, int]]:
    """The statistics the portal publishes for the period: in total and per department."""
    codes = {department.pk: code for code, department in catalogue.departments.items()}
    totals = statistics_totals(start=start, end=end)
    shown = {None: {name: getattr(totals, name) for name in MEASURES}}
    for pk, measures in statistics_compute(start=start, end=end, group="department").items():
        shown[codes[pk]] = {name: getattr(measures, name) for name in MEASURES}
    return shown


def _stored() -> list[tuple]:
    return sorted(
        Dossier.objects.values_list(
            "code",
            "procedure__code",
            "department__agency_code",
            "channel",
            "status",
            "received_at",
            "due_at",
            "resolved_at",
            "outcome",
            "processing_days",
            "late_days",
            "applicant_name",
        )
    )


def _rescheduled() -> list[tuple]:
    return sorted(Dossier.objects.values_list("code", "rescheduled_to"))


@pytest.mark.django_db
@settings(
    max_examples=25,
    deadline=None,
    # The catalogue is made once for every example and never changed by one (see below).
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    # An example imports four files: explaining a failure line by line would take minutes.
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
)
@given(
    specs=st.lists(dossier_spec, min_size=1, max_size=12),
    period=periods,
    resolved_at=st.sampled_from(list(ResolvedAt.values)),
)
def test_every_shape_gives_the_statistics_counted_directly_from_the_dossiers(
    formats_catalogue, specs, period, resolved_at
):
    # The catalogue fixture is made once for all examples and never changed by them: each import
    # below runs in a savepoint rolled back before the next.
    dossiers = [_dossier(number, spec) for number, spec in enumerate(specs, start=1)]
    start = FIRST + dt.timedelta(days=period[0])
    end = start + dt.timedelta(days=period[1])
    received = sum(1 for d in dossiers if d.status is not None)
    not_received = len(dossiers) - received
    rescheduled = sorted((d.code, d.rescheduled_to) for d in dossiers if d.status is not None)
    want = {
        key: {name: counts[name] for name in MEASURES}
        for key, counts in _expected(dossiers, start, end, resolved_at).items()
        if key is None or any(counts[name] for name in MEASURES)
    }
    with override_settings(PORTAL_RESOLVED_AT=resolved_at), tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        files = {
            "portal": shape_write("portal", dossiers, directory, resolved_at=resolved_at),
            "opencps": shape_write("opencps", dossiers, directory),
            "opencps_list": shape_write("opencps_list", dossiers, directory),
            "national": shape_write("national", dossiers, directory),
        }
        stored = {}
        for shape, path in files.items():
            with transaction.atomic():
                summary = dossier_import_apply(path=path)
                skipped = not_received if shape in ("opencps", "national") else 0
                assert (summary.written, summary.new, summary.skipped) == (True, received, skipped), (
                    shape,
                    summary.as_dict(),
                )
                assert _figures(start, end, formats_catalogue) == want, shape
                stored[shape] = _stored()
                if shape != "national":  # the national records carry no new date
                    assert _rescheduled() == rescheduled, shape
                if shape == "opencps":
                    # Imported once, every other shape of the same dossiers changes nothing.
                    for other in ("national", "portal", "opencps_list"):
                        again = dossier_import_check(path=files[other])
                        assert (again.new, again.updated, again.unchanged) == (0, 0, received), (
                            other,
                            again.as_dict(),
                        )
                transaction.set_rollback(True)
        assert stored["opencps"] == stored["national"] == stored["portal"] == stored["opencps_list"]
