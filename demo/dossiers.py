"""Demo dossiers telling the seed's story (DOMAIN.md §8): generated, deterministic, clearly demo.

Dossiers are received 01/01/2019–15/11/2019 over the demo procedures of each demo
department. For start=2019-01-01, end=2019-11-15 the statistics give exactly 70,133
resolved and 1,052 late (1.50%), the most late in Justice, Construction, Health,
Natural Resources & Environment and the Chu Lai authority, in that order. Besides the
resolved ones: some pending within the limit and some overdue at 15/11/2019, a few
withdrawn, a few late dossiers rescheduled once (still late against the original date).
Due dates are computed with the working-day calendar from each procedure's time limit
for the channel used. Every random choice comes from a generator seeded by the
department's slug, so a second run generates the same codes and creates nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final
from zoneinfo import ZoneInfo

from django.db import connection, models, transaction
from django.utils import timezone

from demo.departments import DEMO_DEPARTMENTS, SILENT_DEPARTMENTS, demo_agency_code
from procedures.calendar import WorkingCalendar
from procedures.enums import ChannelKind, TimeLimitUnit
from procedures.models import Channel, Department, Procedure
from procedures.selectors import working_calendar_get
from transparency.classification import outcome_classify
from transparency.enums import DossierStatus, Outcome
from transparency.models import Dossier
from transparency.services.statistics import statistics_refresh

TZ: Final = ZoneInfo("Asia/Ho_Chi_Minh")
FIRST_DAY: Final = dt.date(2019, 1, 1)
LAST_DAY: Final = dt.date(2019, 11, 15)
TOTAL_RESOLVED: Final = 70_133
TOTAL_LATE: Final = 1_052


@dataclass(frozen=True, slots=True)
class DepartmentPlan:
    """What one department's demo dossiers add up to over 01/01–15/11/2019."""

    resolved: int
    late: int
    pending: int  # within the limit at 15/11
    overdue: int  # unresolved and past the due date at 15/11
    withdrawn: int


# Resolved and late counts per department; the sums are TOTAL_RESOLVED and TOTAL_LATE.
PLANS: Final[dict[str, DepartmentPlan]] = {
    "so-tu-phap": DepartmentPlan(9_812, 263, 118, 7, 21),
    "so-xay-dung": DepartmentPlan(4_126, 201, 61, 6, 9),
    "so-y-te": DepartmentPlan(6_204, 158, 77, 3, 12),
    "so-tai-nguyen-va-moi-truong": DepartmentPlan(5_587, 124, 70, 5, 10),
    "van-phong-dang-ky-dat-dai": DepartmentPlan(9_453, 48, 121, 3, 19),
    "ban-quan-ly-khu-kinh-te-mo-chu-lai": DepartmentPlan(1_906, 93, 30, 4, 4),
    "so-ke-hoach-va-dau-tu": DepartmentPlan(6_781, 37, 84, 2, 13),
    "so-giao-thong-van-tai": DepartmentPlan(11_537, 29, 140, 1, 22),
    "so-cong-thuong": DepartmentPlan(3_215, 22, 40, 1, 6),
    "so-van-hoa-the-thao-va-du-lich": DepartmentPlan(1_498, 12, 19, 0, 3),
    "so-thong-tin-va-truyen-thong": DepartmentPlan(702, 9, 9, 0, 1),
    "so-nong-nghiep-va-phat-trien-nong-thon": DepartmentPlan(1_214, 17, 15, 1, 2),
    "chi-cuc-thuy-san": DepartmentPlan(903, 5, 11, 0, 2),
    "chi-cuc-kiem-lam": DepartmentPlan(512, 6, 6, 0, 1),
    "chi-cuc-chan-nuoi-va-thu-y": DepartmentPlan(1_106, 4, 14, 0, 2),
    "so-lao-dong-thuong-binh-va-xa-hoi": DepartmentPlan(3_094, 16, 38, 1, 6),
    "so-ngoai-vu": DepartmentPlan(298, 2, 4, 0, 0),
    "so-noi-vu": DepartmentPlan(702, 3, 9, 0, 1),
    "so-tai-chinh": DepartmentPlan(401, 1, 5, 0, 1),
    "so-giao-duc-va-dao-tao": DepartmentPlan(884, 2, 11, 0, 2),
    "so-khoa-hoc-va-cong-nghe": DepartmentPlan(198, 0, 3, 0, 0),
}
#: 2019: mostly paper at the counter, some online, a little by post.
CHANNEL_WEIGHTS: Final = {ChannelKind.IN_PERSON: 0.83, ChannelKind.ONLINE: 0.12, ChannelKind.POST: 0.05}
BATCH: Final = 2000

