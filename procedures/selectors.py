"""Reads of the catalogue: departments, fields, decisions, procedures and their due dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from core.folding import fold
from procedures.enums import ChannelKind, DecisionAction, TimeLimitUnit
from procedures.filters import ProcedureFilter
from procedures.models import (
    CalendarOverride,
    Channel,
    Decision,
    DecisionProcedure,
    Department,
    Field,
    Procedure,
)
from procedures.registry import catalogue_measures

if TYPE_CHECKING:
    from procedures.calendar import DueDate, SkippedDay, WorkingCalendar

CATALOGUE_PAGE_SIZE = 25
API_MAX_PAGE_SIZE = 100
DECISION_PAGE_SIZE = 100


# --- departments and fields -------------------------------------------------------------


def department_list() -> QuerySet[Department]:
    """Top-level departments with their sub-units and live-procedure counts, in display order."""
    return (
        Department.objects.top_level()
        .annotate(procedure_count=Count("procedures", filter=Q(procedures__live=True)))
        .prefetch_related(
            Prefetch(
                "sub_units",
                queryset=Department.objects.annotate(
                    procedure_count=Count("procedures", filter=Q(procedures__live=True))
                ),
            )
        )
    )


def department_get(*, slug: str) -> Department | None:
    return Department.objects.select_related("parent").prefetch_related("sub_units").filter(slug=slug).first()


def department_procedures(*, department: Department) -> QuerySet[Procedure]:
    """Live procedures received by the department, for its profile page."""
    return (
        Procedure.objects.public()
        .filter(department=department)
        .select_related("field")
        .order_by("field__name", "code")
    )


@dataclass(frozen=True, slots=True)
class FieldGroup:
    """The procedures of one field (``field`` None: procedures without a field)."""

    field: Field | None
    procedures: tuple[Procedure, ...]

    @property
    def count(self) -> int:
        return len(self.procedures)


def department_procedure_groups(*, department: Department) -> list[FieldGroup]:
    """The department's live procedures grouped by field, fields in name order (one query)."""
    groups: list[FieldGroup] = []
    current: list[Procedure] = []
    current_field: Field | None = None
    started = False
    for procedure in department_procedures(department=department).only(
        "code", "name", "status", "field__name", "field__name_en", "field__slug"
    ):
        if started and procedure.field_id != (current_field.pk if current_field else None):
            groups.append(FieldGroup(field=current_field, procedures=tuple(current)))
            current = []
        current_field, started = procedure.field, True
        current.append(procedure)
    if current:
        groups.append(FieldGroup(field=current_field, procedures=tuple(current)))
    # Folded names sort "Đất đai" among the D's, as Vietnamese readers expect; no field last.
    groups.sort(key=lambda g: (g.field is None, fold(g.field.display_name) if g.field else ""))
    return groups


def field_list() -> QuerySet[Field]:
    """Fields with their live-procedure counts."""
    return Field.objects.annotate(
        procedure_count=Count("procedures", filter=Q(procedures__live=True))
    ).order_by("name")


# --- the catalogue ----------------------------------------------------------------------


def procedure_catalogue_queryset() -> QuerySet[Procedure]:
    """Live procedures with what a catalogue row shows, fetched in a fixed number of queries."""
    return catalogue_measures.annotate(
        Procedure.objects.public()
        .select_related("department", "field", "status_decision")
        .prefetch_related(Prefetch("channels", queryset=Channel.objects.order_by("sort_order", "pk")))
    )


@dataclass(slots=True)
class CatalogueResult:
    """One page of the filtered catalogue and what was wrong with the request, if anything."""

    filterset: ProcedureFilter
    page: Page[Procedure]
    problems: dict[str, str] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return self.page.paginator.count


