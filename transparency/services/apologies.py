"""Writes for apology notices: masking, validation rules, drafts, workflow set-up, has_apology."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.signals import dossiers_changed_send
from procedures.models import Department
from procedures.selectors import working_calendar_get
from transparency.masking import AddresseeNotMaskable, addressee_public, mask_name  # noqa: F401  (re-exported)
from transparency.models.apologies import (
    ApologyDepartmentPage,
    ApologyNoticePage,
    ApologyRegisterPage,
    apology_setting,
)
from transparency.models.dossiers import Dossier

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser
    from wagtail.models import Page, Workflow

logger = logging.getLogger("portal")

LEADS_GROUP = "Lãnh đạo Trung tâm"
WORKFLOW_NAME = "Duyệt thư xin lỗi"
TASK_NAME = "Lãnh đạo Trung tâm duyệt thư xin lỗi"
EDITOR_GROUP_PREFIX = "Biên tập – "
CENTRE_NAME = "Trung tâm Hành chính công và Xúc tiến đầu tư tỉnh Quảng Nam"


# --- validation -----------------------------------------------------------------------------


def apology_issue_deadline(*, due_on: dt.date) -> dt.date:
    """The last day a notice may be issued: N working days before the original due date."""
    days = int(apology_setting("PORTAL_APOLOGY_MIN_WORKING_DAYS_BEFORE_DUE"))
    return working_calendar_get().add_working_days(due_on, -days)


def apology_notice_problems(
    *, notice: ApologyNoticePage, dossier: Dossier | None, parent: Page | None
) -> tuple[dict[str, list[str]], bool]:
    """The rules of DOMAIN.md §6 as field errors, and whether the notice was issued after the deadline.

    Fields still blank (a draft being saved) are not judged; the admin requires them on submit.
    """
    from transparency.selectors.apologies import apology_as_of, apology_queue_horizon, dossier_is_late

    problems: dict[str, list[str]] = {}
    if dossier is None:
        return problems, False
    others = ApologyNoticePage.objects.filter(dossier=dossier)
    if notice.pk:
        others = others.exclude(pk=notice.pk)
    other = others.first()
    if other is not None:
        problems.setdefault("dossier", []).append(
            _("Hồ sơ %(code)s đã có thư xin lỗi «%(title)s»; mỗi hồ sơ chỉ được hẹn lại một lần.")
            % {"code": dossier.code, "title": other.title}
        )
    parent = parent.specific if parent is not None else None
    if isinstance(parent, ApologyDepartmentPage) and parent.department_id != dossier.department_id:
        problems.setdefault("dossier", []).append(
            _("Hồ sơ %(code)s thuộc cơ quan khác, không thuộc «%(section)s».")
            % {"code": dossier.code, "section": parent.title}
        )
    today = timezone.localdate()
    late_now = dossier_is_late(dossier=dossier, as_of=today)
    late_in_data = dossier_is_late(dossier=dossier, as_of=apology_as_of())
    due_soon = dossier.resolved_on is None and dossier.due_on <= apology_queue_horizon(as_of=today)
    if not (late_now or late_in_data or due_soon):
        problems.setdefault("dossier", []).append(
            _("Hồ sơ %(code)s không trễ hạn và chưa sắp đến hạn (hẹn trả %(due)s): không cần thư xin lỗi.")
            % {"code": dossier.code, "due": f"{dossier.due_on:%d/%m/%Y}"}
        )
    if notice.new_return_on and notice.new_return_on <= dossier.due_on:
        problems.setdefault("new_return_on", []).append(
            _("Ngày hẹn trả mới phải sau ngày hẹn trả ban đầu (%(due)s).")
            % {"due": f"{dossier.due_on:%d/%m/%Y}"}
        )
    after_deadline = False
    if notice.issued_on:
        if notice.issued_on < dossier.received_on:
            problems.setdefault("issued_on", []).append(
                _("Ngày ban hành không thể trước ngày tiếp nhận hồ sơ (%(day)s).")
                % {"day": f"{dossier.received_on:%d/%m/%Y}"}
            )
        deadline = apology_issue_deadline(due_on=dossier.due_on)
        after_deadline = notice.issued_on > deadline
        if after_deadline and apology_setting("PORTAL_APOLOGY_ENFORCE_ISSUE_DEADLINE"):
            problems.setdefault("issued_on", []).append(
                _(
                    "Thư xin lỗi phải ban hành chậm nhất ngày %(day)s "
                    "(trước hạn trả ít nhất %(n)s ngày làm việc)."
                )
                % {
                    "day": f"{deadline:%d/%m/%Y}",
                    "n": apology_setting("PORTAL_APOLOGY_MIN_WORKING_DAYS_BEFORE_DUE"),
                }
            )
    return problems, after_deadline


# --- has_apology and the statistics ---------------------------------------------------------


def _statistics_refresh(department_ids: Iterable[int], *, since: dt.date | None = None) -> None:
    """Refresh the aggregates of the departments whose late-with-apology figures changed (from
    ``since``, the earliest receipt day of a dossier whose flag changed), and the dossier index
    of the statistics search (it reports the same split)."""
    from transparency.services.statistics import statistics_refresh

    ids = sorted(set(department_ids))
    if not ids:
        return
    statistics_refresh(department_ids=ids, since=since)
    dossiers_changed_send(apology_flags_sync, department_ids=ids, since=since)


def apology_flags_sync(*, dossier_ids: Iterable[int] | None = None, refresh: bool = True) -> set[int]:
    """Make ``Dossier.has_apology`` true exactly for dossiers with a live notice; returns departments changed.

    ``dossier_ids`` narrows the dossiers that may gain the flag; losing it is always checked
    in full (a republished notice may have moved to another dossier). Refreshes the statistics
    aggregates of the departments whose figures changed.
    """
    live = ApologyNoticePage.objects.live().filter(dossier_id=OuterRef("pk"))
    gain = Dossier.objects.filter(has_apology=False).filter(Exists(live))
    if dossier_ids is not None:
        gain = gain.filter(pk__in=list(dossier_ids))
    lose = Dossier.objects.filter(has_apology=True).exclude(Exists(live))
    changed: set[int] = set()
    with transaction.atomic():
        gained = list(gain.values_list("pk", "department_id", "received_on"))
        lost = list(lose.values_list("pk", "department_id", "received_on"))
        for rows, value in ((gained, True), (lost, False)):
            ids = [pk for pk, _dep, _received in rows]
            for start in range(0, len(ids), 500):
                Dossier.objects.filter(pk__in=ids[start : start + 500]).update(has_apology=value)
            changed.update(dep for _pk, dep, _received in rows)
    since = min((received for _pk, _dep, received in gained + lost), default=None)
    if refresh and changed:
        transaction.on_commit(lambda: _statistics_refresh(changed, since=since))
    return changed


# --- the page tree, groups and the workflow -------------------------------------------------


def apology_department_page_ensure(
    *, department: Department, register: ApologyRegisterPage | None = None
) -> ApologyDepartmentPage:
    """The department's section ``/xin-loi/<slug>/`` (created and published if missing)."""
    existing = ApologyDepartmentPage.objects.filter(department=department).first()
    if existing is not None:
        return existing
    register = register or ApologyRegisterPage.objects.get()
    section = ApologyDepartmentPage(
        title=_("Thư xin lỗi của %(name)s") % {"name": department.name},
        slug=department.slug,
        department=department,
    )
    register.add_child(instance=section)
    section.save_revision().publish()
    return section


