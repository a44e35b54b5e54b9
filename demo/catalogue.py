"""The demo catalogue: Decision 2735/QĐ-UBND of 28/8/2019 with exactly 662 generated procedures,
and a later decision that amends a few and repeals one.

Everything goes through the import pipeline, so a second run compares, finds nothing changed
and writes nothing. Every choice comes from one generator seeded with ``DEMO_SEED``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import cast

from django.db import transaction

from demo.departments import CENTRE_ADDRESS, DEMO_DEPARTMENTS, demo_departments_load
from demo.field_texts import FIELD_TEXTS
from demo.subjects import DEMO_FIELDS, DEMO_SHARES
from procedures.enums import ChannelKind, DecisionAction, Level, OnlineLevel, ProcedureStatus, TimeLimitUnit
from procedures.importers.pipeline import procedure_rows_import
from procedures.importers.rows import (
    ChannelValues,
    DecisionLinkValues,
    DocumentValues,
    LegalValues,
    ProcedureRow,
    StepValues,
)
from procedures.importers.sources import SourceRows
from procedures.models import Department
from procedures.services import decision_get_or_create

DEMO_SEED = 2735
DEMO_PROCEDURE_COUNT = 662
DEMO_DECISION = ("2735/QĐ-UBND", date(2019, 8, 28))
DEMO_AMENDING_DECISION = ("1027/QĐ-UBND", date(2020, 4, 14))
DEMO_ISSUER = "UBND tỉnh Quảng Nam"
DEMO_AMENDED = 5

# A licence-type procedure is named by what it does with the paper ("Cấp lại giấy phép …") and
# ends with that paper, marked by what was done to it.
_LICENCE_VERBS: dict[str, str] = {
    "Cấp": "{}",
    "Cấp lại": "{} (cấp lại)",
    "Cấp đổi": "{} (cấp đổi)",
    "Gia hạn": "{} được gia hạn",
    "Điều chỉnh": "{} điều chỉnh",
    "Cấp bổ sung nội dung": "{} được bổ sung nội dung",
}
# Activities are written as whole procedure names ("thẩm định …", "đăng ký …"); variants by case.
_ACTIVITY_SUFFIXES = (
    "",
    " đối với tổ chức",
    " đối với cá nhân",
    " thuộc thẩm quyền của UBND tỉnh",
    " (trường hợp điều chỉnh, bổ sung)",
)
_APPLICANTS = (
    "Tổ chức, cá nhân",
    "Công dân Việt Nam",
    "Doanh nghiệp, hợp tác xã",
    "Tổ chức, cá nhân trong nước và nước ngoài",
)
_TIME_LIMITS_DAYS = (1, 2, 3, 3, 5, 5, 5, 7, 7, 10, 10, 12, 15, 15, 15, 20, 20, 25, 30)
_FEES = (20_000, 50_000, 100_000, 100_000, 150_000, 200_000, 300_000, 500_000, 1_000_000, 2_000_000)
_DOCUMENTS = (
    ("Đơn đề nghị theo mẫu", "Mẫu số 01"),
    ("Tờ khai theo mẫu", "Mẫu số 02"),
    ("Bản sao giấy tờ tùy thân của người đề nghị", ""),
    ("Bản sao giấy chứng nhận đăng ký doanh nghiệp hoặc quyết định thành lập", ""),
    ("Bản thuyết minh điều kiện, năng lực", "Mẫu số 03"),
    ("Giấy ủy quyền (trường hợp nộp thay)", ""),
    ("Bản vẽ, sơ đồ mặt bằng", ""),
    ("Văn bản thẩm định của cơ quan có thẩm quyền", ""),
    ("Giấy phép, chứng chỉ đã được cấp (trường hợp cấp lại, cấp đổi)", ""),
    ("Biên lai nộp phí, lệ phí", ""),
)
# Which of its fitting acts a procedure cites is drawn as 1–3 numbers below this width. The
# width is fixed (it is not the number of acts) so that the generator's later draws, hence every
# code, time limit and dossier of the demo, do not depend on how many acts a field lists.
_LEGAL_DRAW_WIDTH = 12
_CENTRE = "Trung tâm Hành chính công và Xúc tiến đầu tư tỉnh"
_SUBMITTED_BY = {
    ChannelKind.IN_PERSON: f"trực tiếp tại {_CENTRE} Quảng Nam",
    ChannelKind.POST: "qua dịch vụ bưu chính công ích",
    ChannelKind.ONLINE: "trực tuyến qua Cổng dịch vụ công của tỉnh",
}


@dataclass(frozen=True, slots=True)
class _Subject:
    """One procedure of a department's share: its field, name and the paper it ends with."""

    field: str
    name: str
    result: str