def _page_number(raw: str | None, *, problems: dict[str, str]) -> int:
    if raw in (None, ""):
        return 1
    try:
        number = int(str(raw).strip())
    except ValueError:
        number = 0
    if number < 1:
        problems["page"] = _("Số trang «%(value)s» không hợp lệ, đang hiển thị trang 1.") % {"value": raw}
        return 1
    return number


def procedure_catalogue_get(
    *, data: Mapping[str, Any], page_size: int = CATALOGUE_PAGE_SIZE
) -> CatalogueResult:
    """Filter, sort and paginate the catalogue from GET parameters.

    Invalid values never raise: an invalid filter is left out, an invalid page number
    gives page 1, a page past the end gives the last page; each is reported in ``problems``.
    """
    filterset = ProcedureFilter(data=data, queryset=procedure_catalogue_queryset())
    problems = filterset.problems() if filterset.form.errors else {}
    number = _page_number(data.get("page"), problems=problems)
    paginator = Paginator(filterset.qs, page_size)
    if number > paginator.num_pages:
        problems["page"] = _("Không có trang %(value)s, đang hiển thị trang cuối (%(last)s).") % {
            "value": number,
            "last": paginator.num_pages,
        }
        number = paginator.num_pages
    return CatalogueResult(filterset=filterset, page=paginator.page(number), problems=problems)


def procedure_catalogue_page_ids(*, page: Page[Procedure]) -> list[int]:
    """The primary keys of one page of the catalogue, in its order, without building a row."""
    rows = cast("QuerySet[Procedure]", page.object_list)
    return list(rows.values_list("pk", flat=True))


def procedure_catalogue_rows(*, ids: Sequence[int]) -> dict[int, Procedure]:
    """The catalogue rows of these procedures (as ``procedure_catalogue_queryset``), by key."""
    return {procedure.pk: procedure for procedure in procedure_catalogue_queryset().filter(pk__in=ids)}


def procedure_detail_get(*, code: str) -> Procedure | None:
    """A published procedure with everything its page shows (drafts never published: None)."""
    return (
        catalogue_measures.annotate(Procedure.objects.public())
        .select_related("department", "department__parent", "field", "status_decision")
        .prefetch_related(
            "steps",
            "channels",
            "documents",
            "legal_documents",
            Prefetch(
                "decision_links",
                queryset=DecisionProcedure.objects.select_related("decision").order_by(
                    "decision__date", "decision__number"
                ),
            ),
        )
        .filter(code=code)
        .first()
    )


# --- decisions --------------------------------------------------------------------------


def decision_list() -> QuerySet[Decision]:
    """Decisions, newest first, with how many procedures each added, amended and repealed."""
    decisions = Decision.objects.annotate(
        added_count=Count("procedure_links", filter=Q(procedure_links__action=DecisionAction.ADD)),
        amended_count=Count("procedure_links", filter=Q(procedure_links__action=DecisionAction.AMEND)),
        repealed_count=Count("procedure_links", filter=Q(procedure_links__action=DecisionAction.REPEAL)),
    ).order_by("-date", "number")
    # django-stubs annotates only models whose bases it can see: Decision's base
    # (modelcluster's ClusterableModel) is untyped, so the plugin answers QuerySet[Model, Decision].
    return cast("QuerySet[Decision]", decisions)


def decision_get(*, slug: str) -> Decision | None:
    return decision_list().filter(slug=slug).first()


def decision_procedure_links(*, decision: Decision, action: str | None = None) -> QuerySet[DecisionProcedure]:
    """What the decision did to each published procedure, added first, then amended, then repealed."""
    order = {DecisionAction.ADD: 0, DecisionAction.AMEND: 1, DecisionAction.REPEAL: 2}
    links = (
        DecisionProcedure.objects.filter(decision=decision, procedure__live=True)
        .select_related("procedure", "procedure__department")
        .order_by(
            Case(
                *(When(action=key, then=Value(rank)) for key, rank in order.items()),
                default=Value(9),
                output_field=IntegerField(),
            ),
            "procedure__code",
        )
    )
    if action:
        links = links.filter(action=action)
    return links


