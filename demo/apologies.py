"""Demo apology notices (DOMAIN.md §8): every late demo dossier apologised for, except in four departments.

About six hundred notices are created. Saving them one by one through ``add_child`` +
``save_revision().publish()`` costs several queries, signals and a search-index update
each; here each page row is written once with its tree position computed up front, the
revisions are created in bulk, the search index is updated in one batch and
``has_apology`` is set in one pass at the end.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.text import slugify
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.models import Page, Revision, Workflow, WorkflowPage
from wagtail.search.backends import get_search_backend
from wagtail.signal_handlers import disable_reference_index_auto_update

from demo.departments import SILENT_DEPARTMENTS
from procedures.models import Department
from procedures.selectors import working_calendar_get
from transparency.enums import ApologyReason
from transparency.models.apologies import ApologyDepartmentPage, ApologyNoticePage, ApologyRegisterPage
from transparency.models.dossiers import Dossier
from transparency.selectors.apologies import (
    apology_as_of,
    apology_queue_horizon,
    late_dossiers_q,
    open_dossiers_q,
)
from transparency.services.apologies import (
    CENTRE_NAME,
    DEFAULT_APOLOGY,
    apology_flags_sync,
    apology_structure_ensure,
    mask_name,
)
from website.services import site_tree_ensure

IN_MODERATION = 4
SEED = 20191119

REASONS: dict[str, tuple[str, ...]] = {
    ApologyReason.STAFF_SHORTAGE: (
        "Công chức thụ lý hồ sơ nghỉ ốm đột xuất, đơn vị chưa kịp bố trí người thay thế.",
        "Số lượng hồ sơ tiếp nhận tăng cao trong tháng, vượt khả năng xử lý của bộ phận chuyên môn.",
        "Cán bộ phụ trách đi công tác dài ngày, việc bàn giao hồ sơ chưa kịp thời.",
    ),
    ApologyReason.COMPLEX_DOSSIER: (
        "Hồ sơ có nội dung phức tạp, cần thêm thời gian đối chiếu quy định pháp luật hiện hành.",
        "Hồ sơ liên quan đến nhiều thửa đất, phải đo đạc, xác minh lại ranh giới.",
        "Cần xin ý kiến cơ quan cấp trên về việc áp dụng văn bản quy phạm pháp luật mới ban hành.",
    ),
    ApologyReason.INTER_AGENCY: (
        "Đang chờ ý kiến phối hợp của Ủy ban nhân dân cấp huyện.",
        "Chờ văn bản trả lời của cơ quan thuế về nghĩa vụ tài chính.",
        "Chờ kết quả thẩm định của sở, ngành liên quan theo quy định.",
    ),
    ApologyReason.SITE_INSPECTION: (
        "Phải tổ chức kiểm tra thực tế tại cơ sở; lịch kiểm tra bị lùi do thời tiết mưa bão.",
        "Đoàn kiểm tra liên ngành chưa bố trí được thời gian thẩm định thực địa.",
    ),
    ApologyReason.SYSTEM_FAULT: (
        "Phần mềm một cửa điện tử gặp sự cố, hồ sơ không chuyển được sang bước xử lý tiếp theo.",
        "Hệ thống chữ ký số bị gián đoạn nên chưa ký phát hành được kết quả.",
    ),
    ApologyReason.SUPPLEMENT: (
        "Thông tin kê khai chưa thống nhất với cơ sở dữ liệu, đang xác minh lại với cơ quan quản lý.",
    ),
    ApologyReason.OTHER: ("Kỳ nghỉ lễ kéo dài làm chậm việc luân chuyển hồ sơ giấy giữa các bộ phận.",),
}
REASON_WEIGHTS = {
    ApologyReason.STAFF_SHORTAGE: 30,
    ApologyReason.COMPLEX_DOSSIER: 25,
    ApologyReason.INTER_AGENCY: 20,
    ApologyReason.SITE_INSPECTION: 8,
    ApologyReason.SYSTEM_FAULT: 8,
    ApologyReason.SUPPLEMENT: 5,
    ApologyReason.OTHER: 4,
}
# Signers: titles only with fictional officials; names chosen not to be common applicant names.
SIGNERS = (
    ("Giám đốc", "Võ Quang Thịnh"),
    ("Phó Giám đốc", "Huỳnh Thị Diệu Thư"),
    ("Phó Giám đốc", "Đoàn Minh Khánh"),
    ("Chánh Văn phòng", "Lương Bảo Ngọc"),
)


def _signer(department: Department, rng: random.Random) -> tuple[str, str]:
    title, name = SIGNERS[rng.randrange(len(SIGNERS))]
    if department.parent_id and title == "Giám đốc":
        title = "Chi cục trưởng" if department.name.startswith("Chi cục") else "Giám đốc"
    return title, name


def _notice_values(dossier: Dossier, number: int, rng: random.Random) -> dict[str, Any]:
    calendar = working_calendar_get()
    category = rng.choices(list(REASON_WEIGHTS), weights=list(REASON_WEIGHTS.values()))[0]
    reasons = REASONS[category]
    # Most offices send the notice on time (one working day before the due date); some late.
    deadline = calendar.add_working_days(dossier.due_on, -1)
    if rng.random() < 0.8:
        issued_on = max(deadline, dossier.received_on)
    else:
        issued_on = calendar.add_working_days(dossier.due_on, rng.randint(0, 2))
    if dossier.resolved_on:
        new_return_on = dossier.resolved_on
        issued_on = min(issued_on, dossier.resolved_on)
    else:
        new_return_on = calendar.add_working_days(max(dossier.due_on, issued_on), rng.randint(3, 10))
    agency = dossier.department.name
    title, signer = _signer(dossier.department, rng)
    short = dossier.department.short_name or slugify(dossier.department.name).upper()[:12]
    return {
        "title": f"Thư xin lỗi hồ sơ {dossier.code}",
        "slug": slugify(f"pxl-{dossier.code}"),
        "dossier": dossier,
        "department_id": dossier.department_id,
        "procedure_id": dossier.procedure_id,
        "field_id": dossier.field_id,
        "received_on": dossier.received_on,
        "original_due_on": dossier.due_on,
        "issuing_agency": agency,
        "notice_number": f"{number}/PXL-{short}",
        "place_of_issue": "Quảng Nam",
        "issued_on": issued_on,
        "issued_after_deadline": issued_on > deadline,
        "addressee_masked": mask_name(dossier.applicant_name),
        "reason": reasons[rng.randrange(len(reasons))],
        "reason_category": category,
        "apology_text": DEFAULT_APOLOGY.format(agency=agency, new=f"{new_return_on:%d/%m/%Y}"),
        "new_return_on": new_return_on,
        "signer_name": signer,
        "signer_title": title,
        "recipients": f"- Như trên;\n- {CENTRE_NAME};\n- Lưu: VT, bộ phận chuyên môn.",
    }


def _next_numbers(department_ids: set[int]) -> dict[tuple[int, int], int]:
    """Per department and year, how many notices exist (numbers continue after them)."""
    counts: dict[tuple[int, int], int] = defaultdict(int)
    for department_id, issued_on in ApologyNoticePage.objects.filter(
        department_id__in=department_ids
    ).values_list("department_id", "issued_on"):
        counts[(department_id, issued_on.year)] += 1
    return counts


def _bulk_publish(section: ApologyDepartmentPage, values: list[dict[str, Any]]) -> list[ApologyNoticePage]:
    """Create live notices under ``section`` with one latest revision each, without per-page publishing."""
    content_type = ContentType.objects.get_for_model(ApologyNoticePage)
    base_type = ContentType.objects.get_for_model(Page)
    children = Page.objects.filter(path__startswith=section.path, depth=section.depth + 1)
    last = children.order_by("-path").first()
    step = Page._str2int(last.path[-Page.steplen :]) if last else 0
    now = timezone.now()
    pages: list[ApologyNoticePage] = []
    for offset, fields in enumerate(values, start=1):
        page = ApologyNoticePage(
            **fields,
            path=Page._get_path(section.path, section.depth + 1, step + offset),
            depth=section.depth + 1,
            numchild=0,
            live=True,
            has_unpublished_changes=False,
            content_type=content_type,
            draft_title=fields["title"],
            locale_id=section.locale_id,
            first_published_at=now,
            last_published_at=now,
        )
        page._cached_parent_obj = section
        page.save(clean=False, log_action=None)
        pages.append(page)
    revisions = Revision.objects.bulk_create(
        [
            Revision(
                content_type=content_type,
                base_content_type=base_type,
                object_id=str(page.pk),
                created_at=now,
                content=page.serializable_data(),
                object_str=str(page),
            )
            for page in pages
        ]
    )
    for page, revision in zip(pages, revisions, strict=True):
        Page.objects.filter(pk=page.pk).update(latest_revision=revision, live_revision=revision)
        page.latest_revision = page.live_revision = revision
    section.numchild = children.count()
    Page.objects.filter(pk=section.pk).update(numchild=section.numchild)
    return pages


@contextmanager
def _search_and_references_paused() -> Iterator[None]:
    """Skip the per-save search-index and reference-index updates; the index is updated in bulk after."""
    post_save.disconnect(post_save_signal_handler, sender=ApologyNoticePage)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        post_save.connect(post_save_signal_handler, sender=ApologyNoticePage)


def _submit_for_moderation(
    section: ApologyDepartmentPage, fields: dict[str, Any], workflow: Workflow
) -> None:
    user = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    page = ApologyNoticePage(**fields, live=False, owner=user)
    section = ApologyDepartmentPage.objects.get(pk=section.pk)  # treebeard needs the current numchild
    section.add_child(instance=page)
    page.save_revision(user=user, clean=False)
    workflow.start(page, user)


def demo_apologies_load() -> int:
    """Publish demo notices; returns how many were created (0 on a second run)."""
    register = ApologyRegisterPage.objects.first()
    if register is None:
        site_tree_ensure()
        register = ApologyRegisterPage.objects.get()
    apology_structure_ensure(register=register)
    as_of = apology_as_of()
    candidates = (
        Dossier.objects.filter(is_demo=True, apology_notice__isnull=True)
        .exclude(department__slug__in=SILENT_DEPARTMENTS)
        .select_related("department")
    )
    late = list(candidates.filter(late_dossiers_q(as_of=as_of)).order_by("due_on", "code"))
    if not late:
        apology_flags_sync()
        return 0
    horizon = apology_queue_horizon(as_of=as_of)
    due_soon = list(
        candidates.filter(open_dossiers_q(), due_on__gte=as_of, due_on__lte=horizon).order_by(
            "due_on", "code"
        )[:IN_MODERATION]
    )
    moderated = due_soon or late[-IN_MODERATION:]
    moderated_ids = {d.pk for d in moderated}
    rng = random.Random(SEED)  # noqa: S311 - reproducible demo data, not security
    numbers = _next_numbers({d.department_id for d in late + moderated})
    by_section: dict[int, list[dict[str, Any]]] = defaultdict(list)
    queued: list[tuple[int, dict[str, Any]]] = []
    for dossier in late + [d for d in moderated if d not in late]:
        key = (dossier.department_id, dossier.due_on.year)
        numbers[key] += 1
        fields = _notice_values(dossier, numbers[key], rng)
        if dossier.pk in moderated_ids:
            queued.append((dossier.department_id, fields))
        else:
            by_section[dossier.department_id].append(fields)
    sections = {
        s.department_id: s
        for s in ApologyDepartmentPage.objects.filter(
            department_id__in=by_section.keys() | {d for d, _ in queued}
        )
    }
    workflow = WorkflowPage.objects.get(page=register).workflow
    created: list[ApologyNoticePage] = []
    with transaction.atomic():
        with _search_and_references_paused():
            for department_id, values in by_section.items():
                created.extend(_bulk_publish(sections[department_id], values))
        for department_id, fields in queued:
            fields = {k: v for k, v in fields.items() if k not in {"issued_after_deadline"}}
            fields["issued_on"] = min(timezone.localdate(), fields["issued_on"])
            _submit_for_moderation(sections[department_id], fields, workflow)
        apology_flags_sync()
    get_search_backend().add_bulk(ApologyNoticePage, created)
    return len(created) + len(queued)
