"""The demo catalogue: Decision 2735/QĐ-UBND of 28/8/2019 with exactly 662 generated procedures,
and a later decision that amends a few and repeals one.

Everything goes through the import pipeline, so a second run compares, finds nothing changed
and writes nothing. Every choice comes from one generator seeded with ``DEMO_SEED``.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from django.db import transaction

from demo.departments import CENTRE_ADDRESS, DEMO_DEPARTMENTS, demo_departments_load
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

_LICENCE_VERBS = ("Cấp", "Cấp lại", "Cấp đổi", "Gia hạn", "Điều chỉnh", "Cấp bổ sung nội dung")
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
_LAWS = (
    ("Luật Tổ chức chính quyền địa phương", "77/2015/QH13"),
    (
        "Nghị định về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính",
        "61/2018/NĐ-CP",
    ),
    ("Thông tư hướng dẫn thi hành một số quy định của Nghị định số 61/2018/NĐ-CP", "01/2018/TT-VPCP"),
    ("Luật Phí và lệ phí", "97/2015/QH13"),
    ("Nghị định về kiểm soát thủ tục hành chính", "63/2010/NĐ-CP"),
    ("Luật Đầu tư", "67/2014/QH13"),
    ("Luật Doanh nghiệp", "68/2014/QH13"),
    ("Luật Xây dựng", "50/2014/QH13"),
    ("Luật Đất đai", "45/2013/QH13"),
    ("Luật Hộ tịch", "60/2014/QH13"),
    ("Luật Dược", "105/2016/QH13"),
    ("Luật Bảo vệ môi trường", "55/2014/QH13"),
)


def _demo_names(rng: random.Random, slug: str, count: int, used: set[str]) -> list[tuple[str, str]]:
    """``count`` (field, name) pairs for a department, spread over its fields, none in ``used``."""
    pools: dict[str, list[str]] = {}
    for field_name, (licences, activities) in DEMO_FIELDS[slug].items():
        names = [f"{verb} {thing}" for thing in licences for verb in _LICENCE_VERBS]
        names += [f"{activity}{suffix}" for activity in activities for suffix in _ACTIVITY_SUFFIXES]
        names = [name[0].upper() + name[1:] for name in dict.fromkeys(names)]
        names = [name for name in names if name not in used]
        rng.shuffle(names)
        pools[field_name] = names
    chosen: list[tuple[str, str]] = []
    while len(chosen) < count:
        progressed = False
        for field_name, names in pools.items():
            while names and len(chosen) < count:
                name = names.pop()
                if name not in used:
                    used.add(name)
                    chosen.append((field_name, name))
                    progressed = True
                    break
        if not progressed:
            raise ValueError(f"Not enough demo names for {slug}")
    return chosen


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
        ChannelKind.IN_PERSON: "Nộp trực tiếp tại Trung tâm Hành chính công và Xúc tiến đầu tư tỉnh",
        ChannelKind.ONLINE: "Nộp trực tuyến qua Cổng dịch vụ công của tỉnh",
        ChannelKind.POST: "Nộp qua dịch vụ bưu chính công ích",
    }
    return tuple(
        ChannelValues(kind, value, unit, text, fee, fee is None, fee_text, descriptions[kind])
        for kind in kinds
    )


def _demo_steps(rng: random.Random, department: str) -> tuple[StepValues, ...]:
    steps = [
        StepValues(
            "Tổ chức, cá nhân chuẩn bị hồ sơ đầy đủ và nộp tại Trung tâm Hành chính công "
            "và Xúc tiến đầu tư tỉnh, qua dịch vụ bưu chính hoặc trực tuyến",
            "Tổ chức, cá nhân",
        ),
        StepValues(
            "Công chức tiếp nhận kiểm tra tính đầy đủ, hợp lệ của hồ sơ; hướng dẫn bổ sung "
            "nếu hồ sơ chưa đầy đủ; lập giấy tiếp nhận hồ sơ và hẹn ngày trả kết quả",
            "Trung tâm Hành chính công và Xúc tiến đầu tư tỉnh",
            "0,5 ngày",
        ),
        StepValues(
            f"Chuyên viên {department} thẩm định hồ sơ, đề xuất kết quả giải quyết", department, "60%"
        ),
    ]
    extras = [
        StepValues("Kiểm tra thực tế tại cơ sở (nếu cần)", department, "20%"),
        StepValues(f"Lãnh đạo {department} xem xét, ký duyệt kết quả", department, "20%"),
        StepValues("Lấy ý kiến các cơ quan liên quan", "Cơ quan phối hợp", "15%"),
    ]
    steps += rng.sample(extras, rng.randint(0, 2))
    steps.append(
        StepValues(
            "Trả kết quả cho tổ chức, cá nhân tại Trung tâm hoặc qua dịch vụ bưu chính",
            "Trung tâm Hành chính công",
        )
    )
    return tuple(steps)


def _demo_rows(department_names: dict[str, str]) -> list[ProcedureRow]:
    rng = random.Random(DEMO_SEED)  # noqa: S311 - reproducible demo data, not security
    four_step = {d.slug for d in DEMO_DEPARTMENTS if d.four_step_since}
    number, _issued = DEMO_DECISION
    rows: list[ProcedureRow] = []
    serial = 5000
    used: set[str] = set()
    for slug, count in DEMO_SHARES.items():
        department = department_names[slug]
        for field_name, name in _demo_names(rng, slug, count, used):
            serial += rng.randint(1, 3)
            code = f"2.00{serial:04d}"
            result = name.split(" ", 1)[1] if name.startswith(_LICENCE_VERBS) else "Văn bản chấp thuận"
            result = result[0].upper() + result[1:]
            documents = rng.sample(_DOCUMENTS, rng.randint(2, 6))
            laws = rng.sample(_LAWS, rng.randint(1, 3))
            rows.append(
                ProcedureRow(
                    row=len(rows) + 1,
                    code=code,
                    values={
                        "name": name,
                        "level": Level.PROVINCE,
                        "level_text": "Cấp tỉnh",
                        "procedure_type": "TTHC được luật giao quy định chi tiết",
                        "applicants": rng.choice(_APPLICANTS),
                        "deciding_agency": rng.choice((department, department, "UBND tỉnh Quảng Nam")),
                        "executing_agency": department,
                        "delegated_agency": "",
                        "cooperating_agency": "",
                        "address": CENTRE_ADDRESS,
                        "result": result,
                        "conditions": "",
                        "online_level": rng.choice(
                            (
                                OnlineLevel.FULL,
                                OnlineLevel.PARTIAL,
                                OnlineLevel.PARTIAL,
                                OnlineLevel.NONE,
                                OnlineLevel.NONE,
                            )
                        ),
                        "four_step": slug in four_step,
                        "status": ProcedureStatus.IN_FORCE,
                        "is_demo": True,
                    },
                    field_name=field_name,
                    department_slug=slug,
                    status_decision="",
                    children={
                        "steps": _demo_steps(rng, department),
                        "channels": _demo_channels(rng),
                        "documents": tuple(
                            DocumentValues(doc, template, "", rng.choice((1, 1, 0)), rng.choice((0, 1, 1, 2)))
                            for doc, template in documents
                        ),
                        "legal_documents": tuple(
                            LegalValues(f"{title} số {code_}", code_) for title, code_ in laws
                        ),
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
    candidates = [
        row
        for row in rows
        if all(
            c.time_limit_unit == TimeLimitUnit.WORKING_DAYS and c.time_limit_value >= 10
            for c in row.children["channels"]
        )
    ]
    picked = rng.sample(candidates, DEMO_AMENDED + 1)
    for row in picked[:DEMO_AMENDED]:
        old = int(row.children["channels"][0].time_limit_value)
        new = old - 5
        row.children["channels"] = tuple(
            c._replace(time_limit_value=Decimal(new), time_limit_text=f"{new} ngày làm việc")
            for c in row.children["channels"]
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