_FAMILY = (
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Huỳnh",
    "Hoàng",
    "Phan",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
)
_MIDDLE = ("Văn", "Thị", "Minh", "Thanh", "Hữu", "Ngọc", "Quang", "Thu", "Đức", "Xuân", "Hoài", "Công")
_GIVEN = (
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hà",
    "Hải",
    "Hạnh",
    "Hoa",
    "Hùng",
    "Hương",
    "Khánh",
    "Lan",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Phúc",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trang",
    "Tuấn",
    "Vy",
    "Yến",
)


def demo_plan_check() -> None:
    """The plan adds up to the seed's figures and keeps the seed's order of the most late."""
    order = [
        "so-tu-phap",
        "so-xay-dung",
        "so-y-te",
        "so-tai-nguyen-va-moi-truong",
        "ban-quan-ly-khu-kinh-te-mo-chu-lai",
    ]
    lates = [PLANS[s].late for s in order]
    problems = [
        sum(p.resolved for p in PLANS.values()) != TOTAL_RESOLVED,
        sum(p.late for p in PLANS.values()) != TOTAL_LATE,
        lates != sorted(lates, reverse=True) or len(set(lates)) != 5,
        any(p.late >= lates[-1] for s, p in PLANS.items() if s not in order),
    ]
    if any(problems):
        raise ValueError("the demo plan no longer tells the seed's story (DOMAIN.md §8)")


@dataclass(frozen=True, slots=True)
class _Limit:
    kind: str
    value: Decimal | int
    unit: str


