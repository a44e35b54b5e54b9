"""Statistics search for journalists: dossier-level data by words and filters.

"trễ hạn đất đai quý 3 2019" means: late dossiers, field Đất đai, Q3 2019. The words
are parsed into ``DossierCriteria`` (outcome, channel, period, field, department;
any words left over must match procedure names through the site search), then one
``DossierSearchEngine`` answers with a page of dossiers, facet counts and the
statistics measures of the selection (DOMAIN.md §7):

- ``OrmDossierEngine`` (default): counts from the per-month aggregate rows
  (``MonthlyCounts``) whenever the selection is whole months, else SQL aggregation over
  ``Dossier`` rows; one page of rows is listed with an indexed, limited query;
- ``ElasticsearchDossierEngine`` (when ``ELASTICSEARCH_URL`` is set): the
  ``search.documents.DossierDocument`` index with aggregations. If the cluster is
  unreachable, the ORM answers and the result says so.

Period semantics, as on the statistics page: resolved measures (early / on time /
late) count dossiers *resolved* in the period; "received" counts dossiers received
in it; "pending" ones were received by its end and not resolved by then. Withdrawn
dossiers are left out everywhere, as in the statistics. Applicant names are never read.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.conf import settings
from django.db.models import Avg, Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _
from wagtail.search.backends import get_search_backend

from core.folding import normalize
from procedures.enums import ChannelKind
from procedures.models import Department, Field, Procedure
from search.query import MAX_QUERY_CHARS, query_parse
from transparency.enums import Outcome
from transparency.models import Dossier, DossierMonthStat
from transparency.periods import FIRST_DAY, LAST_DAY, PeriodError, month_parse
from transparency.selectors.statistics import coverage_get
from transparency.selectors.stocks import PeriodCoverage, period_coverage, stocks_day

logger = logging.getLogger("portal.search")

PER_PAGE = 20
MAX_PROCEDURES = 5000
OUTCOME_PENDING = "pending"
OUTCOME_OVERDUE = "overdue"
OUTCOME_LABELS: dict[str, Any] = {
    Outcome.EARLY: _("Trước hạn"),
    Outcome.ON_TIME: _("Đúng hạn"),
    Outcome.LATE: _("Trễ hạn"),
    OUTCOME_PENDING: _("Đang giải quyết"),
    OUTCOME_OVERDUE: _("Quá hạn, chưa giải quyết"),
}

# Folded phrases → criteria. Longest phrases are tried first.
_OUTCOME_WORDS = {
    "tre han": Outcome.LATE,
    "qua han": Outcome.LATE,
    "cham": Outcome.LATE,
    "late": Outcome.LATE,
    "dung han": Outcome.ON_TIME,
    "on time": Outcome.ON_TIME,
    "truoc han": Outcome.EARLY,
    "som": Outcome.EARLY,
    "early": Outcome.EARLY,
    "dang giai quyet": OUTCOME_PENDING,
    "chua giai quyet": OUTCOME_PENDING,
    "ton dong": OUTCOME_OVERDUE,
    "pending": OUTCOME_PENDING,
}
_CHANNEL_WORDS = {
    "truc tuyen": ChannelKind.ONLINE,
    "online": ChannelKind.ONLINE,
    "truc tiep": ChannelKind.IN_PERSON,
    "in person": ChannelKind.IN_PERSON,
    "buu chinh": ChannelKind.POST,
    "buu dien": ChannelKind.POST,
    "post": ChannelKind.POST,
}
_STOP_WORDS = frozenset(
    {
        *("ho", "so", "cac", "cua", "trong", "nam", "thang", "quy", "linh", "vuc", "thu", "tuc"),
        *("va", "o", "tai", "theo", "nhung", "bi", "da", "dossiers", "of", "in", "the", "and"),
    }
)
_QUARTER = re.compile(r"\b(?:quy|q|quarter)\s*([1-4])\s+(?:nam\s+)?((?:19|20)\d\d)\b")
_MONTH = re.compile(r"(?<!quy )(?<!q )\b(?:thang\s+)?(1[0-2]|0?[1-9])\s+(?:nam\s+)?((?:19|20)\d\d)\b")
_YEAR = re.compile(r"\b(?:nam\s+)?((?:19|20)\d\d)\b")


@dataclass(slots=True)
class DossierCriteria:
    """A journalist's selection; ``text`` as typed, the rest parsed from it and from filters."""

    text: str = ""
    departments: list[Department] = field(default_factory=list)
    fields: list[Field] = field(default_factory=list)
    channels: list[str] = field(default_factory=list)
    outcomes: list[str] = field(default_factory=list)
    start: dt.date | None = None
    end: dt.date | None = None
    words: list[str] = field(default_factory=list)
    procedure_ids: list[int] | None = None
    understood: list[tuple[Any, str]] = field(default_factory=list)
    #: Procedures asked for by code (``procedure=``).
    procedures: list[Procedure] = field(default_factory=list)
    #: Words and parameters that could not be read: shown to the user, never silently dropped.
    not_understood: list[str] = field(default_factory=list)
    #: The data's last day, and the day stocks (pending, overdue) are measured on: the period's
    #: end, never after the data (``transparency.selectors.stocks``).
    data_through: dt.date | None = None
    stocks_as_of: dt.date | None = None

    def _coverage(self) -> PeriodCoverage | None:
        if self.data_through is None:
            return None
        # Without an end the stocks are those of the data's last day: say so as well.
        return period_coverage(
            start=self.start or FIRST_DAY, end=self.end or LAST_DAY, data_through=self.data_through
        )

    @property
    def stocks_note(self) -> str | None:
        """ "Số liệu tồn đến ngày …", or "Không có số liệu sau ngày …" for a period after the data."""
        coverage = self._coverage()
        return coverage.notice if coverage is not None else None

    @property
    def after_data(self) -> bool:
        coverage = self._coverage()
        return coverage is not None and coverage.after_data

    @property
    def is_empty(self) -> bool:
        return not (
            self.departments or self.fields or self.channels or self.outcomes or self.start or self.words
        )


