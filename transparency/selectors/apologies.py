"""Reads of apology notices: the register's filters, the editors' queue, compliance figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict, cast

from django import forms
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Count, F, Max, Min, Q, QuerySet
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from procedures.models import Department, Field, Procedure
from procedures.selectors import working_calendar_get
from transparency.enums import ApologyReason, DossierStatus
from transparency.models.apologies import (
    ApologyDepartmentPage,
    ApologyNoticePage,
    ApologyRegisterPage,
    apology_setting,
)
from transparency.models.dossiers import Dossier

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
    from django.http import HttpRequest
    from django_stubs_ext import WithAnnotations

REGISTER_PAGE_SIZE = 25
QUEUE_PAGE_SIZE = 50
API_PAGE_SIZE = 50

# A dossier is still open (pending) unless resolved, withdrawn or refused.
CLOSED_WITHOUT_RESULT = (DossierStatus.WITHDRAWN, DossierStatus.REFUSED)

SORT_CHOICES = (
    ("-date", gettext_lazy("Ngày ban hành (mới nhất trước)")),
    ("date", gettext_lazy("Ngày ban hành (cũ nhất trước)")),
    ("department", gettext_lazy("Cơ quan (A–Z)")),
    ("-department", gettext_lazy("Cơ quan (Z–A)")),
)
_SORT_ORDER: dict[str, tuple[Any, ...]] = {
    "-date": (F("issued_on").desc(), F("notice_number").desc(), F("pk").desc()),
    "date": (F("issued_on").asc(), F("notice_number").asc(), F("pk").asc()),
    "department": (F("department__name").asc(), F("issued_on").desc(), F("pk").desc()),
    "-department": (F("department__name").desc(), F("issued_on").desc(), F("pk").desc()),
}


# --- lateness as of the latest data ---------------------------------------------------------


def apology_as_of() -> dt.date:
    """The day lateness is judged on: today, or the last day of the dossier data if it ends earlier.

    Imported data lag behind the calendar (the demo ends on 15/11/2019); judging pending
    dossiers against today would call every one of them overdue.
    """
    today = timezone.localdate()
    latest = Dossier.objects.aggregate(received=Max("received_on"), resolved=Max("resolved_on"))
    days = [day for day in latest.values() if day is not None]
    return min([today, max(days)]) if days else today


def open_dossiers_q() -> Q:
    return Q(resolved_on__isnull=True) & ~Q(status__in=CLOSED_WITHOUT_RESULT)


def late_dossiers_q(*, as_of: dt.date) -> Q:
    """Late in the sense of DOMAIN.md §7: resolved after the due date, or pending past it."""
    return Q(resolved_on__isnull=False, resolved_on__gt=F("due_on")) | (
        open_dossiers_q() & Q(due_on__lt=as_of)
    )


def dossier_is_late(*, dossier: Dossier, as_of: dt.date) -> bool:
    if dossier.resolved_on is not None:
        return dossier.resolved_on > dossier.due_on
    if dossier.status in CLOSED_WITHOUT_RESULT:
        return False
    return dossier.due_on < as_of


def apology_queue_horizon(*, as_of: dt.date) -> dt.date:
    """The last due date counted as "about to be late": N working days after ``as_of``."""
    days = int(apology_setting("PORTAL_APOLOGY_QUEUE_WORKING_DAYS"))
    return working_calendar_get().add_working_days(as_of, days)


# --- who may write for which department -----------------------------------------------------


def apology_user_departments(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Department] | None:
    """Departments whose notices ``user`` may draft; None means all (superusers, Centre leads)."""
    if getattr(user, "is_superuser", False):
        return None
    if not getattr(user, "is_authenticated", False):
        return Department.objects.none()
    register = ApologyRegisterPage.objects.first()
    if register is None:
        return Department.objects.none()
    from wagtail.models import GroupPagePermission

    grants = GroupPagePermission.objects.filter(
        group__user=user, permission__codename="add_page"
    ).select_related("page")
    section_ids: list[int] = []
    for grant in grants:
        if grant.page.path == register.path[: len(grant.page.path)]:
            return None  # a grant on the register or above it covers every department
        if grant.page.path.startswith(register.path):
            section_ids.append(grant.page_id)
    return Department.objects.filter(apology_section__in=section_ids)


# --- the editors' queue ---------------------------------------------------------------------


class QueueMarks(TypedDict):
    """What a row of the queue knows beside its dossier."""

    draft_in_moderation: bool


@dataclass(frozen=True, slots=True)
class ApologyQueue:
    page: PaginatorPage[WithAnnotations[Dossier, QueueMarks]]
    count: int
    as_of: dt.date
    horizon: dt.date
    departments: list[Department]
    department: Department | None
    problems: list[str] = field(default_factory=list)


def apology_queue_dossiers(
    *,
    departments: QuerySet[Department] | None = None,
    as_of: dt.date | None = None,
    horizon: dt.date | None = None,
) -> QuerySet[Dossier]:
    """Dossiers late or due within N working days whose notice is not published yet.

    A dossier whose draft was started stays here until the notice is published or the draft
    deleted, so work in progress is never lost from sight.
    """
    as_of = as_of or apology_as_of()
    horizon = horizon or apology_queue_horizon(as_of=as_of)
    due_soon = open_dossiers_q() & Q(due_on__gte=as_of, due_on__lte=horizon)
    queryset = Dossier.objects.filter(late_dossiers_q(as_of=as_of) | due_soon).filter(
        Q(apology_notice__isnull=True) | Q(apology_notice__live=False)
    )
    if departments is not None:
        queryset = queryset.filter(department__in=departments)
    return queryset


def apology_queue_count(*, user: AbstractBaseUser | AnonymousUser) -> int:
    departments = apology_user_departments(user=user)
    if departments is not None and not departments.exists():
        return 0
    return apology_queue_dossiers(departments=departments).count()


def apology_queue_get(*, user: AbstractBaseUser | AnonymousUser, data: dict[str, str]) -> ApologyQueue:
    """One page of the queue for ``user``, optionally narrowed to one of their departments."""
    allowed = apology_user_departments(user=user)
    choices = list(Department.objects.all() if allowed is None else allowed)
    problems: list[str] = []
    department = None
    slug = (data.get("department") or "").strip()
    if slug:
        department = next((d for d in choices if d.slug == slug), None)
        if department is None:
            problems.append(_("Không có cơ quan «%(value)s» trong phạm vi của bạn.") % {"value": slug})
    as_of = apology_as_of()
    horizon = apology_queue_horizon(as_of=as_of)
    scope: QuerySet[Department] | None
    scope = Department.objects.filter(pk=department.pk) if department is not None else allowed
    from transparency.selectors.apology_drafts import in_moderation_exists

    queryset = (
        apology_queue_dossiers(departments=scope, as_of=as_of, horizon=horizon)
        .select_related("procedure", "department", "apology_notice__owner")
        .annotate(draft_in_moderation=in_moderation_exists("apology_notice__pk"))
        .order_by("due_on", "code")
    )
    paginator = Paginator(queryset, QUEUE_PAGE_SIZE)
    page = paginator.get_page(data.get("page"))
    return ApologyQueue(
        page=page,
        count=paginator.count,
        as_of=as_of,
        horizon=horizon,
        departments=choices,
        department=department,
        problems=problems,
    )


# --- the public register --------------------------------------------------------------------


class ApologyFilterForm(forms.Form):
    """The register's filters; shared by ``/xin-loi/``, its downloads and ``GET /api/v1/apologies``."""

    department: forms.ModelChoiceField[Department] = forms.ModelChoiceField(
        queryset=Department.objects.all(), to_field_name="slug", required=False, label=gettext_lazy("Cơ quan")
    )
    procedure = forms.CharField(required=False, max_length=64, label=gettext_lazy("Mã thủ tục"))
    field: forms.ModelChoiceField[Field] = forms.ModelChoiceField(
        queryset=Field.objects.all(), to_field_name="slug", required=False, label=gettext_lazy("Lĩnh vực")
    )
    reason = forms.ChoiceField(
        choices=[("", ""), *list(ApologyReason.choices)], required=False, label=gettext_lazy("Nhóm lý do")
    )
    start = forms.DateField(required=False, label=gettext_lazy("Ban hành từ ngày"))
    end = forms.DateField(required=False, label=gettext_lazy("đến ngày"))
    sort = forms.ChoiceField(choices=SORT_CHOICES, required=False, label=gettext_lazy("Sắp xếp theo"))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("Ngày kết thúc phải sau ngày bắt đầu."))
        code = (data.get("procedure") or "").strip()
        if code and not Procedure.objects.filter(code=code).exists():
            self.add_error("procedure", _("Không có thủ tục mã «%(value)s».") % {"value": code})
        return data