class _DepartmentGenerator:
    def __init__(
        self,
        *,
        department: Department,
        index: int,
        procedures: Sequence[tuple[Procedure, Sequence[_Limit]]],
        calendar: WorkingCalendar,
        working_days: Sequence[dt.date],
    ) -> None:
        self.department = department
        self.index = index
        self.procedures = procedures
        self.calendar = calendar
        self.working_days = working_days
        self.rng = random.Random(f"demo-dossiers:{department.slug}")  # noqa: S311 - demo data, not security
        # Popular procedures get more dossiers: a fixed weight per procedure.
        weights = [self.rng.choice((1, 1, 2, 3, 5, 8, 13)) for _ in procedures]
        self.cum_weights = [sum(weights[: i + 1]) for i in range(len(weights))]

    def _pick(self) -> tuple[Procedure, _Limit]:
        procedure, limits = self.rng.choices(self.procedures, cum_weights=self.cum_weights)[0]
        kinds = {limit.kind: limit for limit in limits}
        wanted = self.rng.choices(list(CHANNEL_WEIGHTS), weights=list(CHANNEL_WEIGHTS.values()))[0]
        return procedure, kinds.get(wanted) or kinds.get(ChannelKind.IN_PERSON) or limits[0]

    def _received_at(self, low: dt.date, high: dt.date) -> dt.datetime:
        lo, hi = bisect_left(self.working_days, low), bisect_right(self.working_days, high)
        day = self.working_days[self.rng.randrange(lo, hi)] if hi > lo else high
        minute = self.rng.randrange(7 * 60 + 30, 16 * 60 + 45)
        return dt.datetime.combine(day, dt.time(minute // 60, minute % 60), tzinfo=TZ)

    def _due(self, received_at: dt.datetime, limit: _Limit) -> tuple[dt.datetime, dt.date]:
        due = self.calendar.due(received_at, limit.value, limit.unit, paper=limit.kind != ChannelKind.ONLINE)
        return due.due_at, due.due_on

    def _at(self, day: dt.date, received_at: dt.datetime) -> dt.datetime:
        if day == received_at.date():
            return received_at + dt.timedelta(minutes=self.rng.randrange(20, 180))
        minute = self.rng.randrange(8 * 60, 16 * 60 + 50)
        return dt.datetime.combine(day, dt.time(minute // 60, minute % 60), tzinfo=TZ)

    def _resolved(self, target: Outcome) -> Dossier:
        high = LAST_DAY
        for _attempt in range(40):
            procedure, limit = self._pick()
            received_at = self._received_at(FIRST_DAY, high)
            due_at, due_on = self._due(received_at, limit)
            received_on = received_at.date()
            if target == Outcome.LATE:
                resolved_on = self.calendar.add_working_days(
                    due_on, self.rng.choice((1, 1, 1, 2, 2, 3, 4, 6, 9))
                )
            elif target == Outcome.EARLY and due_on > received_on:
                lo, hi = bisect_left(self.working_days, received_on), bisect_left(self.working_days, due_on)
                resolved_on = self.working_days[self.rng.randrange(lo, hi)] if hi > lo else received_on
            else:
                resolved_on = due_on
            if resolved_on <= LAST_DAY:
                return self._dossier(procedure, limit, received_at, due_at, due_on, resolved_on, target)
            high = max(FIRST_DAY, high - dt.timedelta(days=20))
        raise RuntimeError(f"demo: no date fits a resolved dossier of {self.department.slug}")

    def _dossier(
        self,
        procedure: Procedure,
        limit: _Limit,
        received_at: dt.datetime,
        due_at: dt.datetime,
        due_on: dt.date,
        resolved_on: dt.date | None,
        target: Outcome | None,
        status: str = DossierStatus.RESOLVED,
    ) -> Dossier:
        received_on = received_at.date()
        resolved_at = self._at(resolved_on, received_at) if resolved_on else None
        outcome = outcome_classify(due_on=due_on, resolved_on=resolved_on)
        rescheduled = None
        if (
            outcome == Outcome.LATE
            and self.department.slug not in SILENT_DEPARTMENTS
            and self.rng.random() < 0.12
        ):
            rescheduled = self.calendar.add_working_days(due_on, self.rng.choice((2, 3, 5)))
        if resolved_on is not None and status == DossierStatus.RESOLVED and self.rng.random() < 0.004:
            status = DossierStatus.REFUSED
        return Dossier(
            procedure_id=procedure.pk,
            department_id=self.department.pk,
            field_id=procedure.field_id,
            channel=limit.kind,
            status=status,
            received_at=received_at,
            received_on=received_on,
            due_at=due_at,
            due_on=due_on,
            resolved_at=resolved_at,
            resolved_on=resolved_on,
            rescheduled_to=rescheduled,
            applicant_name=(
                f"{self.rng.choice(_FAMILY)} {self.rng.choice(_MIDDLE)} {self.rng.choice(_GIVEN)}"
            ),
            outcome=outcome.value if outcome else "",
            processing_days=(
                self.calendar.working_days_between(received_on, resolved_on) if resolved_on else None
            ),
            late_days=(
                self.calendar.working_days_between(due_on, resolved_on)
                if outcome == Outcome.LATE and resolved_on
                else (0 if resolved_on else None)
            ),
            is_demo=True,
        )

    def _open(self, *, overdue: bool) -> Dossier:
        for _attempt in range(60):
            procedure, limit = self._pick()
            if overdue:
                received_at = self._received_at(dt.date(2019, 9, 2), dt.date(2019, 11, 1))
            else:
                received_at = self._received_at(dt.date(2019, 11, 4), LAST_DAY)
            due_at, due_on = self._due(received_at, limit)
            if (due_on < LAST_DAY) == overdue:
                status = (
                    DossierStatus.SUPPLEMENT
                    if not overdue and self.rng.random() < 0.1
                    else DossierStatus.PENDING
                )
                return self._dossier(procedure, limit, received_at, due_at, due_on, None, None, status)
        # Received on the last day, the due date cannot be before it: within the limit.
        procedure, limit = self._pick()
        received_at = dt.datetime.combine(LAST_DAY, dt.time(9, 0), tzinfo=TZ)
        due_at, due_on = self._due(received_at, limit)
        return self._dossier(procedure, limit, received_at, due_at, due_on, None, None, DossierStatus.PENDING)

    def _withdrawn(self) -> Dossier:
        procedure, limit = self._pick()
        received_at = self._received_at(FIRST_DAY, dt.date(2019, 10, 31))
        due_at, due_on = self._due(received_at, limit)
        return self._dossier(
            procedure, limit, received_at, due_at, due_on, None, None, DossierStatus.WITHDRAWN
        )

    def generate(self, plan: DepartmentPlan) -> list[Dossier]:
        on_time_share = 0.3
        regular = plan.resolved - plan.late
        on_time = round(regular * on_time_share)
        targets = (
            [Outcome.LATE] * plan.late + [Outcome.ON_TIME] * on_time + [Outcome.EARLY] * (regular - on_time)
        )
        dossiers = [self._resolved(target) for target in targets]
        dossiers += [self._open(overdue=True) for _ in range(plan.overdue)]
        dossiers += [self._open(overdue=False) for _ in range(plan.pending)]
        dossiers += [self._withdrawn() for _ in range(plan.withdrawn)]
        codes = {procedure.pk: procedure.code for procedure, _limits in self.procedures}
        dossiers.sort(key=lambda d: (d.received_at, codes[d.procedure_id]))
        per_day: dict[dt.date, int] = {}
        for dossier in dossiers:
            seq = per_day[dossier.received_on] = per_day.get(dossier.received_on, 0) + 1
            dossier.code = f"{demo_agency_code(self.index)}-{dossier.received_on:%y%m%d}-{seq:04d}"
            dossier.lookup_secret_set(demo_lookup_secret(dossier.code))
        return dossiers


def _limits(procedure_ids: Sequence[int]) -> dict[int, list[_Limit]]:
    limits: dict[int, list[_Limit]] = {}
    rows = Channel.objects.filter(procedure_id__in=procedure_ids).order_by("procedure_id", "sort_order", "pk")
    for proc, kind, value, unit in rows.values_list(
        "procedure_id", "kind", "time_limit_value", "time_limit_unit"
    ):
        if unit == TimeLimitUnit.SAME_DAY:
            limits.setdefault(proc, []).append(_Limit(kind, 0, unit))
        elif value and value > 0 and unit:
            limits.setdefault(proc, []).append(_Limit(kind, value, unit))
    return limits


def _insert(dossiers: Sequence[Dossier]) -> None:
    """Insert with one prepared statement and ``executemany``.

    ``bulk_create`` spends most of its time preparing 1.5 million values field by field
    (about 20 s for the demo on SQLite); the demo's values are plain, so only dates and
    datetimes need adapting to the database.
    """
    ops = connection.ops
    now = timezone.now()
    columns = [f for f in Dossier._meta.concrete_fields if not f.primary_key]
    adapters: list[Callable[[Any], Any] | None] = []
    for f in columns:
        if isinstance(f, models.DateTimeField):
            adapters.append(ops.adapt_datetimefield_value)
        elif isinstance(f, models.DateField):
            adapters.append(ops.adapt_datefield_value)
        else:
            adapters.append(None)
    names = [f.attname for f in columns]
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names come from the model
        ops.quote_name(Dossier._meta.db_table),
        ", ".join(ops.quote_name(f.attname if f.column is None else f.column) for f in columns),
        ", ".join(["%s"] * len(columns)),
    )
    params = []
    for dossier in dossiers:
        dossier.updated_at = now
        row = []
        for name, adapt in zip(names, adapters, strict=True):
            value = getattr(dossier, name)
            row.append(adapt(value) if adapt is not None and value is not None else value)
        params.append(row)
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def demo_dossiers_expected() -> int:
    return sum(p.resolved + p.pending + p.overdue + p.withdrawn for p in PLANS.values())


def demo_dossiers_load() -> int:
    """Generate the demo dossiers; returns how many were created (0 on a second run)."""
    demo_plan_check()
    if Dossier.objects.filter(is_demo=True).count() == demo_dossiers_expected():
        return 0
    departments = {d.slug: d for d in Department.objects.filter(slug__in=list(PLANS))}
    procedures = list(
        Procedure.objects.filter(is_demo=True, department__slug__in=list(PLANS)).order_by("code")
    )
    limits = _limits([p.pk for p in procedures])
    by_department: dict[int, list[tuple[Procedure, list[_Limit]]]] = {}
    for procedure in procedures:
        # A procedure without any time limit gets the most common one: 10 working days in person.
        own = limits.get(procedure.pk) or [_Limit(ChannelKind.IN_PERSON, 10, TimeLimitUnit.WORKING_DAYS)]
        by_department.setdefault(procedure.department_id, []).append((procedure, own))
    calendar = working_calendar_get()
    working_days = [
        FIRST_DAY + dt.timedelta(days=n)
        for n in range((LAST_DAY - FIRST_DAY).days + 1)
        if calendar.is_working_day(FIRST_DAY + dt.timedelta(days=n))
    ]
    order = {demo.slug: i for i, demo in enumerate(DEMO_DEPARTMENTS, start=1)}
    existing = set(Dossier.objects.filter(is_demo=True).values_list("code", flat=True))
    created = 0
    with transaction.atomic():
        for slug, plan in PLANS.items():
            department = departments.get(slug)
            if department is None or department.pk not in by_department:
                continue  # the demo catalogue is not loaded for this department
            generator = _DepartmentGenerator(
                department=department,
                index=order.get(slug, 99),
                procedures=by_department[department.pk],
                calendar=calendar,
                working_days=working_days,
            )
            new = [d for d in generator.generate(plan) if d.code not in existing]
            for start in range(0, len(new), BATCH):
                _insert(new[start : start + BATCH])
            created += len(new)
        _lookup_secrets_fill()
        statistics_refresh(imported_at=timezone.now())
    return created


#: Look-up codes avoid letters and digits read alike on a printed receipt (O/0, I/1).
_LOOKUP_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def demo_lookup_secret(code: str) -> str:
    """The demo receipt's 4-character look-up code, derived from the dossier code so that the
    README can name one to try. Real codes come from the one-stop software, never from this."""
    digest = hashlib.sha256(f"demo-lookup:{code}".encode()).digest()
    return "".join(_LOOKUP_ALPHABET[byte % len(_LOOKUP_ALPHABET)] for byte in digest[:4])


def _lookup_secrets_fill() -> None:
    """Give the demo dossiers of an older demo database their look-up codes."""
    missing = list(Dossier.objects.filter(is_demo=True, lookup_secret="").only("pk", "code"))
    for dossier in missing:
        dossier.lookup_secret_set(demo_lookup_secret(dossier.code))
    Dossier.objects.bulk_update(missing, ["lookup_secret"], batch_size=BATCH)