@dataclass(frozen=True, slots=True)
class DossierFacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(slots=True)
class DossierSearchResult:
    criteria: DossierCriteria
    rows: list[dict[str, Any]] = field(default_factory=list)
    count: int = 0
    page: int = 1
    pages: int = 0
    facets: dict[str, list[DossierFacetValue]] = field(default_factory=dict)
    measures: dict[str, Any] = field(default_factory=dict)
    engine: str = "orm"
    fallback: bool = False
    links: dict[str, str] = field(default_factory=dict)
    #: The data's days and last import (``transparency.selectors.freshness.Freshness``).
    freshness: Any = None


class DossierSearchEngine(Protocol):
    name: str

    def search(self, *, criteria: DossierCriteria, page: int, per_page: int) -> DossierSearchResult: ...


# --- parsing ----------------------------------------------------------------------------


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _take_phrases(words: str, table: Mapping[str, str]) -> tuple[str, list[str]]:
    found: list[str] = []
    for phrase in sorted(table, key=len, reverse=True):
        pattern = re.compile(rf"\b{re.escape(phrase)}\b")
        if pattern.search(words):
            found.append(table[phrase])
            words = pattern.sub(" ", words)
    return words, found


def _take_names(words: str, named: list[tuple[str, Any]]) -> tuple[str, list[Any]]:
    """Objects whose folded name occurs as a phrase in the words (longest names first)."""
    found: list[Any] = []
    for name, obj in sorted(named, key=lambda pair: len(pair[0]), reverse=True):
        if not name:
            continue
        pattern = re.compile(rf"\b{re.escape(name)}\b")
        if pattern.search(words):
            if obj not in found:
                found.append(obj)
            words = pattern.sub(" ", words)
    return words, found


def _parse_period(words: str) -> tuple[str, dt.date | None, dt.date | None]:
    if match := _QUARTER.search(words):
        quarter, year = int(match.group(1)), int(match.group(2))
        start = dt.date(year, 3 * quarter - 2, 1)
        return words.replace(match.group(0), " "), start, _month_end(year, 3 * quarter)
    if match := _MONTH.search(words):
        month, year = int(match.group(1)), int(match.group(2))
        return words.replace(match.group(0), " "), dt.date(year, month, 1), _month_end(year, month)
    if match := _YEAR.search(words):
        year = int(match.group(1))
        return words.replace(match.group(0), " "), dt.date(year, 1, 1), dt.date(year, 12, 31)
    return words, None, None


def _param_month(value: str | None, *, end: bool, name: str, problems: list[str]) -> dt.date | None:
    """A ``from``/``to`` month through the one period parser; a bad one is reported, not ignored."""
    text = str(value or "").strip()
    if not text:
        return None
    try:
        year, month = month_parse(text, field=name, label=name)
    except PeriodError:
        problems.append(f"{name}={text[:40]}")
        return None
    return _month_end(year, month) if end else dt.date(year, month, 1)