# --- working days and the deadline calculator -------------------------------------------


def working_calendar_get() -> WorkingCalendar:
    """The working-day calendar: ``holidays.VN`` plus the editable overrides and the cut-off hour.

    One small query reads the overrides; ``build_calendar`` shares one calendar per distinct
    set of overrides in the process, so an edit gives a fresh calendar and nothing is stale.
    """
    from procedures import calendar as working_days

    overrides = [
        working_days.CalendarOverride(day=day, kind=kind, name=name)
        for day, kind, name in CalendarOverride.objects.order_by("day").values_list("day", "kind", "name")
    ]
    return working_days.build_calendar(overrides, cutoff=dt.time(int(settings.PORTAL_CUTOFF_HOUR), 0))


@dataclass(frozen=True, slots=True)
class SkippedRun:
    """Consecutive days off of one kind, e.g. "Tết Nguyên Đán" 04/02–08/02/2019."""

    first: dt.date
    last: dt.date
    reason: str

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


# The calendar names weekend days "Thứ Bảy" / "Chủ nhật" and each Tết day separately
# ("Giao thừa Tết Nguyên Đán", "Mùng hai Tết Nguyên Đán", ...); a run shows them as one.
_WEEKEND_REASONS = frozenset({"Thứ Bảy", "Chủ nhật"})
_TET = "Tết Nguyên Đán"


def _reason_family(reason: str) -> str:
    if _TET.casefold() in reason.casefold():
        return _TET
    if reason in _WEEKEND_REASONS:
        return "weekend"
    return reason


def skipped_days_group(skipped: Iterable[SkippedDay]) -> list[SkippedRun]:
    """Merge consecutive days off of the same kind into runs, in date order."""
    runs: list[tuple[dt.date, dt.date, str, list[str]]] = []
    for item in sorted(skipped, key=lambda s: s.day):
        family = _reason_family(item.reason)
        if runs and runs[-1][2] == family and item.day - runs[-1][1] == dt.timedelta(days=1):
            first, _last, _family, reasons = runs[-1]
            if item.reason not in reasons:
                reasons.append(item.reason)
            runs[-1] = (first, item.day, family, reasons)
        else:
            runs.append((item.day, item.day, family, [item.reason]))
    return [
        SkippedRun(first=first, last=last, reason=_TET if family == _TET else ", ".join(reasons))
        for first, last, family, reasons in runs
    ]


@dataclass(frozen=True, slots=True)
class DeadlineEstimate:
    """When a dossier filed through one channel is due back, and the days off on the way."""

    channel: Channel
    due: DueDate | None
    #: Holidays and other days off, merged into runs; weekends are only counted.
    skipped: tuple[SkippedRun, ...] = ()
    weekend_days: int = 0
    shows_time: bool = False


def _limit_of(channel: Channel) -> tuple[Decimal | int, str] | None:
    if channel.time_limit_unit == TimeLimitUnit.SAME_DAY:
        return 0, TimeLimitUnit.SAME_DAY
    if channel.time_limit_value is None or not channel.time_limit_unit:
        return None
    return channel.time_limit_value, channel.time_limit_unit


def deadline_estimates(
    *,
    channels: Sequence[Channel],
    received_at: dt.datetime,
    kind: str | None = None,
    calendar: WorkingCalendar | None = None,
) -> list[DeadlineEstimate]:
    """Due dates for a dossier received at ``received_at`` through each channel with a time limit."""
    estimates: list[DeadlineEstimate] = []
    selected = [c for c in channels if not kind or c.kind == kind]
    if not any(_limit_of(c) for c in selected):
        return []
    calendar = calendar or working_calendar_get()
    for channel in selected:
        limit = _limit_of(channel)
        if limit is None:
            continue
        value, unit = limit
        try:
            due = calendar.due(received_at, value, unit, paper=channel.kind != ChannelKind.ONLINE)
        except (ValueError, ArithmeticError, OverflowError):
            estimates.append(DeadlineEstimate(channel=channel, due=None))
            continue
        estimates.append(
            DeadlineEstimate(
                channel=channel,
                due=due,
                skipped=tuple(
                    skipped_days_group(day for day in due.skipped if day.reason not in _WEEKEND_REASONS)
                ),
                weekend_days=sum(1 for day in due.skipped if day.reason in _WEEKEND_REASONS),
                shows_time=unit == TimeLimitUnit.HOURS,
            )
        )
    return estimates