def _capitalised(text: str) -> str:
    return text[0].upper() + text[1:]


def _field_subjects(
    field_name: str, licences: tuple[str, ...], activities: tuple[str, ...]
) -> list[_Subject]:
    results = FIELD_TEXTS[field_name].results
    subjects = [
        _Subject(field_name, f"{verb} {thing}", paper.format(_capitalised(thing)))
        for thing in licences
        for verb, paper in _LICENCE_VERBS.items()
    ]
    subjects += [
        _Subject(field_name, f"{activity}{suffix}", results[activity])
        for activity in activities
        for suffix in _ACTIVITY_SUFFIXES
    ]
    unique: dict[str, _Subject] = {}
    for subject in subjects:  # a name two subjects share is the first one's
        unique.setdefault(subject.name, replace(subject, name=_capitalised(subject.name)))
    return list(unique.values())


def _demo_subjects(rng: random.Random, slug: str, count: int, used: set[str]) -> list[_Subject]:
    """``count`` procedures of a department, spread over its fields, none named as one in ``used``."""
    pools: dict[str, list[_Subject]] = {}
    for field_name, (licences, activities) in DEMO_FIELDS[slug].items():
        subjects = [s for s in _field_subjects(field_name, licences, activities) if s.name not in used]
        rng.shuffle(subjects)
        pools[field_name] = subjects
    chosen: list[_Subject] = []
    while len(chosen) < count:
        progressed = False
        for subjects in pools.values():
            while subjects and len(chosen) < count:
                subject = subjects.pop()
                if subject.name not in used:
                    used.add(subject.name)
                    chosen.append(subject)
                    progressed = True
                    break
        if not progressed:
            raise ValueError(f"Not enough demo names for {slug}")
    return chosen


def _demo_legal_bases(rng: random.Random, subject: _Subject) -> tuple[LegalValues, ...]:
    """The main act of the field that fits the procedure, and up to two more of its fitting acts."""
    acts = FIELD_TEXTS[subject.field].acts_fitting(subject.name)
    if not acts:
        raise ValueError(f"No act of {subject.field!r} fits {subject.name!r}")
    draw = rng.sample(range(_LEGAL_DRAW_WIDTH), rng.randint(1, 3))
    picked = sorted({0} | {number % len(acts) for number in draw})[:3]
    return tuple(LegalValues(acts[i].title, acts[i].code) for i in picked)


def _demo_channels(rng: random.Random) -> tuple[ChannelValues, ...]:
    roll = rng.random()
    if roll < 0.08:
        value, unit, text = None, TimeLimitUnit.SAME_DAY, "Trong ngày"
    elif roll < 0.14:
        hours = rng.choice((4, 8, 16, 24))
        value, unit, text = Decimal(hours), TimeLimitUnit.HOURS, f"{hours} giờ làm việc"
    elif roll < 0.19:
        days = rng.choice((15, 30, 45))
        value, unit, text = Decimal(days), TimeLimitUnit.CALENDAR_DAYS, f"{days} ngày"
    else:
        days = rng.choice(_TIME_LIMITS_DAYS)
        value, unit, text = Decimal(days), TimeLimitUnit.WORKING_DAYS, f"{days} ngày làm việc"
    fee = None if rng.random() < 0.45 else rng.choice(_FEES)
    fee_text = "Miễn phí" if fee is None else f"{fee:,} đồng/hồ sơ".replace(",", ".")
    kinds = [ChannelKind.IN_PERSON]
    if rng.random() < 0.65:
        kinds.append(ChannelKind.ONLINE)
    if rng.random() < 0.35:
        kinds.append(ChannelKind.POST)
    descriptions = {
        ChannelKind.IN_PERSON: f"Nộp trực tiếp tại {_CENTRE}",
        ChannelKind.ONLINE: "Nộp trực tuyến qua Cổng dịch vụ công của tỉnh",
        ChannelKind.POST: "Nộp qua dịch vụ bưu chính công ích",
    }
    return tuple(
        ChannelValues(kind, value, unit, text, fee, fee is None, fee_text, descriptions[kind])
        for kind in kinds
    )