def _period_in_range(start: dt.date | None, end: dt.date | None) -> bool:
    """Years read from the words must be inside the calendar's years, like every other period."""
    return start is None or (start >= FIRST_DAY and end is not None and end <= LAST_DAY)


def _procedure_backend() -> Any:
    return get_search_backend("database" if "database" in settings.WAGTAILSEARCH_BACKENDS else "default")


def _procedure_words(words: list[str]) -> tuple[list[str], list[str]]:
    """(words that find procedures, words that find none).

    The leftover words are matched against procedure names; a word that matches no procedure
    at all was not understood: it is shown to the user instead of emptying the selection.
    One search when every word is found together, one per word otherwise.
    """
    backend = _procedure_backend()
    if list(backend.search(" ".join(words), Procedure.objects.all(), operator="and")[:1]):
        return words, []
    kept, unread = [], []
    for word in words:
        (kept if list(backend.search(word, Procedure.objects.all())[:1]) else unread).append(word)
    return kept, unread


def dossier_search_params(*, params: Mapping[str, Any]) -> DossierCriteria:
    """Criteria from GET parameters: q (words) plus department, field, channel, outcome, from, to."""

    def getlist(key: str) -> list[str]:
        values = params.getlist(key) if hasattr(params, "getlist") else params.get(key, [])
        return [v for v in values if v][:20]

    text = str(params.get("q", "") or "")[: MAX_QUERY_CHARS * 2]
    criteria = DossierCriteria(text=query_parse(text=text).text)
    words = " ".join(query_parse(text=text).terms)
    # Quarter/month/year before other numbers; the words keep what is left.
    problems: list[str] = []
    before = f" {words} "
    words, criteria.start, criteria.end = _parse_period(before)
    if not _period_in_range(criteria.start, criteria.end):
        problems.append(f"{criteria.start:%Y}")
        criteria.start = criteria.end = None
    words, outcomes = _take_phrases(words, _OUTCOME_WORDS)
    words, channels = _take_phrases(words, _CHANNEL_WORDS)
    # A department's full name first ("Sở Xây dựng" is the department, not the field "Xây
    # dựng"), then field names, then the departments' short names and names without "Sở".
    departments_all = list(Department.objects.all())
    words, departments = _take_names(words, [(normalize(d.name), d) for d in departments_all])
    fields_named = [(normalize(f.name), f) for f in Field.objects.all()]
    words, fields = _take_names(words, fields_named)
    named = [(normalize(d.short_name), d) for d in departments_all if len(d.short_name) > 2]
    named += [(re.sub(r"^(so|ban|chi cuc) ", "", normalize(d.name)), d) for d in departments_all]
    words, more_departments = _take_names(words, named)
    departments += [d for d in more_departments if d not in departments]

    department_slugs = getlist("department")
    if department_slugs:
        departments += [d for d in departments_all if d.slug in department_slugs and d not in departments]
    field_slugs = getlist("field")
    if field_slugs:
        fields += [f for _, f in fields_named if f.slug in field_slugs and f not in fields]
    channels += [c for c in getlist("channel") if c in ChannelKind.values and c not in channels]
    outcomes += [o for o in getlist("outcome") if o in OUTCOME_LABELS and o not in outcomes]
    problems += [f"outcome={o[:40]}" for o in getlist("outcome") if o not in OUTCOME_LABELS]
    problems += [f"channel={c[:40]}" for c in getlist("channel") if c not in ChannelKind.values]
    codes = getlist("procedure")
    if codes:
        criteria.procedures = list(Procedure.objects.filter(code__in=codes).order_by("code"))
        found = {p.code for p in criteria.procedures}
        problems += [f"procedure={code[:40]}" for code in codes if code not in found]
    start = _param_month(params.get("from"), end=False, name="from", problems=problems)
    end = _param_month(params.get("to"), end=True, name="to", problems=problems)
    if start or end:
        criteria.start, criteria.end = start or criteria.start, end or criteria.end
    if criteria.start and criteria.end and criteria.start > criteria.end:
        criteria.start, criteria.end = criteria.end, criteria.start

    criteria.departments, criteria.fields = departments, fields
    criteria.channels, criteria.outcomes = channels, outcomes
    criteria.words = [w for w in words.split() if w not in _STOP_WORDS]
    if criteria.words:
        criteria.words, unread = _procedure_words(criteria.words)
        problems += unread
    if criteria.words:
        backend = _procedure_backend()
        results = backend.search(" ".join(criteria.words), Procedure.objects.all(), operator="and")
        criteria.procedure_ids = [p.pk for p in results[:MAX_PROCEDURES]]
    if criteria.procedures:
        wanted = [p.pk for p in criteria.procedures]
        if criteria.procedure_ids is None:
            criteria.procedure_ids = wanted
        else:
            criteria.procedure_ids = [pk for pk in criteria.procedure_ids if pk in wanted]
    coverage = coverage_get()
    criteria.data_through = coverage.data_end if coverage is not None else None
    if criteria.end is not None:
        criteria.stocks_as_of = stocks_day(end=criteria.end, data_through=criteria.data_through)
    else:
        criteria.stocks_as_of = criteria.data_through
    criteria.not_understood = problems

    understood: list[tuple[Any, str]] = []
    understood += [(_("Kết quả"), str(OUTCOME_LABELS[o])) for o in criteria.outcomes]
    understood += [(_("Kênh"), str(ChannelKind(c).label)) for c in criteria.channels]
    understood += [(_("Lĩnh vực"), f.name) for f in criteria.fields]
    understood += [(_("Cơ quan"), d.name) for d in criteria.departments]
    understood += [(_("Thủ tục"), f"{p.code} {p.name[:120]}") for p in criteria.procedures]
    if criteria.start and criteria.end:
        understood.append((_("Thời gian"), f"{criteria.start:%d/%m/%Y} – {criteria.end:%d/%m/%Y}"))
    if criteria.words:
        understood.append((_("Thủ tục có từ"), " ".join(criteria.words)))
    criteria.understood = understood
    return criteria