def _page_permissions(group: Group, page: Page, codenames: Iterable[str]) -> None:
    from wagtail.models import GroupPagePermission

    for codename in codenames:
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def _admin_access(group: Group) -> None:
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )


def apology_workflow_ensure(*, register: ApologyRegisterPage) -> Workflow:
    """The moderation workflow "Duyệt thư xin lỗi": one approval by a Centre lead, on the whole register."""
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

    leads, _created = Group.objects.get_or_create(name=LEADS_GROUP)
    _admin_access(leads)
    _page_permissions(
        leads, register, ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
    )
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.add(leads)
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=register, defaults={"workflow": workflow})
    return workflow


def apology_editor_group_ensure(*, section: ApologyDepartmentPage) -> Group:
    """The group "Biên tập – <department>": drafts and edits notices of its section, cannot publish."""
    name = f"{EDITOR_GROUP_PREFIX}{section.department.name}"[:150]
    group, _created = Group.objects.get_or_create(name=name)
    _admin_access(group)
    _page_permissions(group, section, ["add_page", "change_page"])
    return group


def apology_structure_ensure(*, register: ApologyRegisterPage) -> None:
    """Sections, editor groups and the workflow for every department (idempotent)."""
    apology_workflow_ensure(register=register)
    existing = set(ApologyDepartmentPage.objects.values_list("department_id", flat=True))
    for department in Department.objects.order_by("sort_order", "name"):
        if department.pk in existing:
            section = ApologyDepartmentPage.objects.select_related("department").get(department=department)
        else:
            section = apology_department_page_ensure(department=department, register=register)
        apology_editor_group_ensure(section=section)