# --- structured data (schema.org) ---------------------------------------------------------

#: ISO 8601 durations exist for calendar time only: a time limit in working days has none (five
#: working days are not ``P5D``), so its channel states it in words alone.
_DURATION_FORMATS = {TimeLimitUnit.CALENDAR_DAYS: "P{}D", TimeLimitUnit.HOURS: "PT{}H"}


def _duration(channel: Channel) -> str | None:
    pattern = (
        _DURATION_FORMATS.get(TimeLimitUnit(channel.time_limit_unit)) if channel.time_limit_unit else None
    )
    value = channel.time_limit_value
    if pattern is None or value is None or value != value.to_integral_value():
        return None
    return pattern.format(int(value))


def _service_channel(procedure: Procedure, channel: Channel) -> dict[str, Any]:
    from procedures.templatetags.catalogue_tags import channel_fee, channel_time_limit

    label = str(channel.get_kind_display())
    facts = [
        _("Thời hạn giải quyết: %(limit)s") % {"limit": channel_time_limit(channel)},
        _("Phí, lệ phí: %(fee)s") % {"fee": channel_fee(channel)},
        channel.description,
    ]
    return {
        "@type": "ServiceChannel",
        "name": label,
        "description": ". ".join(fact.strip().rstrip(".") for fact in facts if fact.strip()) + ".",
        "processingTime": _duration(channel),
        "serviceLocation": (
            {"@type": "Place", "address": procedure.address}
            if channel.kind == ChannelKind.IN_PERSON and procedure.address
            else None
        ),
    }


def _fee_offer(channel: Channel) -> dict[str, Any] | None:
    """The fee of one channel as an Offer: an amount in đồng, free (0), or the source's words."""
    price = 0 if channel.fee_free else channel.fee_amount
    if price is None and not channel.fee_text:
        return None
    return {
        "@type": "Offer",
        "name": _("Phí, lệ phí – %(channel)s") % {"channel": channel.get_kind_display()},
        "price": price,
        "priceCurrency": "VND" if price is not None else None,
        "description": channel.fee_text,
    }


def procedure_json_ld(*, procedure: Procedure, url: str, provider_url: str | None = None) -> dict[str, Any]:
    """The procedure as a schema.org ``GovernmentService``: its provider, audience, channels with
    their time limits and fees, and the area it serves. ``url`` is the page's absolute address and
    ``provider_url`` the department's. Reads only what ``procedure_detail_get`` fetched."""
    channels = list(procedure.channels.all())
    department = procedure.department
    provider_name = department.name if department is not None else procedure.executing_agency
    return {
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "@id": f"{url}#service",
        "name": procedure.name,
        "identifier": procedure.code,
        "url": url,
        "serviceType": procedure.field.name if procedure.field is not None else None,
        "provider": (
            {"@type": "GovernmentOrganization", "name": provider_name, "url": provider_url}
            if provider_name
            else None
        ),
        "audience": {"@type": "Audience", "audienceType": procedure.applicants}
        if procedure.applicants
        else None,
        "areaServed": {"@type": "AdministrativeArea", "name": settings.PORTAL_AREA_SERVED},
        "availableChannel": [_service_channel(procedure, channel) for channel in channels],
        "offers": [offer for offer in (_fee_offer(channel) for channel in channels) if offer],
    }