def _demo_middle_steps(
    rng: random.Random, subject: _Subject, department: str, deciding_agency: str
) -> list[StepValues]:
    """Up to two of the steps some procedures add between examining and returning: the on-site check,
    the decision by whoever signs the result, asking other agencies."""
    texts = FIELD_TEXTS[subject.field]
    if deciding_agency == department:
        signing = StepValues(f"Lãnh đạo {department} xem xét, ký {subject.result}", department, "20%")
    else:
        signing = StepValues(
            f"{department} trình {deciding_agency} xem xét, ký {subject.result}", deciding_agency, "20%"
        )
    extras = [
        StepValues(texts.inspection, department, "20%"),
        signing,
        StepValues(texts.consultation, "Cơ quan phối hợp", "15%"),
    ]
    return rng.sample(extras, rng.randint(0, 2))


def _demo_steps(
    subject: _Subject, *, department: str, middle: list[StepValues], channels: tuple[ChannelValues, ...]
) -> tuple[StepValues, ...]:
    """Submit, check and receive, examine, (the middle steps,) return the result."""
    kinds = {channel.kind for channel in channels}
    ways = [way for kind, way in _SUBMITTED_BY.items() if kind in kinds]
    submitted = f"{', '.join(ways[:-1])} hoặc {ways[-1]}" if len(ways) > 1 else ways[0]
    returned = (
        "tại Trung tâm hoặc qua dịch vụ bưu chính công ích" if ChannelKind.POST in kinds else "tại Trung tâm"
    )
    return (
        StepValues(f"Tổ chức, cá nhân chuẩn bị hồ sơ theo quy định và nộp {submitted}", "Tổ chức, cá nhân"),
        StepValues(
            f"Công chức {_CENTRE} kiểm tra tính đầy đủ, hợp lệ của hồ sơ; hướng dẫn bổ sung nếu hồ sơ "
            f"chưa đầy đủ; lập giấy tiếp nhận hồ sơ, hẹn ngày trả kết quả và chuyển hồ sơ đến {department}",
            _CENTRE,
            "0,5 ngày",
        ),
        StepValues(
            f"{department} {FIELD_TEXTS[subject.field].review}, đề xuất kết quả giải quyết", department, "60%"
        ),
        *middle,
        StepValues(
            f"{department} chuyển kết quả ({subject.result}) đến Trung tâm; Trung tâm trả kết quả cho "
            f"tổ chức, cá nhân {returned}",
            _CENTRE,
        ),
    )


def _demo_rows(department_names: dict[str, str]) -> list[ProcedureRow]:
    rng = random.Random(DEMO_SEED)  # noqa: S311 - reproducible demo data, not security
    four_step = {d.slug for d in DEMO_DEPARTMENTS if d.four_step_since}
    number, _issued = DEMO_DECISION
    rows: list[ProcedureRow] = []
    serial = 5000
    used: set[str] = set()
    for slug, count in DEMO_SHARES.items():
        department = department_names[slug]
        for subject in _demo_subjects(rng, slug, count, used):
            # The draws keep this order: every figure of the demo follows from it.
            serial += rng.randint(1, 3)
            documents = rng.sample(_DOCUMENTS, rng.randint(2, 6))
            legal_bases = _demo_legal_bases(rng, subject)
            applicants = rng.choice(_APPLICANTS)
            deciding_agency = rng.choice((department, department, DEMO_ISSUER))
            online_level = rng.choice(
                (
                    OnlineLevel.FULL,
                    OnlineLevel.PARTIAL,
                    OnlineLevel.PARTIAL,
                    OnlineLevel.NONE,
                    OnlineLevel.NONE,
                )
            )
            middle = _demo_middle_steps(rng, subject, department, deciding_agency)
            channels = _demo_channels(rng)
            rows.append(
                ProcedureRow(
                    row=len(rows) + 1,
                    code=f"2.00{serial:04d}",
                    values={
                        "name": subject.name,
                        "level": Level.PROVINCE,
                        "level_text": "Cấp tỉnh",
                        "procedure_type": "TTHC được luật giao quy định chi tiết",
                        "applicants": applicants,
                        "deciding_agency": deciding_agency,
                        "executing_agency": department,
                        "delegated_agency": "",
                        "cooperating_agency": "",
                        "address": CENTRE_ADDRESS,
                        "result": subject.result,
                        "conditions": "",
                        "online_level": online_level,
                        "four_step": slug in four_step,
                        "status": ProcedureStatus.IN_FORCE,
                        "is_demo": True,
                    },
                    field_name=subject.field,
                    department_slug=slug,
                    status_decision="",
                    children={
                        "steps": _demo_steps(
                            subject,
                            department=department,
                            middle=middle,
                            channels=channels,
                        ),
                        "channels": channels,
                        "documents": tuple(
                            DocumentValues(doc, template, "", rng.choice((1, 1, 0)), rng.choice((0, 1, 1, 2)))
                            for doc, template in documents
                        ),
                        "legal_documents": legal_bases,
                    },
                    decisions=(DecisionLinkValues(number, DecisionAction.ADD, ""),),
                    label="demo",
                )
            )
    if len(rows) != DEMO_PROCEDURE_COUNT:
        raise ValueError(f"DEMO_SHARES must add up to {DEMO_PROCEDURE_COUNT}, not {len(rows)}")
    _demo_amend(rows, rng)
    return rows