# --- drafts from the queue ------------------------------------------------------------------

DEFAULT_APOLOGY = (
    "{agency} xin lỗi Ông/Bà vì đã chậm trả kết quả giải quyết hồ sơ so với ngày hẹn trả ghi trên "
    "Giấy tiếp nhận hồ sơ và hẹn trả kết quả. Sự chậm trễ này đã gây phiền hà, tốn kém thời gian "
    "của Ông/Bà. {agency} sẽ trả kết quả vào ngày {new}. Mong Ông/Bà thông cảm."
)


def apology_notice_number_next(*, department: Department, year: int) -> str:
    """The next notice number of the department for the year: ``<n>/PXL-<short name>``."""
    count = ApologyNoticePage.objects.filter(department=department, issued_on__year=year).count()
    suffix = department.short_name or slugify(department.name).upper()[:12]
    return f"{count + 1}/PXL-{suffix}"


def _addressee_prefill(applicant_name: str) -> str:
    """The applicant masked; blank when it cannot be masked (the editor decides, the model checks)."""
    try:
        return addressee_public(applicant_name, organisation=False)
    except AddresseeNotMaskable:
        return ""


def apology_draft_defaults(*, dossier: Dossier, issued_on: dt.date | None = None) -> dict[str, Any]:
    """Form-04 values pre-filled from the dossier and its procedure; the editor completes the rest."""
    calendar = working_calendar_get()
    issued_on = issued_on or timezone.localdate()
    if dossier.resolved_on and dossier.resolved_on > dossier.due_on:
        new_return_on = dossier.resolved_on
    else:
        new_return_on = calendar.add_working_days(max(dossier.due_on, issued_on), 5)
    agency = dossier.department.name
    number = apology_notice_number_next(department=dossier.department, year=issued_on.year)
    return {
        "title": _("Thư xin lỗi hồ sơ %(code)s") % {"code": dossier.code},
        "slug": slugify(f"pxl-{dossier.code}"),
        "dossier": dossier,
        "issuing_agency": agency,
        "notice_number": number,
        "place_of_issue": "Quảng Nam",
        "issued_on": issued_on,
        "addressee_masked": _addressee_prefill(dossier.applicant_name),
        "new_return_on": new_return_on,
        "apology_text": DEFAULT_APOLOGY.format(agency=agency, new=f"{new_return_on:%d/%m/%Y}"),
        "recipients": "- Như trên;\n- " + CENTRE_NAME + ";\n- Lưu: VT.",
    }


def apology_draft_create(*, dossier: Dossier, user: AbstractBaseUser) -> ApologyNoticePage:
    """Create the draft notice for ``dossier`` in its department's section; returns the existing one if any.

    Raises ``PermissionDenied`` if ``user`` may not add pages to that section.
    """
    existing = ApologyNoticePage.objects.filter(dossier=dossier).first()
    if existing is not None:
        return existing
    register = ApologyRegisterPage.objects.get()
    section = apology_department_page_ensure(department=dossier.department, register=register)
    if not section.permissions_for_user(user).can_add_subpage():
        raise PermissionDenied(_("Bạn không được soạn thư xin lỗi cho cơ quan này."))
    values = apology_draft_defaults(dossier=dossier)
    notice = ApologyNoticePage(live=False, owner=user, **values)
    notice.reason = ""
    notice.reason_category = ""
    notice.signer_name = ""
    notice.signer_title = ""
    with transaction.atomic():
        section.add_child(instance=notice)
        notice.save_revision(user=user, clean=False)  # add_child has logged "wagtail.create"
    return notice