@dataclass(frozen=True, slots=True)
class ApologyRegister:
    form: ApologyFilterForm
    notices: QuerySet[ApologyNoticePage]
    filters: dict[str, Any]
    problems: list[str]

    @property
    def period(self) -> tuple[dt.date | None, dt.date | None]:
        return self.filters.get("start"), self.filters.get("end")


def apology_notices_public() -> QuerySet[ApologyNoticePage]:
    # Wagtail is untyped: its page manager gives Any, though live().public() is a queryset
    # of this page type.
    return cast("QuerySet[ApologyNoticePage]", ApologyNoticePage.objects.live().public())


def apology_register_get(*, data: Any, department: Department | None = None) -> ApologyRegister:
    """The filtered, sorted notices; invalid filters are dropped and reported in ``problems``."""
    form = ApologyFilterForm(data=data)
    form.is_valid()
    problems = [
        f"{form.fields[name].label}: {' '.join(str(error) for error in errors)}"
        for name, errors in form.errors.items()
    ]
    filters = {name: value for name, value in form.cleaned_data.items() if value not in (None, "")}
    for name in form.errors:
        filters.pop(name, None)
    if department is not None:
        filters["department"] = department
    notices = apology_notices_public()
    if "department" in filters:
        notices = notices.filter(department=filters["department"])
    if "procedure" in filters:
        notices = notices.filter(procedure__code=filters["procedure"].strip())
    if "field" in filters:
        notices = notices.filter(field=filters["field"])
    if "reason" in filters:
        notices = notices.filter(reason_category=filters["reason"])
    if "start" in filters:
        notices = notices.filter(issued_on__gte=filters["start"])
    if "end" in filters:
        notices = notices.filter(issued_on__lte=filters["end"])
    notices = notices.select_related("department", "procedure", "field", "dossier").order_by(
        *_SORT_ORDER[filters.get("sort") or "-date"]
    )
    return ApologyRegister(form=form, notices=notices, filters=filters, problems=problems)