# --- the ORM engine ---------------------------------------------------------------------


def _dimension_filter(criteria: DossierCriteria, *, skip: str = "") -> Q:
    condition = Q()
    if criteria.departments and skip != "department":
        condition &= Q(department__in=criteria.departments)
    if criteria.fields and skip != "field":
        condition &= Q(field__in=criteria.fields)
    if criteria.channels and skip != "channel":
        condition &= Q(channel__in=criteria.channels)
    if criteria.procedure_ids is not None:
        condition &= Q(procedure_id__in=criteria.procedure_ids)
    return condition


def _in_period(prefix: str, criteria: DossierCriteria) -> Q:
    condition = Q()
    if criteria.start:
        condition &= Q(**{f"{prefix}__gte": criteria.start})
    if criteria.end:
        condition &= Q(**{f"{prefix}__lte": criteria.end})
    return condition


def _stocks_cutoff(criteria: DossierCriteria) -> dt.date:
    """The day pending dossiers are judged on: the period's end, never after the data."""
    return criteria.stocks_as_of or criteria.end or dt.date.today()


def _pending(criteria: DossierCriteria) -> Q:
    at = criteria.stocks_as_of or criteria.end
    received = Q(received_on__lte=at) if at else Q()
    unresolved = Q(resolved_on__isnull=True)
    if at:
        unresolved |= Q(resolved_on__gt=at)
    return received & unresolved


def _outcome_filter(outcome: str, criteria: DossierCriteria) -> Q:
    if outcome in (Outcome.EARLY, Outcome.ON_TIME, Outcome.LATE):
        return Q(outcome=outcome) & _in_period("resolved_on", criteria)
    pending = _pending(criteria)
    if outcome == OUTCOME_OVERDUE:
        return pending & Q(due_on__lt=_stocks_cutoff(criteria))
    return pending


def _selection(criteria: DossierCriteria, *, skip: str = "") -> Q:
    condition = _dimension_filter(criteria, skip=skip)
    if criteria.outcomes and skip != "outcome":
        either = Q()
        for outcome in criteria.outcomes:
            either |= _outcome_filter(outcome, criteria)
        return condition & either
    if criteria.start or criteria.end:
        return condition & (_in_period("received_on", criteria) | _in_period("resolved_on", criteria))
    return condition


