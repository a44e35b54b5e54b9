"""Reading a journalist's words and filters into a ``DossierCriteria``.

Quarters, months and years first, then outcome and channel phrases, then department
and field names; the words left over must find procedures through the site search.
What cannot be read is kept in ``not_understood`` for the page to show.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.search.backends import get_search_backend

from core.folding import normalize
from procedures.enums import ChannelKind
from procedures.models import Department, Field, Procedure
from search.dossiers.criteria import (
    OUTCOME_LABELS,
    OUTCOME_OVERDUE,
    OUTCOME_PENDING,
    DossierCriteria,
    month_end,
)
from search.query import MAX_QUERY_CHARS, query_parse
from transparency.enums import Outcome
from transparency.periods import FIRST_DAY, LAST_DAY, PeriodError, month_parse
from transparency.selectors.statistics import coverage_get
from transparency.selectors.stocks import stocks_day

MAX_PROCEDURES = 5000

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
        return words.replace(match.group(0), " "), start, month_end(year, 3 * quarter)
    if match := _MONTH.search(words):
        month, year = int(match.group(1)), int(match.group(2))
        return words.replace(match.group(0), " "), dt.date(year, month, 1), month_end(year, month)
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
    return month_end(year, month) if end else dt.date(year, month, 1)


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
    kept: list[str] = []
    unread: list[str] = []
    for word in words:
        (kept if list(backend.search(word, Procedure.objects.all())[:1]) else unread).append(word)
    return kept, unread


def _getlist(params: Mapping[str, Any], key: str) -> list[str]:
    values = params.getlist(key) if hasattr(params, "getlist") else params.get(key, [])
    return [v for v in values if v][:20]


def _read_names(criteria: DossierCriteria, words: str, params: Mapping[str, Any]) -> str:
    """Departments and fields named in the words or asked for by slug; the words left over."""
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

    department_slugs = _getlist(params, "department")
    if department_slugs:
        departments += [d for d in departments_all if d.slug in department_slugs and d not in departments]
    field_slugs = _getlist(params, "field")
    if field_slugs:
        fields += [f for _, f in fields_named if f.slug in field_slugs and f not in fields]
    criteria.departments, criteria.fields = departments, fields
    return words


def _read_filters(criteria: DossierCriteria, params: Mapping[str, Any], problems: list[str]) -> None:
    """Channel, outcome, procedure and from/to parameters, beside what the words said."""
    criteria.channels += [
        c for c in _getlist(params, "channel") if c in ChannelKind.values and c not in criteria.channels
    ]
    criteria.outcomes += [
        o for o in _getlist(params, "outcome") if o in OUTCOME_LABELS and o not in criteria.outcomes
    ]
    problems += [f"outcome={o[:40]}" for o in _getlist(params, "outcome") if o not in OUTCOME_LABELS]
    problems += [f"channel={c[:40]}" for c in _getlist(params, "channel") if c not in ChannelKind.values]
    codes = _getlist(params, "procedure")
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


def _read_procedures(criteria: DossierCriteria, words: str, problems: list[str]) -> None:
    """The procedures the leftover words find, narrowed to those asked for by code."""
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


def _understood(criteria: DossierCriteria) -> list[tuple[Any, str]]:
    """What the page says it searched for, one labelled line per criterion."""
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
    return understood


def dossier_search_params(*, params: Mapping[str, Any]) -> DossierCriteria:
    """Criteria from GET parameters: q (words) plus department, field, channel, outcome, from, to."""
    text = str(params.get("q", "") or "")[: MAX_QUERY_CHARS * 2]
    criteria = DossierCriteria(text=query_parse(text=text).text)
    words = " ".join(query_parse(text=text).terms)
    # Quarter/month/year before other numbers; the words keep what is left.
    problems: list[str] = []
    words, criteria.start, criteria.end = _parse_period(f" {words} ")
    if not _period_in_range(criteria.start, criteria.end):
        problems.append(f"{criteria.start:%Y}")
        criteria.start = criteria.end = None
    words, criteria.outcomes = _take_phrases(words, _OUTCOME_WORDS)
    words, criteria.channels = _take_phrases(words, _CHANNEL_WORDS)
    words = _read_names(criteria, words, params)
    _read_filters(criteria, params, problems)
    _read_procedures(criteria, words, problems)
    coverage = coverage_get()
    criteria.data_through = coverage.data_end if coverage is not None else None
    if criteria.end is not None:
        criteria.stocks_as_of = stocks_day(end=criteria.end, data_through=criteria.data_through)
    else:
        criteria.stocks_as_of = criteria.data_through
    criteria.not_understood = problems
    criteria.understood = _understood(criteria)
    return criteria