class _CountedPaginator(Paginator[ApologyNoticePage]):
    """A paginator told the total (``apology_register_counts`` already read it): no second count."""

    def __init__(self, object_list: Any, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self._count = count

    @cached_property
    def count(self) -> int:
        return self._count


def apology_register_page(
    *, register: ApologyRegister, number: Any, count: int | None = None
) -> PaginatorPage[ApologyNoticePage]:
    """One page of the register; ``count``, when known, spares the paginator its count query."""
    paginator = (
        Paginator(register.notices, REGISTER_PAGE_SIZE)
        if count is None
        else _CountedPaginator(register.notices, REGISTER_PAGE_SIZE, count=count)
    )
    return paginator.get_page(number)


def apology_register_counts(*, register: ApologyRegister) -> dict[str, Any]:
    """Totals of the filtered view: notices, departments, and notices by reason category."""
    by_reason = dict(
        register.notices.order_by()
        .values_list("reason_category")
        .annotate(n=Count("pk"))
        .values_list("reason_category", "n")
    )
    labels = dict(ApologyReason.choices)
    return {
        "total": sum(by_reason.values()),
        "by_reason": [(value, labels[value], by_reason[value]) for value in labels if by_reason.get(value)],
    }


def apology_register_period(*, register: ApologyRegister) -> tuple[dt.date | None, dt.date | None]:
    """The period for a download's file name: the filter's, else the span of the notices issued."""
    start, end = register.period
    if start and end:
        return start, end
    span = register.notices.order_by().aggregate(first=Min("issued_on"), last=Max("issued_on"))
    return start or span["first"], end or span["last"]


def apology_notice_row(*, notice: ApologyNoticePage, url: str) -> dict[str, Any]:
    """One notice as open data; the addressee only ever masked."""
    return {
        "number": notice.notice_number,
        "title": notice.title,
        "url": url,
        "issued_on": notice.issued_on,
        "place_of_issue": notice.place_of_issue,
        "issuing_agency": notice.issuing_agency,
        "department": notice.department.slug if notice.department else None,
        "department_name": notice.department.name if notice.department else None,
        "procedure": notice.procedure.code if notice.procedure else None,
        "procedure_name": notice.procedure.name if notice.procedure else None,
        "field": notice.field.slug if notice.field else None,
        "field_name": notice.field.name if notice.field else None,
        "dossier": notice.dossier.code if notice.dossier else None,
        "addressee": notice.addressee_masked,
        "received_on": notice.received_on,
        "original_due_on": notice.original_due_on,
        "new_return_on": notice.new_return_on,
        "reason_category": notice.reason_category,
        "reason_category_label": str(notice.get_reason_category_display()),
        "reason": notice.reason,
        "apology": notice.apology_text,
        "signer_name": notice.signer_name,
        "signer_title": notice.signer_title,
        "issued_after_deadline": notice.issued_after_deadline,
    }


def apology_notice_url(*, notice: ApologyNoticePage, request: HttpRequest | None = None) -> str:
    """The notice's absolute Vietnamese address (Wagtail caches the site roots per request)."""
    with translation.override("vi"):
        if request is None:
            return notice.get_full_url() or ""
        return request.build_absolute_uri(notice.get_url(request))


def apology_notice_context(*, notice: ApologyNoticePage) -> dict[str, Any]:
    """What a notice page shows beside its own fields: the department's section, the deadline rule."""
    return {
        "min_working_days": apology_setting("PORTAL_APOLOGY_MIN_WORKING_DAYS_BEFORE_DUE"),
    }


# --- compliance -----------------------------------------------------------------------------


def department_apology_summary(*, department: Department) -> dict[str, Any] | None:
    """ "Apologised for X of Y late dossiers" and the latest notices; None without late dossiers or notices.

    Y counts the department's late dossiers (resolved late, or pending past the due date on
    the day of the latest data); X those of them with a published notice.
    """
    as_of = apology_as_of()
    figures = Dossier.objects.filter(late_dossiers_q(as_of=as_of), department=department).aggregate(
        late=Count("pk"), apologised=Count("pk", filter=Q(has_apology=True))
    )
    latest = list(
        apology_notices_public()
        .filter(department=department)
        .select_related("procedure")
        .order_by("-issued_on", "-pk")[:5]
    )
    if not figures["late"] and not latest:
        return None
    section = ApologyDepartmentPage.objects.live().filter(department=department).first()
    register = ApologyRegisterPage.objects.live().first()
    feed_url = None
    if register is not None:
        route = register.reverse_subpage("department_feed", kwargs={"department": department.slug})
        feed_url = register.url + route
    return {
        "late": figures["late"],
        "apologised": figures["apologised"],
        "without": figures["late"] - figures["apologised"],
        "as_of": as_of,
        "latest": latest,
        "section": section,
        "feed_url": feed_url,
    }


def apology_latest_notices(*, limit: int = 5) -> list[ApologyNoticePage]:
    """The most recently issued published notices, for the home page."""
    return list(
        apology_notices_public()
        .select_related("department", "procedure")
        .order_by("-issued_on", "-pk")[:limit]
    )