def orm_measures(*, queryset: QuerySet[Dossier], criteria: DossierCriteria) -> dict[str, Any]:
    """DOMAIN.md §7 measures of the dossiers matching the criteria's dimensions, in one query."""
    resolved = Q(resolved_on__isnull=False) & _in_period("resolved_on", criteria)
    pending = _pending(criteria)
    cutoff = _stocks_cutoff(criteria)
    late_any = Q(outcome=Outcome.LATE) & _in_period("resolved_on", criteria) | pending & Q(due_on__lt=cutoff)
    row = queryset.aggregate(
        received=Count("pk", filter=_in_period("received_on", criteria)),
        received_online=Count(
            "pk", filter=_in_period("received_on", criteria) & Q(channel=ChannelKind.ONLINE)
        ),
        resolved=Count("pk", filter=resolved),
        early=Count("pk", filter=resolved & Q(outcome=Outcome.EARLY)),
        on_time=Count("pk", filter=resolved & Q(outcome=Outcome.ON_TIME)),
        late=Count("pk", filter=resolved & Q(outcome=Outcome.LATE)),
        pending_within=Count("pk", filter=pending & Q(due_on__gte=cutoff)),
        pending_overdue=Count("pk", filter=pending & Q(due_on__lt=cutoff)),
        late_with_apology=Count("pk", filter=late_any & Q(has_apology=True)),
        late_without_apology=Count("pk", filter=late_any & Q(has_apology=False)),
        average_days=Avg("processing_days", filter=resolved),
    )
    return measures_finish(row)


def measures_finish(row: dict[str, Any]) -> dict[str, Any]:
    """Rates from counts (None when nothing was resolved)."""
    resolved = row.get("resolved") or 0
    row["late_rate"] = round(100 * row["late"] / resolved, 2) if resolved else None
    row["on_time_rate"] = round(100 * (row["early"] + row["on_time"]) / resolved, 2) if resolved else None
    if row.get("average_days") is not None:
        row["average_days"] = round(float(row["average_days"]), 1)
    return row


def _facets_orm(criteria: DossierCriteria) -> dict[str, list[DossierFacetValue]]:
    base = Dossier.objects.counted().order_by()
    facets: dict[str, list[DossierFacetValue]] = {}
    selected_departments = {d.slug for d in criteria.departments}
    rows = (
        base.filter(_selection(criteria, skip="department"))
        .values("department__slug", "department__name")
        .annotate(n=Count("pk"))
        .order_by("-n")[:30]
    )
    facets["department"] = [
        DossierFacetValue(
            r["department__slug"],
            r["department__name"],
            r["n"],
            r["department__slug"] in selected_departments,
        )
        for r in rows
    ]
    selected_fields = {f.slug for f in criteria.fields}
    rows = (
        base.filter(_selection(criteria, skip="field"), field__isnull=False)
        .values("field__slug", "field__name")
        .annotate(n=Count("pk"))
        .order_by("-n")[:30]
    )
    facets["field"] = [
        DossierFacetValue(r["field__slug"], r["field__name"], r["n"], r["field__slug"] in selected_fields)
        for r in rows
    ]
    facets["channel"] = _channel_facet(criteria)
    facets["outcome"] = _outcome_facet(criteria)
    facets["month"] = _month_facet(criteria)
    return facets


def _outcome_facet(criteria: DossierCriteria) -> list[DossierFacetValue]:
    counts = (
        Dossier.objects.counted()
        .filter(_dimension_filter(criteria))
        .aggregate(**{key: Count("pk", filter=_outcome_filter(key, criteria)) for key in OUTCOME_LABELS})
    )
    return [
        DossierFacetValue(key, str(label), counts[key], key in criteria.outcomes)
        for key, label in OUTCOME_LABELS.items()
        if counts[key]
    ]