def _demo_amend(rows: list[ProcedureRow], rng: random.Random) -> None:
    """The later decision shortens a few time limits (15 → 10 days …) and repeals one procedure."""
    number, _ = DEMO_AMENDING_DECISION

    def channels(row: ProcedureRow) -> tuple[ChannelValues, ...]:
        return cast(tuple[ChannelValues, ...], row.children["channels"])

    candidates = [
        row
        for row in rows
        if all(
            c.time_limit_unit == TimeLimitUnit.WORKING_DAYS and (c.time_limit_value or 0) >= 10
            for c in channels(row)
        )
    ]
    picked = rng.sample(candidates, DEMO_AMENDED + 1)
    for row in picked[:DEMO_AMENDED]:
        old = int(channels(row)[0].time_limit_value or 0)
        new = old - 5
        row.children["channels"] = tuple(
            c._replace(time_limit_value=Decimal(new), time_limit_text=f"{new} ngày làm việc")
            for c in channels(row)
        )
        row.values["status"] = ProcedureStatus.AMENDED
        row.status_decision = number
        row.decisions += (
            DecisionLinkValues(
                number,
                DecisionAction.AMEND,
                f"Thời hạn giải quyết rút ngắn từ {old} xuống {new} ngày làm việc.",
            ),
        )
    repealed = picked[-1]
    repealed.values["status"] = ProcedureStatus.REPEALED
    repealed.status_decision = number
    repealed.decisions += (
        DecisionLinkValues(
            number, DecisionAction.REPEAL, "Bãi bỏ do quy định tại văn bản quy phạm pháp luật mới."
        ),
    )


def demo_catalogue_load() -> int:
    """Decision 2735/QĐ-UBND with its 662 generated procedures, and decision 1027/QĐ-UBND that
    amends five and repeals one. Deterministic; returns how many procedures were written
    (0 on a second run, which writes nothing)."""
    if Department.objects.filter(slug__in=DEMO_SHARES).count() < len(DEMO_SHARES):
        demo_departments_load()
    with transaction.atomic():
        for (number, issued), title in (
            (
                DEMO_DECISION,
                "Về việc công bố danh mục thủ tục hành chính thực hiện tiếp nhận hồ sơ, trả kết quả tại "
                "Trung tâm Hành chính công và Xúc tiến đầu tư tỉnh Quảng Nam",
            ),
            (
                DEMO_AMENDING_DECISION,
                "Về việc công bố danh mục thủ tục hành chính được sửa đổi, bổ sung và bãi bỏ "
                "thuộc thẩm quyền giải quyết của các sở, ban, ngành tỉnh Quảng Nam",
            ),
        ):
            decision_get_or_create(number=number, date=issued, issuer=DEMO_ISSUER, title=title)
        names = dict(Department.objects.filter(slug__in=DEMO_SHARES).values_list("slug", "name"))
        source = SourceRows(format="demo", rows=_demo_rows(names))
        report = procedure_rows_import(source=source)
    if not report.ok:
        raise RuntimeError(f"Demo catalogue is invalid: {report.errors[:3]}")
    return report.count("new") + report.count("changed")