def _channel_facet(criteria: DossierCriteria) -> list[DossierFacetValue]:
    channel_labels = dict(ChannelKind.choices)
    rows = (
        Dossier.objects.counted()
        .order_by()
        .filter(_selection(criteria, skip="channel"))
        .values("channel")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    return [
        DossierFacetValue(
            r["channel"],
            str(channel_labels.get(r["channel"], r["channel"])),
            r["n"],
            r["channel"] in criteria.channels,
        )
        for r in rows
    ]


def _month_facet(criteria: DossierCriteria) -> list[DossierFacetValue]:
    rows = (
        Dossier.objects.counted()
        .order_by()
        .filter(_selection(criteria))
        .annotate(month=TruncMonth("received_on"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    return [
        DossierFacetValue(f"{r['month']:%Y-%m}", f"{r['month']:%m/%Y}", r["n"], False)
        for r in rows
        if r["month"]
    ]


_ROW_FIELDS = (
    "code",
    "procedure__code",
    "procedure__name",
    "department__name",
    "channel",
    "received_on",
    "due_on",
    "resolved_on",
    "outcome",
    "late_days",
    "has_apology",
)


class OrmDossierEngine:
    name = "orm"

    def search(self, *, criteria: DossierCriteria, page: int, per_page: int) -> DossierSearchResult:
        result = DossierSearchResult(criteria=criteria, page=page, engine=self.name)
        selection = Dossier.objects.counted().filter(_selection(criteria))
        monthly = MonthlyCounts.for_criteria(criteria)
        counts = monthly.selection(group=None) if monthly else None
        result.count = counts.get(None, 0) if counts is not None else selection.count()
        result.pages = math.ceil(result.count / per_page) if result.count else 0
        start = (page - 1) * per_page
        if start < result.count:
            result.rows = list(
                selection.order_by("-received_on", "code").values(*_ROW_FIELDS)[start : start + per_page]
            )
        if monthly is None:
            result.facets = _facets_orm(criteria)
            result.measures = orm_measures(
                queryset=Dossier.objects.counted().filter(_dimension_filter(criteria)), criteria=criteria
            )
        else:
            result.facets = monthly.facets()
            result.measures = monthly.measures()
        return result


# --- the same answers from the per-month aggregate rows --------------------------------------

_RESOLVED_OUTCOMES = (Outcome.EARLY, Outcome.ON_TIME, Outcome.LATE)
_RECEIVED_BY_CHANNEL = {
    ChannelKind.IN_PERSON: "received_in_person",
    ChannelKind.ONLINE: "received_online",
    ChannelKind.POST: "received_post",
}
_GROUP_COLUMNS = {None: None, "department": "department_id", "field": "field_id", "month": "month"}
_MEASURE_FLOWS = (
    "received",
    "received_online",
    "resolved",
    "early",
    "on_time",
    "late",
    "late_with_apology",
    "processing_days_sum",
    "processing_count",
)


def _sum_into(total: dict[Any, int], part: Mapping[Any, Mapping[str, Any]]) -> None:
    for key, values in part.items():
        total[key] = total.get(key, 0) + sum(int(v or 0) for v in values.values())


class MonthlyCounts:
    """The ORM engine's counts from ``DossierMonthStat`` rows, exact for whole-month periods.

    The search periods (a month, a quarter, a year, from/to months) are whole months, so
    flows (received, resolved by outcome) are sums of month rows and stocks (pending,
    overdue) are the month-end snapshots of the period's last month; without an end the
    stocks are counted from the unresolved dossier rows. The rows split receipts by
    channel but not resolutions, so with a channel selected the measures and the outcome
    facet are counted from dossier rows.
    """

    def __init__(self, criteria: DossierCriteria, *, has_rows: bool) -> None:
        self.criteria = criteria
        self.has_rows = has_rows

    @classmethod
    def for_criteria(cls, criteria: DossierCriteria) -> MonthlyCounts | None:
        """None when the aggregate rows cannot answer (partial months, stale or missing rows)."""
        start, end = criteria.start, criteria.end
        if start is not None and start.day != 1:
            return None
        if end is not None and end != _month_end(end.year, end.month):
            return None
        coverage = coverage_get()
        if coverage is None:
            return None if Dossier.objects.counted().exists() else cls(criteria, has_rows=False)
        if end is not None and end > _month_end(coverage.last_month.year, coverage.last_month.month):
            return None
        return cls(criteria, has_rows=True)

    def _dimensions(self, *, skip: str = "") -> Q:
        criteria, condition = self.criteria, Q()
        if criteria.departments and skip != "department":
            condition &= Q(department_id__in=[d.pk for d in criteria.departments])
        if criteria.fields and skip != "field":
            condition &= Q(field_id__in=[f.pk for f in criteria.fields])
        if criteria.procedure_ids is not None:
            condition &= Q(procedure_id__in=criteria.procedure_ids)
        return condition

    @staticmethod
    def _grouped(qs: QuerySet[Any], group: str | None, **sums: Any) -> dict[Any, dict[str, Any]]:
        column = _GROUP_COLUMNS[group]
        if column is None:
            return {None: qs.aggregate(**sums)}
        return {row.pop(column): row for row in qs.values(column).annotate(**sums)}

    def _flows(self, condition: Q, group: str | None, names: tuple[str, ...]) -> dict[Any, dict[str, Any]]:
        if not self.has_rows or not names:
            return {}
        qs = DossierMonthStat.objects.filter(condition).order_by()
        if self.criteria.start:
            qs = qs.filter(month__gte=self.criteria.start)
        if self.criteria.end:
            qs = qs.filter(month__lte=self.criteria.end)
        return self._grouped(qs, group, **{name: Sum(name) for name in names})

    def _stocks(self, condition: Q, group: str | None) -> dict[Any, dict[str, Any]]:
        """Pending (all), overdue and overdue with an apology at the end of the period."""
        end, through = self.criteria.end, self.criteria.data_through
        if end is None or (through is not None and end >= through):
            # Nothing is received or resolved after the data's last day: the open dossiers are
            # those unresolved, judged on that day (never on a later month end).
            overdue = Q(due_on__lt=_stocks_cutoff(self.criteria))
            return self._grouped(
                Dossier.objects.counted().order_by().filter(condition, resolved_on__isnull=True),
                group,
                pending_all=Count("pk"),
                overdue=Count("pk", filter=overdue),
                overdue_with_apology=Count("pk", filter=overdue & Q(has_apology=True)),
            )
        if not self.has_rows:
            return {}
        return self._grouped(
            DossierMonthStat.objects.filter(condition, month=end.replace(day=1)).order_by(),
            group,
            pending_all=Sum("pending_end"),
            overdue=Sum("overdue_end"),
            overdue_with_apology=Sum("overdue_with_apology_end"),
        )

    def selection(self, *, group: str | None, skip: str = "") -> dict[Any, int] | None:
        """Dossiers of ``_selection(criteria, skip=skip)`` by group; None if the rows cannot tell."""
        criteria = self.criteria
        outcomes = criteria.outcomes if skip != "outcome" else []
        channels = criteria.channels if skip != "channel" else []
        condition = self._dimensions(skip=skip)
        if group == "field":
            condition &= Q(field_id__isnull=False)
        total: dict[Any, int] = {}
        if not outcomes:
            if criteria.start or criteria.end:
                return None
            names = tuple(_RECEIVED_BY_CHANNEL[c] for c in channels) if channels else ("received",)
            _sum_into(total, self._flows(condition, group, names))
        elif channels or group == "month":
            return None
        else:
            _sum_into(
                total, self._flows(condition, group, tuple(o for o in outcomes if o in _RESOLVED_OUTCOMES))
            )
            stock = "pending_all" if OUTCOME_PENDING in outcomes else "overdue"
            if OUTCOME_PENDING in outcomes or OUTCOME_OVERDUE in outcomes:
                _sum_into(total, {k: {stock: v[stock]} for k, v in self._stocks(condition, group).items()})
        return {key: n for key, n in total.items() if n}

    def measures(self) -> dict[str, Any]:
        if self.criteria.channels:
            selection = Dossier.objects.counted().filter(_dimension_filter(self.criteria))
            return orm_measures(queryset=selection, criteria=self.criteria)
        condition = self._dimensions()
        flows = self._flows(condition, None, _MEASURE_FLOWS).get(None, {})
        stocks = self._stocks(condition, None).get(None, {})
        value = {name: int(flows.get(name) or 0) for name in _MEASURE_FLOWS}
        value.update({name: int(v or 0) for name, v in stocks.items()})
        pending_all, overdue = value.get("pending_all", 0), value.get("overdue", 0)
        late_with_apology = value["late_with_apology"] + value.get("overdue_with_apology", 0)
        row = {
            **{name: value[name] for name in ("received", "received_online", "resolved", "early", "on_time")},
            "late": value["late"],
            "pending_within": pending_all - overdue,
            "pending_overdue": overdue,
            "late_with_apology": late_with_apology,
            "late_without_apology": value["late"] + overdue - late_with_apology,
            "average_days": (
                value["processing_days_sum"] / value["processing_count"]
                if value["processing_count"]
                else None
            ),
        }
        return measures_finish(row)

    def facets(self) -> dict[str, list[DossierFacetValue]]:
        criteria = self.criteria
        department_counts = self.selection(group="department", skip="department")
        field_counts = self.selection(group="field", skip="field")
        channel_counts = self.selection(group=None, skip="channel")
        if department_counts is None or field_counts is None or channel_counts is None:
            return _facets_orm(criteria)
        departments = Department.objects.in_bulk(list(department_counts))
        selected = {d.pk for d in criteria.departments}
        ranked = sorted(department_counts.items(), key=lambda item: (-item[1], departments[item[0]].name))
        facets = {
            "department": [
                DossierFacetValue(departments[pk].slug, departments[pk].name, n, pk in selected)
                for pk, n in ranked[:30]
            ]
        }
        fields_by_pk = Field.objects.in_bulk(list(field_counts))
        selected = {f.pk for f in criteria.fields}
        ranked = sorted(field_counts.items(), key=lambda item: (-item[1], fields_by_pk[item[0]].name))
        facets["field"] = [
            DossierFacetValue(fields_by_pk[pk].slug, fields_by_pk[pk].name, n, pk in selected)
            for pk, n in ranked[:30]
        ]
        facets["channel"] = self._channel_facet()
        facets["outcome"] = self._outcome_facet()
        facets["month"] = self._month_facet()
        return facets

    def _channel_facet(self) -> list[DossierFacetValue]:
        criteria = self.criteria
        if criteria.outcomes or criteria.start or criteria.end:
            return _channel_facet(criteria)
        flows = self._flows(self._dimensions(), None, tuple(_RECEIVED_BY_CHANNEL.values())).get(None, {})
        counts = [(channel, int(flows.get(name) or 0)) for channel, name in _RECEIVED_BY_CHANNEL.items()]
        return [
            DossierFacetValue(channel.value, str(channel.label), n, channel in criteria.channels)
            for channel, n in sorted(counts, key=lambda item: -item[1])
            if n
        ]

    def _outcome_facet(self) -> list[DossierFacetValue]:
        criteria = self.criteria
        if criteria.channels:
            return _outcome_facet(criteria)
        condition = self._dimensions()
        counts = {**self._flows(condition, None, _RESOLVED_OUTCOMES).get(None, {})}
        stocks = self._stocks(condition, None).get(None, {})
        counts[OUTCOME_PENDING] = stocks.get("pending_all")
        counts[OUTCOME_OVERDUE] = stocks.get("overdue")
        return [
            DossierFacetValue(key, str(label), int(counts[key]), key in criteria.outcomes)
            for key, label in OUTCOME_LABELS.items()
            if counts.get(key)
        ]

    def _month_facet(self) -> list[DossierFacetValue]:
        counts = self.selection(group="month")
        if counts is None:
            return _month_facet(self.criteria)
        return [
            DossierFacetValue(f"{month:%Y-%m}", f"{month:%m/%Y}", counts[month], False)
            for month in sorted(counts)
        ]


# --- choosing the engine ----------------------------------------------------------------


def dossier_engine() -> DossierSearchEngine:
    if getattr(settings, "ELASTICSEARCH_URL", None):
        from search.documents import ElasticsearchDossierEngine

        return ElasticsearchDossierEngine()
    return OrmDossierEngine()


def dossier_links(*, criteria: DossierCriteria) -> dict[str, str]:
    """The statistics page and the open-data download of the same selection."""
    from urllib.parse import urlencode

    params: list[tuple[str, str]] = []
    params += [("department", d.slug) for d in criteria.departments]
    params += [("field", f.slug) for f in criteria.fields]
    params += [("channel", c) for c in criteria.channels]
    params += [("outcome", o) for o in criteria.outcomes]
    params += [("procedure", p.code) for p in criteria.procedures]
    if criteria.start:
        params.append(("from", f"{criteria.start:%Y-%m}"))
    if criteria.end:
        params.append(("to", f"{criteria.end:%Y-%m}"))
    encoded = urlencode(params)
    suffix = f"?{encoded}" if encoded else ""
    return {
        "statistics": f"/thong-ke/{suffix}",
        "download_csv": f"/thong-ke/tai-ve.csv{suffix}",
        "api": f"/api/v1/statistics{suffix}",
        "dossiers_api": f"/api/v1/dossiers{suffix}",
    }


def dossier_search(
    *, criteria: DossierCriteria, page: int = 1, per_page: int = PER_PAGE
) -> DossierSearchResult:
    """Search dossiers with the configured engine (the ORM if Elasticsearch fails)."""
    from search.selectors import BACKEND_ERRORS

    page = max(1, min(page, 500))
    engine = dossier_engine()
    try:
        result = engine.search(criteria=criteria, page=page, per_page=per_page)
    except BACKEND_ERRORS as error:
        logger.warning("dossier search: Elasticsearch unreachable, using the database: %s", error)
        result = OrmDossierEngine().search(criteria=criteria, page=page, per_page=per_page)
        result.fallback = True
    from transparency.selectors.freshness import freshness_get

    result.links = dossier_links(criteria=criteria)
    result.freshness = freshness_get()
    return result
