"""Parsers for the national public-service portal's (dichvucong.gov.vn) catalogue exports.

Two export formats are understood:

* the **"Danh sách thủ tục hành chính" spreadsheet** (``.xlsx``): one procedure per row with
  ``Mã số | Tên | Cơ quan ban hành | Cơ quan thực hiện | Lĩnh vực``
  (:func:`parse_national_list`);
* **one JSON object per procedure** as collected by the portal scraper, with keys such as
  ``ma_thu_tuc``, ``ten_thu_tuc``, ``cach_thuc_thuc_hien`` ... (:func:`parse_national_record`,
  :func:`parse_national_records`).

The scraper flattened the portal's HTML tables into run-together text (``"Trực tuyến5 Ngày làm
việcMiễn phíTrực tiếp5 Ngày làm việcMiễn phí"``); the helpers below split that text back into
channels, steps, required documents and legal documents.

This module is deliberately free of Django: it imports nothing from the project, needs no
settings, and returns frozen dataclasses that an importer maps onto the models. Choice values are
plain strings equal to the values of :mod:`procedures.enums` (``Level``, ``ChannelKind``,
``TimeLimitUnit``, ``OnlineLevel``); ``tests/procedures/test_parsers.py`` checks that they stay in
sync.
"""

from __future__ import annotations

import json
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, BinaryIO

from core.folding import fold_compact

__all__ = [
    "ChannelRecord",
    "DocumentRecord",
    "LegalDocRecord",
    "ParseError",
    "ParseFailure",
    "ProcedureRecord",
    "StepRecord",
    "clean_text",
    "parse_channels",
    "parse_documents",
    "parse_legal_basis",
    "parse_level",
    "parse_national_list",
    "parse_national_record",
    "parse_national_records",
    "parse_online_level",
    "parse_steps",
]

# --------------------------------------------------------------------------------------------
# Choice values (mirror procedures.enums; kept as literals so this module needs no Django).
# --------------------------------------------------------------------------------------------

LEVEL_MINISTRY = "ministry"  # Level.MINISTRY
LEVEL_PROVINCE = "province"  # Level.PROVINCE
LEVEL_DISTRICT = "district"  # Level.DISTRICT
LEVEL_COMMUNE = "commune"  # Level.COMMUNE
LEVEL_OTHER = "other"  # Level.OTHER

CHANNEL_IN_PERSON = "in_person"  # ChannelKind.IN_PERSON
CHANNEL_ONLINE = "online"  # ChannelKind.ONLINE
CHANNEL_POST = "post"  # ChannelKind.POST

UNIT_WORKING_DAYS = "working_days"  # TimeLimitUnit.WORKING_DAYS
UNIT_CALENDAR_DAYS = "calendar_days"  # TimeLimitUnit.CALENDAR_DAYS
UNIT_HOURS = "hours"  # TimeLimitUnit.HOURS
UNIT_SAME_DAY = "same_day"  # TimeLimitUnit.SAME_DAY

ONLINE_FULL = "full"  # OnlineLevel.FULL
ONLINE_PARTIAL = "partial"  # OnlineLevel.PARTIAL

NO_INFORMATION = "Không có thông tin"
"""The portal's placeholder for an empty field ("no information")."""

LIST_COLUMNS: tuple[str, ...] = ("Mã số", "Tên", "Cơ quan ban hành", "Cơ quan thực hiện", "Lĩnh vực")
"""Header of the "Danh sách thủ tục hành chính" spreadsheet, in the portal's order."""

# --------------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ChannelRecord:
    """One row of "Cách thức thực hiện": how to file, with its own time limit and fee.

    ``time_limit_unit`` is ``None`` when there is no time limit, or when the portal gave a unit
    the catalogue cannot represent (months, years): then ``time_limit_value`` holds the number
    and ``time_limit_text`` the original wording. ``fee_amount`` is in đồng: ``0`` when free,
    ``None`` when unknown or in a foreign currency (see ``fee_text``).
    """

    kind: str
    time_limit_value: Decimal | None
    time_limit_unit: str | None
    time_limit_text: str
    fee_amount: int | None
    fee_free: bool
    fee_text: str
    description: str


@dataclass(frozen=True, slots=True)
class StepRecord:
    """One step of "Trình tự thực hiện" (``unit`` / ``time_share`` empty when unknown)."""

    order: int
    text: str
    unit: str = ""
    time_share: str = ""


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """One required document of "Thành phần hồ sơ".

    ``template`` holds the form file name(s) the portal links (one per line); ``originals`` /
    ``copies`` are ``None`` when the portal gave no count. ``group`` is the heading the document
    is listed under (e.g. "Giấy tờ phải nộp"), empty when there is none.
    """

    order: int
    name: str
    template: str = ""
    originals: int | None = None
    copies: int | None = None
    group: str = ""


@dataclass(frozen=True, slots=True)
class LegalDocRecord:
    """One legal document of "Căn cứ pháp lý": its title and code (e.g. ``04/2020/TT-BTP``)."""

    order: int
    title: str
    code: str = ""


@dataclass(frozen=True, slots=True)
class ProcedureRecord:
    """One administrative procedure (thủ tục hành chính) as published nationally.

    Text fields are cleaned with :func:`clean_text` and empty when the portal had no
    information. ``level`` is a ``Level`` value (empty when unknown) and ``level_text`` the
    portal's wording; ``online_level`` is an ``OnlineLevel`` value or ``None`` when not stated.
    ``issuing_agency`` (the list's "Cơ quan ban hành"), ``related_procedures`` and
    ``description`` extend the fields the importer needs; they default to empty.
    """

    code: str
    name: str
    decision_number: str = ""
    level: str = ""
    level_text: str = ""
    procedure_type: str = ""
    field: str = ""
    applicants: str = ""
    deciding_agency: str = ""
    executing_agencies: tuple[str, ...] = ()
    delegated_agency: str = ""
    cooperating_agency: str = ""
    address: str = ""
    result: str = ""
    conditions: str = ""
    steps: tuple[StepRecord, ...] = ()
    channels: tuple[ChannelRecord, ...] = ()
    documents: tuple[DocumentRecord, ...] = ()
    legal_basis: tuple[LegalDocRecord, ...] = ()
    source_url: str = ""
    online_level: str | None = None
    issuing_agency: str = ""
    related_procedures: str = ""
    description: str = ""


@dataclass(frozen=True, slots=True)
class ParseError:
    """A problem with one row (spreadsheet: 1-based sheet row; JSON list: 1-based item) or file."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"dòng {self.row}")
        if self.column:
            where.append(f"cột {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class ParseFailure(Exception):
    """The input cannot be parsed at all (wrong file type, missing header columns, ...)."""

    def __init__(self, errors: Iterable[ParseError] | ParseError | str) -> None:
        if isinstance(errors, str):
            errors = [ParseError(None, None, errors)]
        elif isinstance(errors, ParseError):
            errors = [errors]
        self.errors: list[ParseError] = list(errors)
        super().__init__("; ".join(str(error) for error in self.errors))


# --------------------------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------------------------

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_HSPACE_RUN = re.compile(r"[^\S\n]+")
_NEWLINES = re.compile(r"\r\n?")


def clean_text(value: object) -> str:
    """Normalise a portal text value.

    Non-breaking and other Unicode spaces become plain spaces, zero-width characters are
    removed, runs of spaces/tabs collapse to one space, every line is stripped, empty lines are
    dropped, and the placeholder "Không có thông tin" (no information) becomes ``""``.
    ``None`` becomes ``""``; other non-strings are converted with :func:`str`; lists are joined
    one item per line.
    """
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = "\n".join(clean_text(item) for item in value)
    lines = (line.strip() for line in _prepare(value).split("\n"))
    text = "\n".join(line for line in lines if line)
    return "" if len(text) < 2 * len(NO_INFORMATION) and fold_compact(text) == _NO_INFORMATION_KEY else text


def _prepare(value: object) -> str:
    """Raw text ready for pattern matching: NFC, no zero-width characters, ``\n`` line ends,
    every run of other whitespace (U+00A0, tabs, …) one space."""
    if value is None:
        return ""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", str(value)))
    return _HSPACE_RUN.sub(" ", _NEWLINES.sub("\n", text))


_NO_INFORMATION_KEY = fold_compact(NO_INFORMATION)


def _join(parts: Iterable[str]) -> str:
    """Non-empty parts, one per line, cleaned."""
    return clean_text("\n".join(part for part in parts if part))


# --------------------------------------------------------------------------------------------
# Level and online level
# --------------------------------------------------------------------------------------------

_LEVELS = {
    "capbo": LEVEL_MINISTRY,
    "captrunguong": LEVEL_MINISTRY,
    "captinh": LEVEL_PROVINCE,
    "caphuyen": LEVEL_DISTRICT,
    "capxa": LEVEL_COMMUNE,
    "coquankhac": LEVEL_OTHER,
}


def parse_level(text: str) -> str:
    """Map "Cấp thực hiện" to a ``Level`` value: the first of a comma-separated list wins.

    "Cấp Tỉnh, Cấp Xã" → ``"province"``; "Cơ quan khác" or anything unknown → ``"other"``;
    empty → ``""``.
    """
    first = clean_text(text).split(",")[0].strip()
    if not first:
        return ""
    return _LEVELS.get(fold_compact(first), LEVEL_OTHER)


_PARTIAL_ONLINE = re.compile(
    r"(?:trực tuyến|DVCTT|dịch vụ công)\s*(?:mức độ\s*)?(?:\(\s*)?một phần", re.IGNORECASE
)


def parse_online_level(text: str) -> str | None:
    """Online service level stated in a record's text: ``"full"``, ``"partial"`` or ``None``.

    "toàn trình" anywhere means fully online. "một phần" only counts in the phrase
    "(dịch vụ công) trực tuyến một phần": the bare words also mean "partly" in ordinary
    sentences ("thi hành xong toàn bộ hoặc một phần nghĩa vụ").
    """
    text = _prepare(text)
    if re.search(r"toàn\s+trình", text, re.IGNORECASE):
        return ONLINE_FULL
    if _PARTIAL_ONLINE.search(text):
        return ONLINE_PARTIAL
    return None


# --------------------------------------------------------------------------------------------
# Channels ("Cách thức thực hiện")
# --------------------------------------------------------------------------------------------

_CHANNEL_HEADER = re.compile(
    r"^\s*Hình thức nộp\s*Thời gian\s*(?:giải quyết\s*)?Phí\s*,?\s*lệ phí\s*Mô tả", re.IGNORECASE
)
_CHANNEL_KINDS = {
    "Dịch vụ bưu chính": CHANNEL_POST,
    "Bưu chính": CHANNEL_POST,
    "Trực tuyến": CHANNEL_ONLINE,
    "Trực tiếp": CHANNEL_IN_PERSON,
}
# A channel name starts a row only when the time (or fee) cell follows it: "Trực tiếp" inside a
# description ("Trực tiếp thực hiện hoặc ủy quyền ...") is not a row.
_CHANNEL_ROW = re.compile(
    r"(?P<kind>Dịch vụ bưu chính|Bưu chính|Trực tuyến|Trực tiếp)"
    r"(?=\s*(?:\d|Không|Trong\b|Thời hạn|Tối đa|Ngày|Giờ|Miễn phí|Lệ phí|Phí\b))"
)
_UNIT_WORDS = r"ngày làm việc|ngày|giờ làm việc|giờ|tháng|năm"
_TIME_LEAD = (
    r"(?:(?:trong(?:\s+(?:vòng|thời\s+hạn))?|thời\s+hạn(?:\s+giải\s+quyết)?|tối\s+đa|không\s+quá)\s*:?\s*)*"
)
_TIME_NUMBER = re.compile(rf"{_TIME_LEAD}(?P<num>\d+(?:[.,]\d+)*)\s*(?P<unit>{_UNIT_WORDS})?", re.IGNORECASE)
_SAME_DAY = re.compile(r"(?:ngay\s+)?trong\s+(?:ngày làm việc|ngày)", re.IGNORECASE)
_CURRENCY = r"Việt Nam Đồng|VNĐ|VND|đồng|USD|đô la Mỹ"
_FEE_AMOUNT = re.compile(
    rf"(?:(?:Lệ phí|Phí)\s*:?\s*)?(?P<amount>\d{{1,3}}(?:[.,]\d{{3}})+|\d+)\s*(?P<currency>{_CURRENCY})",
    re.IGNORECASE,
)
_FEE_START = re.compile(
    rf"Miễn phí|{NO_INFORMATION}|Không\b|(?:Lệ phí|Phí)\s*:"
    rf"|(?:\d{{1,3}}(?:[.,]\d{{3}})+|\d+)\s*(?:{_CURRENCY})",
    re.IGNORECASE,
)
_STARTS_WITH_CURRENCY = re.compile(rf"\s*(?:{_CURRENCY})", re.IGNORECASE)
_GROUPED_AMOUNT = re.compile(r"[1-9]\d{0,2}(?:[.,]\d{3})+")
_DESCRIPTION_TIME = re.compile(
    rf"(?:^|\n)\s*[-+]?\s*(?P<text>(?:Trong\s+)?thời hạn\s+(?:giải quyết\s+)?(?:là\s+)?(?:không quá\s+)?"
    rf"(?P<num>\d+(?:[.,]\d+)?)\s*(?P<unit>{_UNIT_WORDS}))",
    re.IGNORECASE,
)


def _unit_of(word: str | None) -> str | None:
    """The ``TimeLimitUnit`` value of a unit word (``None`` for months/years)."""
    if not word:
        return UNIT_WORKING_DAYS  # the portal's default when only a number is given
    key = fold_compact(word)
    return {
        "ngaylamviec": UNIT_WORKING_DAYS,
        "ngay": UNIT_CALENDAR_DAYS,
        "giolamviec": UNIT_HOURS,
        "gio": UNIT_HOURS,
    }.get(key)  # tháng / năm: no catalogue unit (value kept, unit None)


def _decimal(text: str) -> Decimal | None:
    """Parse "0,5", "0.5" or "7" as a Decimal (``None`` if it is not a number)."""
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None


def _split_time_and_amount(run: str) -> tuple[str, str]:
    """Split a digit run where a unit-less time limit ran into the fee ("1200 VNĐ" → "1", "200").

    A grouped amount ("51,000,000") is the longest well-formed group that leaves digits in
    front; otherwise the time is the shortest prefix that leaves an amount not starting with 0.
    """
    if "," in run or "." in run:
        for start in range(1, len(run)):
            if run[:start].isdigit() and _GROUPED_AMOUNT.fullmatch(run[start:]):
                return run[:start], run[start:]
        return run, ""
    for cut in range(1, len(run)):
        rest = run[cut:]
        if rest == "0" or not rest.startswith("0"):
            return run[:cut], rest
    return run, ""


def _balanced_parenthesis(text: str) -> int:
    """Length of the parenthesised group at the start of ``text`` (to its end if unbalanced)."""
    depth = 0
    for index, char in enumerate(text):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return index + 1
    return len(text)


def _is_foreign(currency: str) -> bool:
    """Is the fee in a foreign currency (not convertible to đồng here)?"""
    return fold_compact(currency) in {"usd", "dolamy"}


def _parse_channel_row(kind: str, cell: str) -> ChannelRecord:
    """Parse one channel row (the text after "Trực tuyến" / "Trực tiếp" / "Dịch vụ bưu chính")."""
    rest = cell.lstrip()
    value: Decimal | None = None
    unit: str | None = None
    time_text = ""
    amount_digits = ""
    if rest.startswith(NO_INFORMATION):
        rest = rest[len(NO_INFORMATION) :]
    elif match := _SAME_DAY.match(rest):
        unit, time_text, rest = UNIT_SAME_DAY, match.group(0), rest[match.end() :]
    elif match := _TIME_NUMBER.match(rest):
        number, word = match.group("num"), match.group("unit")
        time_text, rest = match.group(0), rest[match.end() :]
        if not word and _STARTS_WITH_CURRENCY.match(rest):
            # "Trực tuyến1200 VNĐ": a unit-less time limit glued to the fee amount.
            number, amount_digits = _split_time_and_amount(number)
            time_text = time_text[: match.start("num") - match.start()] + number
        value, unit = _decimal(number), _unit_of(word)
        if re.match(r"\s*[^\W\d_]", rest) and rest.lstrip()[:1].islower():
            # "05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệMiễn phí…": the time cell goes on.
            fee_start = _FEE_START.search(rest)
            cut = fee_start.start() if fee_start else len(rest)
            time_text, rest = time_text + rest[:cut], rest[cut:]

    fee_amount: int | None = None
    fee_free = False
    fee_text = ""
    rest = rest.lstrip()
    currency = _STARTS_WITH_CURRENCY.match(rest) if amount_digits else None
    if currency is not None:
        fee_text = f"{amount_digits} {currency.group(0).strip()}"
        if not _is_foreign(currency.group(0)):
            fee_amount = int(amount_digits.replace(",", "").replace(".", ""))
        rest = rest[currency.end() :]
    elif rest.startswith("Miễn phí"):
        fee_free, fee_amount, fee_text, rest = True, 0, "Miễn phí", rest[len("Miễn phí") :]
    elif rest.startswith(NO_INFORMATION):
        rest = rest[len(NO_INFORMATION) :]
    elif match := re.match(r"Không(?![^\W\d_])", rest):
        fee_free, fee_amount, fee_text, rest = True, 0, "Không", rest[match.end() :]
    elif match := _FEE_AMOUNT.match(rest):
        fee_text = match.group(0)
        if not _is_foreign(match.group("currency")):
            fee_amount = int(re.sub(r"\D", "", match.group("amount")))
        rest = rest[match.end() :]
    if fee_text and rest.lstrip().startswith("("):
        rest = rest.lstrip()
        end = _balanced_parenthesis(rest)
        fee_text = f"{fee_text} {rest[:end]}"
        rest = rest[end:]
    description = clean_text(rest)

    if value is None and unit is None and description:
        # The time column said "no information" but the description states the limit.
        found = _DESCRIPTION_TIME.search(description)
        if found:
            value, unit = _decimal(found.group("num")), _unit_of(found.group("unit"))
            time_text = found.group("text")
    return ChannelRecord(
        kind=kind,
        time_limit_value=value,
        time_limit_unit=unit,
        time_limit_text=clean_text(time_text),
        fee_amount=fee_amount,
        fee_free=fee_free,
        fee_text=clean_text(fee_text),
        description=description,
    )


def _channel_cells(text: str) -> Iterator[tuple[str, str]]:
    """Yield ``(kind, cell text)`` for each channel row of a flattened channels table."""
    text = _CHANNEL_HEADER.sub("", _prepare(text), count=1)
    matches = list(_CHANNEL_ROW.finditer(text))
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        yield _CHANNEL_KINDS[match.group("kind")], text[match.end() : end]


def parse_channels(text: str) -> tuple[ChannelRecord, ...]:
    """Parse "Cách thức thực hiện" into one :class:`ChannelRecord` per row.

    The flattened table is ``Hình thức nộpThời gianPhí, lệ phíMô tả`` followed by rows such as
    ``Trực tuyến7 Ngày làm việc10,000 Việt Nam Đồng(note)description``. The time limit is a
    number (``0,5`` allowed) with an optional unit: "Ngày làm việc" → working days, "Ngày" →
    calendar days, "Giờ" → hours, "Trong ngày" → same day, none → working days (the portal's
    default), "Tháng"/"Năm" → no unit (value and text kept). Words that run on after the unit
    ("05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ") stay in ``time_limit_text``. A
    unit-less number glued to the fee ("1200 VNĐ") is split as time "1", fee "200". When the
    time column says "Không có thông tin" the limit is taken from a description line starting
    "Trong thời hạn N ngày ...", if any. The fee is "Miễn phí"/"Không" (free, amount 0), an
    amount in đồng (``10,000 Việt Nam Đồng``, ``Lệ phí : 100.000 Đồng``, ``50 VNĐ``), in USD
    (amount ``None``), or unknown; a parenthesised note right after the fee belongs to
    ``fee_text``; the rest of the row is the description.
    """
    return tuple(_parse_channel_row(kind, cell) for kind, cell in _channel_cells(text))


# --------------------------------------------------------------------------------------------
# Steps ("Trình tự thực hiện")
# --------------------------------------------------------------------------------------------

_STEP_MARKER = re.compile(r"^Bước\s*(?P<number>\d+)\s*[:.)\-\u2013]?\s*", re.IGNORECASE)
_BULLET = re.compile(r"^[-\u2013\u2014\u2022\u25cf\u25aa]+\s*")
_ENUMERATION = re.compile(r"^(?:\d{1,2}[.)](?!\d)|[a-zđ][.)])\s*(?=\S)")
_TIME_SHARE = re.compile(
    rf"^(?:Trong\s+)?(?:thời hạn|vòng)\s+(?:không quá\s+|tối đa\s+)?"
    rf"(?P<share>\d+(?:[.,]\d+)?\s*(?:{_UNIT_WORDS}))",
    re.IGNORECASE,
)


def _starts_lowercase(line: str) -> bool:
    """Does the line start with a lower-case letter (a wrapped sentence going on)?"""
    return bool(line) and line[0].isalpha() and line[0].islower()


def parse_steps(text: str) -> tuple[StepRecord, ...]:
    """Split "Trình tự thực hiện" into ordered steps, losing no text.

    * With "Bước N:" markers each marker starts a step; everything up to the next marker,
      including "- ..." sub-points, belongs to it (the sub-points are cases of that step).
    * Otherwise, if some lines are "- " bullets (or "1." / "a)" enumerations), those lines
      start steps and the other lines ("+ ...", "(i) ...", "* Lưu ý", plain sentences) continue
      the current step.
    * Otherwise every line is a step.

    In every mode a line that starts in lower case continues the previous line (the source was
    wrapped mid-sentence), and text before the first marker becomes a step of its own. Bullets
    and "Bước N:" markers are stripped; "1." / "a)" labels are kept, as they name cases rather
    than steps. ``time_share`` is read from a leading "Trong thời hạn 05 ngày làm việc ...".
    """
    cleaned = clean_text(text)
    lines = cleaned.split("\n") if cleaned else []
    strip: re.Pattern[str] | None
    if any(_STEP_MARKER.match(line) for line in lines):
        strip = _STEP_MARKER

        def begins(line: str) -> bool:
            return bool(_STEP_MARKER.match(line))

    elif any(_BULLET.match(line) or _ENUMERATION.match(line) for line in lines):
        strip = _BULLET

        def begins(line: str) -> bool:
            return bool(_BULLET.match(line) or _ENUMERATION.match(line))

    else:
        strip = None

        def begins(line: str) -> bool:
            return not _starts_lowercase(line)

    chunks: list[list[str]] = []
    for line in lines:
        starts_step = begins(line)
        if starts_step or not chunks:
            body = strip.sub("", line, count=1) if strip is not None and starts_step else line
            chunks.append([body] if body else [])
        elif _starts_lowercase(line) and chunks[-1] and chunks[-1][-1][-1:] not in ".;:!?":
            chunks[-1][-1] = f"{chunks[-1][-1]} {line}"
        else:
            chunks[-1].append(line)

    steps: list[StepRecord] = []
    for chunk in chunks:
        step_text = clean_text("\n".join(chunk))
        if not step_text:
            continue
        share = _TIME_SHARE.match(step_text)
        steps.append(
            StepRecord(
                order=len(steps) + 1,
                text=step_text,
                time_share=clean_text(share.group("share")) if share else "",
            )
        )
    return tuple(steps)


# --------------------------------------------------------------------------------------------
# Documents ("Thành phần hồ sơ")
# --------------------------------------------------------------------------------------------

_DOCUMENT_HEADER = re.compile(r"Tên giấy tờ\s*Mẫu đơn\s*,?\s*tờ khai\s*Số lượng", re.IGNORECASE)
_COUNT = re.compile(
    r"(?<![\d(])(?:(?P<orig>\d+)\s*bản chính(?:\s*,\s*(?P<copy>\d+)\s*bản sao)?"
    r"|(?P<copy_only>\d+)\s*bản sao)",
    re.IGNORECASE,
)
_TEMPLATE_EXTENSION = re.compile(r"\.(?:docx?|pdf|xlsx?|odt|rtf|zip|rar)$", re.IGNORECASE)
_TEMPLATE_START = re.compile(
    r"Mẫu|Mau"  # "Mẫu TP-LS-28-sđ.docx", "Mau so 01a_QSDT, TSGLVD.docx", "MauDon.docx"
    r"|(?:(?<=[.;:)\]])|(?<=[^\W\d_]))\d+\.+\s?(?=[A-Za-z])(?!(?:docx?|pdf|xlsx?)$)"  # "1.nxinnhnconnui.doc"
    r"|(?<=[.;:)\]]|[a-z])(?=TP[-\s])"  # ")TP-DGTS-09.doc"
    r"|(?<=[^\W\d_])(?=TP[-\s])"  # "…tài sảnTP-DGTS-05.doc"
)


def _split_templates(text: str) -> tuple[str, str]:
    """Split trailing form file names off a document cell: ``(name, "file1\\nfile2")``."""
    templates: list[str] = []
    while _TEMPLATE_EXTENSION.search(text):
        starts = [m.start() for m in _TEMPLATE_START.finditer(text) if m.start() < len(text) - 4]
        if not starts:
            break
        start = starts[-1]
        # "6. TP-LS-06. De nghi....doc": a file name that itself starts with "N." is longer.
        for earlier in reversed(starts[:-1]):
            gap = text[earlier:start]
            if re.fullmatch(r"\d+\.+\s?", gap):
                start = earlier
            else:
                break
        templates.insert(0, text[start:].strip())
        text = text[:start]
    return text, "\n".join(templates)


def _is_prose_after(text: str, end: int) -> bool:
    """Is a "N bản chính" ending at ``end`` part of a sentence rather than the count column?

    "(01 bản chính hoặc 01 bản sao có chứng thực)", "01 bản chính/hồ sơ", "01 bản chính, kèm
    theo …" are prose; "1 bản chính- Tờ khai…", "1 bản chínhGiấy…" or "1 bản chínhảnh màu…"
    (the next cell glued on) are counts.
    """
    rest = text[end:]
    stripped = rest.lstrip()
    if stripped[:1] in {")", "/"}:
        return True
    if stripped[:1] == ",":
        stripped = stripped[1:].lstrip()
        return stripped[:1].islower()
    return len(stripped) < len(rest) and stripped[:1].islower()


def _document_cells(body: str) -> tuple[list[tuple[str, int | None, int | None]], str]:
    """Cut one table body into ``(cell text, originals, copies)`` rows plus trailing text."""
    rows: list[tuple[str, int | None, int | None]] = []
    position = 0
    for match in _COUNT.finditer(body):
        if match.start() > 0 and body[match.start() - 1 : match.start()] == "(":
            continue
        if _is_prose_after(body, match.end()):
            continue
        originals = int(match.group("orig")) if match.group("orig") is not None else 0
        if match.group("copy") is not None:
            copies = int(match.group("copy"))
        elif match.group("copy_only") is not None:
            copies = int(match.group("copy_only"))
        else:
            copies = 0
        rows.append((body[position : match.start()], originals, copies))
        position = match.end()
    return rows, body[position:]


def _group_title(text: str) -> str:
    """A document group heading without bullets and trailing colon ("--" means none)."""
    title = clean_text(text)
    title = re.sub(r"^[-*•+]+\s*", "", title)
    return "" if re.fullmatch(r"[-*\s]*", title) else title.rstrip(" :")


def parse_documents(text: str) -> tuple[DocumentRecord, ...]:
    """Parse "Thành phần hồ sơ" into documents, losing no text.

    The flattened text is ``[group title]Tên giấy tờMẫu đơn, tờ khaiSố lượng`` followed by
    rows ``name[form file name(s)]N bản chính[,M bản sao]``, possibly several groups ("* Giấy
    tờ phải nộp:", "* Giấy tờ phải xuất trình:", ...; "--" means no title). Each row gives one
    document; "N bản chính" alone means M = 0 copies. Text after the last count of the last
    group (or a record with no counts at all) becomes documents without counts, one per line.
    A group title followed by no document becomes a document of its own.
    """
    cleaned = _prepare(text)
    parts = _DOCUMENT_HEADER.split(cleaned)
    documents: list[DocumentRecord] = []

    def add(
        name: str,
        template: str = "",
        originals: int | None = None,
        copies: int | None = None,
        group: str = "",
    ) -> None:
        name = clean_text(_BULLET.sub("", clean_text(name)))
        if name or template:
            documents.append(
                DocumentRecord(len(documents) + 1, name, clean_text(template), originals, copies, group)
            )

    if len(parts) == 1:  # no table header: counts if any, else one document per line
        rows, tail = _document_cells(cleaned)
        for cell, originals, copies in rows:
            name, template = _split_templates(clean_text(cell))
            add(name, template, originals, copies)
        for line in clean_text(tail).split("\n"):
            add(line)
        return tuple(documents)

    group = _group_title(parts[0])
    for index, body in enumerate(parts[1:], start=1):
        rows, tail = _document_cells(body)
        if not rows and group:
            add(group, group=group)
        for cell, originals, copies in rows:
            name, template = _split_templates(clean_text(cell))
            add(name, template, originals, copies, group)
        if index < len(parts) - 1:
            group = _group_title(tail)
        else:
            for line in clean_text(tail).split("\n"):
                add(line, group=group)
    return tuple(documents)


# --------------------------------------------------------------------------------------------
# Legal basis ("Căn cứ pháp lý")
# --------------------------------------------------------------------------------------------

_LEGAL_HEADER = re.compile(r"^\s*Tên văn bản pháp lý\s*Mã văn bản", re.IGNORECASE)
# "04/2020/TT-BTP", "66.7/2025/NQ-CP", "08.a/2010/TT-BTP", "09b/2013/TT-BTP", "2338/QĐ-BTP",
# "01/2014/NQLT-CP-UBTƯMTTQVN", "1523/QĐ-BCA-C06".
_NUMBER = r"\d+(?:\.\d+|\.?[a-z](?![a-z]))?"
_CODE_HEAD = re.compile(rf"(?P<number>{_NUMBER})/(?:\d{{4}}/)?(?=[A-ZĐƯ])")
_NEXT_CODE = re.compile(rf"{_NUMBER}/(?:\d{{4}}/)?[A-ZĐƯ]")
_BARE_CODE_AT_END = re.compile(rf"(?P<code>{_NUMBER}/\d{{4}})\s*$")
_CODE_SEGMENT = re.compile(r"TTg|[A-ZĐƯ]+\d*")
# Issuers and document types seen in codes; used to cut a code glued to an upper-case title
# ("…/NĐ-CPTHÔNG TƯ…", "…/TT-BTPBAN HÀNH…"), where letters alone cannot tell where it ends.
_CODE_TOKENS = frozenset(
    {
        # issuers
        *("CP", "TTg", "BTP", "BTC", "BCA", "BNG", "BYT", "BQP", "BCT", "BXD", "BNV", "BTNMT"),
        *("BNNPTNT", "BNNMT", "BGTVT", "BGDĐT", "BKHĐT", "BLĐTBXH", "BVHTTDL", "BTTTT", "BKHCN"),
        *("BDTTG", "BNN", "BDT", "NHNN", "VPCP", "UBND", "HĐND", "TANDTC", "VKSNDTC", "KTNN"),
        *("MTTQVN", "UBTƯMTTQVN", "UBTVQH", "HĐTP", "TLĐ", "BCĐ"),
        # document types
        *("NĐ", "ND", "TT", "QĐ", "QD", "NQ", "TTLT", "NQLT", "CT", "PL"),
    }
)
_ONSET_PAIRS = frozenset({"ch", "gh", "gi", "kh", "ng", "nh", "ph", "qu", "th", "tr"})
_CODE_CELL_PREFIX = re.compile(
    r"(?<=[^\s])(?:Thông tư liên tịch|Thông tư|Nghị định|Nghị quyết|Quyết định|Bộ luật|Luật|Pháp lệnh)"
    r"(?:\s+số)?\s*$"
)


@dataclass(slots=True)
class _Code:
    start: int
    end: int
    code: str


def _begins_word(capital: str, following: str) -> bool:
    """Could ``capital`` + ``following`` start a Vietnamese word ("Cô…", "Th…"; not "Ps…")?"""
    if not following:
        return False
    base = unicodedata.normalize("NFD", following[0].lower())[0]
    return base in "aeiouy" or f"{capital.lower()}{base}" in _ONSET_PAIRS


def _trim_segment(text: str, position: int, segment: str) -> str:
    """Give back the letters a greedy code segment took from the next, glued title.

    Known issuers decide first ("CPTHÔNG" → "CP", "BTPBAN" → "BTP", "BCASỬA" → "BCA"); else a
    capital is given back when it begins a word with what follows ("…UBTƯMTTQVNCông bố" →
    "UBTƯMTTQVN"), but not when that cannot be a word ("TT-BTPsửa đổi" keeps "BTP").
    """
    end = position + len(segment)
    glued = text[end : end + 1].isalpha() or (segment not in _CODE_TOKENS and len(segment) > 2)
    if segment in _CODE_TOKENS or not glued or segment[-1].isdigit():
        return segment
    for cut in range(len(segment) - 1, 1, -1):
        if segment[:cut] in _CODE_TOKENS:
            return segment[:cut]
    while len(segment) > 1:
        end = position + len(segment)
        nxt = text[end : end + 1]
        if not nxt.isalpha() or text.startswith("ngày", end):
            break
        if nxt.isupper() and (nxt.isascii() or nxt in "ĐƯ"):
            break  # the next word starts right after the segment
        if nxt.islower() and not _begins_word(segment[-1], text[end:]):
            break
        segment = segment[:-1]
    return segment


def _read_code(text: str, head: re.Match[str]) -> _Code | None:
    """Read the code starting at ``head``, without eating the next title or a glued code."""
    start = head.start()
    digits_run = re.match(r"\d+", head.group("number"))
    run = digits_run.group(0) if digits_run else ""
    if len(run) > 4:  # "Luật Cư trú 202068/2020/QH14": a year (or number) of the title is glued on
        start += 4 if re.match(r"(?:19|20)\d\d", run) else len(run) - 4
    position = head.end()
    segments: list[str] = []
    while True:
        match = _CODE_SEGMENT.match(text, position)
        if not match:
            break
        segment = match.group(0)
        digits = re.search(r"\d+$", segment)
        if digits and _NEXT_CODE.match(text, position + digits.start()):
            # "QH1360/2014/QH13": keep the legislature number, leave the next code alone.
            keep = 2 if segment.startswith("QH") and len(digits.group(0)) > 2 else 0
            segment = segment[: digits.start() + keep]
        else:
            segment = _trim_segment(text, position, segment)
        if not segment:
            break
        segments.append(segment)
        position += len(segment)
        dash = re.match(r"-\s?(?=[A-ZĐƯ0-9])", text[position:])
        if not dash or len(segment) != len(match.group(0)):
            break
        position += dash.end()
    if not segments:
        return None
    return _Code(start, position, re.sub(r"-\s+", "-", text[start:position]))


def _ends_row(text: str, codes: list[_Code], index: int) -> bool:
    """Does ``codes[index]`` fill the code column (end a row) rather than sit inside a title?

    It does when it ends the text, or is glued to the next title ("…04/2020/TT-BTPNghị định…",
    but not "…/TT-BCAngày 01/7/2025"), or is glued to the end of its title and followed by the
    next one ("…Bộ Tư pháp08/2025/TT-BTP Nghị định…"). Codes glued to codes: a code followed by
    the same code is the title's ("Luật 60/2014/QH1360/2014/QH13"), the copy ends the row; a
    code followed by a different one is in the title ("…theo Luật số 37/2024/QH1519/2024/TT-BTP")
    unless that one comes twice (the next row is a bare "code|code").
    """
    code = codes[index]

    def glued(at: int) -> _Code | None:
        """``codes[at]`` if it starts right where ``codes[at - 1]`` ends."""
        if 1 <= at < len(codes) and codes[at - 1].end == codes[at].start:
            return codes[at]
        return None

    after = text[code.end :]
    if not after.strip():
        return True
    following = glued(index + 1)
    if following is not None:
        if following.code == code.code:
            return False
        previous = glued(index)
        if previous is not None and codes[index - 1].code == code.code:
            return True
        twice = glued(index + 2)
        return twice is not None and twice.code == following.code
    if _NEXT_CODE.match(after):
        return False
    if after[0].isalpha():
        return not after.startswith("ngày")
    glued_before = code.start == 0 or not text[code.start - 1].isspace()
    return glued_before and bool(re.match(r"\s+[^\W\d_]", after))


_DOCUMENT_TYPE_ONLY = re.compile(
    r"(?:Thông tư liên tịch|Thông tư|Nghị định|Nghị quyết|Quyết định|Bộ luật|Luật|Pháp lệnh)(?:\s+số)?"
)


def parse_legal_basis(text: str) -> tuple[LegalDocRecord, ...]:
    """Split "Căn cứ pháp lý" into legal documents with their codes.

    The flattened table is ``Tên văn bản pháp lýMã văn bản`` followed by rows
    ``<title><code>`` run together (``…do Bộ trưởng Bộ Tư pháp ban hành04/2020/TT-BTPNghị
    định…``); see :func:`_ends_row` for when a code closes a row. Codes inside a title
    ("Nghị định số 123/2015/NĐ-CP ngày …") stay in the title. The code keeps only the
    number/year/issuer part ("Luật số 13/2008/QH12" → ``13/2008/QH12``). When the code cell
    reads "Nghị định số 123/2013/NĐ-CP" and the title does not name the document type ("quy
    định chi tiết …"), the title becomes "Nghị định số 123/2013/NĐ-CP quy định chi tiết …"; a
    title that is only a type ("Thông tư") gets the code appended. Text after the last code
    becomes a document without code.
    """
    body = _LEGAL_HEADER.sub("", _prepare(text), count=1)
    codes: list[_Code] = []
    search_from = 0
    while head := _CODE_HEAD.search(body, search_from):
        code = _read_code(body, head)
        if code is None:
            search_from = head.end()
            continue
        codes.append(code)
        search_from = code.end

    rows: list[tuple[str, str]] = []
    position = 0
    for index, code in enumerate(codes):
        if not _ends_row(body, codes, index):
            continue
        title = body[position : code.start]
        prefix = _CODE_CELL_PREFIX.search(title)
        cell_label = ""
        if prefix:  # the code cell read "Thông tư số 01/2010/TT-BTP"
            title, cell_label = title[: prefix.start()], clean_text(prefix.group(0))
        title = clean_text(title).strip(" -\u2013")
        position = code.end
        if not title and rows and rows[-1][1] == code.code:
            continue  # "Thông tư số 64/2025/TT-BCTThông tư số 64/2025/TT-BCT": one document
        if _DOCUMENT_TYPE_ONLY.fullmatch(title):
            title = f"{title} {code.code}"
        elif cell_label and not _DOCUMENT_TYPE_ONLY.match(title):
            # "quy định chi tiết …" + "Nghị định số 123/2013/NĐ-CP": keep the document type.
            title = f"{cell_label} {code.code} {title}"
        rows.append((title or code.code, code.code))
    tail = clean_text(body[position:])
    bare = _BARE_CODE_AT_END.search(tail)
    if bare and bare.start() > 0:  # "…chuỗi giá trị24/2024": a code cell without issuer
        rows.append((clean_text(tail[: bare.start()]), bare.group("code")))
    elif tail:
        rows.append((tail, ""))
    return tuple(LegalDocRecord(order, title, code) for order, (title, code) in enumerate(rows, start=1))


# --------------------------------------------------------------------------------------------
# One JSON record
# --------------------------------------------------------------------------------------------

_RESULT_UI_TAIL = re.compile(r"Chọn cơ quan thực hiện.*$", re.DOTALL)
_RESULT_CODE = re.compile(r"\s*Mã\s*:\s*(?P<code>[A-Z]{1,5}(?:\.[A-Z0-9]+)*\.\d+|\d+)")


def _parse_result(text: str) -> tuple[str, str]:
    """Clean "Kết quả xử lý": ``(results one per line, procedure description)``.

    The scraped field ends with page furniture ("Từ khóa…Mô tả…Chọn cơ quan thực hiện…Nộp hồ
    sơ"); the "Mô tả" (description) value is returned separately, the rest dropped.
    """
    text = _prepare(text)
    description = ""
    keyword_at = text.find("Từ khóa")
    if keyword_at >= 0:
        tail = _RESULT_UI_TAIL.sub("", text[keyword_at:])
        described = tail.split("Mô tả", 1)
        description = clean_text(described[1]) if len(described) == 2 else ""
        text = text[:keyword_at]
    parts = []
    position = 0
    for match in _RESULT_CODE.finditer(text):
        parts.append(f"{clean_text(text[position : match.start()])} (Mã: {match.group('code')})")
        position = match.end()
    parts.append(clean_text(text[position:]))
    return _join(parts), description


def _agencies(value: object) -> tuple[str, ...]:
    """One agency per line, cleaned, blank lines and repeats dropped, order kept."""
    seen: dict[str, None] = {}
    for line in clean_text(value).split("\n"):
        if line:
            seen.setdefault(line, None)
    return tuple(seen)


def parse_national_record(data: dict[str, Any], *, source: str = "") -> ProcedureRecord:
    """Build a :class:`ProcedureRecord` from one scraped JSON object.

    ``source`` (a file name) only serves error messages. Raises :class:`ParseFailure` when the
    object is not a procedure (no ``ma_thu_tuc`` / ``ten_thu_tuc``).
    """
    label = f"{source}: " if source else ""
    if not isinstance(data, dict):
        raise ParseFailure(
            f"{label}không phải một thủ tục (cần một đối tượng JSON, nhận {type(data).__name__})"
        )
    code = clean_text(data.get("ma_thu_tuc"))
    name = clean_text(data.get("ten_thu_tuc"))
    missing = [key for key, value in (("ma_thu_tuc", code), ("ten_thu_tuc", name)) if not value]
    if missing:
        raise ParseFailure(
            ParseError(
                None,
                missing[0],
                f"{label}không phải một thủ tục hành chính: thiếu {', '.join(missing)} "
                "(expected a dichvucong procedure record)",
            )
        )

    def text(key: str) -> str:
        return clean_text(data.get(key))

    def raw(key: str) -> str:
        value = data.get(key)
        if isinstance(value, list | tuple):
            return "\n".join(str(item) for item in value if item is not None)
        return "" if value is None else str(value)

    level_text = text("cap_thuc_hien")
    result, description = _parse_result(raw("ket_qua_xu_ly"))
    return ProcedureRecord(
        code=code,
        name=name,
        decision_number=text("so_quyet_dinh"),
        level=parse_level(level_text),
        level_text=level_text,
        procedure_type=text("loai_thu_tuc"),
        field=text("linh_vuc"),
        applicants=text("doi_tuong_thuc_hien"),
        deciding_agency=text("co_quan_co_tham_quyen"),
        executing_agencies=_agencies(data.get("co_quan_thuc_hien")),
        delegated_agency=text("co_quan_duoc_uy_quyen"),
        cooperating_agency=text("co_quan_phoi_hop"),
        address=text("dia_chi_tiep_nhan"),
        result=result,
        conditions=text("yeu_cau_dieu_kien"),
        steps=parse_steps(raw("trinh_tu_thuc_hien")),
        channels=parse_channels(raw("cach_thuc_thuc_hien")),
        documents=parse_documents(raw("thanh_phan_ho_so")),
        legal_basis=parse_legal_basis(raw("can_cu_phap_ly")),
        source_url=text("detail_url"),
        online_level=parse_online_level(
            "\n".join(raw(key) for key in ("raw_text", "cach_thuc_thuc_hien", "trinh_tu_thuc_hien"))
        ),
        related_procedures=text("thu_tuc_lien_quan"),
        description=description,
    )


def _load_json(path: Path) -> Any:
    """Decode a JSON file (UTF-8, BOM allowed) or raise a ParseFailure naming it."""
    raw = path.read_bytes()
    if not raw.strip():
        raise ParseFailure(f"{path.name}: tệp rỗng (empty file; expected a JSON procedure record)")
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ParseFailure(
            f"{path.name}: không phải văn bản UTF-8 (byte {exc.start}); hãy lưu tệp JSON dưới dạng UTF-8"
        ) from exc
    except json.JSONDecodeError as exc:
        raise ParseFailure(
            f"{path.name}: JSON không hợp lệ ở dòng {exc.lineno}, cột {exc.colno}: {exc.msg}"
        ) from exc


def parse_national_records(path: Path | str) -> tuple[list[ProcedureRecord], list[ParseError]]:
    """Parse a JSON file (one object or a list of objects) or a folder of ``*.json`` files.

    Files of a folder are read in sorted order; every problem (unreadable file, invalid JSON,
    wrong encoding, an object that is not a procedure, duplicate codes) becomes a
    :class:`ParseError` whose message names the file (``row`` is the 1-based item of a JSON
    list). Raises :class:`ParseFailure` only when ``path`` does not exist.
    """
    path = Path(path)
    if path.is_dir():
        files = sorted(child for child in path.iterdir() if child.suffix.lower() == ".json")
        files = [child for child in files if child.is_file()]
        if not files:
            return [], [ParseError(None, None, f"{path.name}: thư mục không có tệp .json nào")]
    elif path.is_file():
        files = [path]
    else:
        raise ParseFailure(f"{path}: không tìm thấy tệp hoặc thư mục (not found)")

    records: list[ProcedureRecord] = []
    errors: list[ParseError] = []
    seen: dict[str, str] = {}
    for file in files:
        try:
            loaded = _load_json(file)
        except ParseFailure as failure:
            errors.extend(failure.errors)
            continue
        except OSError as exc:
            errors.append(ParseError(None, None, f"{file.name}: không đọc được tệp ({exc.strerror or exc})"))
            continue
        items = list(enumerate(loaded, start=1)) if isinstance(loaded, list) else [(None, loaded)]
        for item_number, item in items:
            where = f"{file.name}[{item_number}]" if item_number is not None else file.name
            try:
                record = parse_national_record(item, source=where)
            except ParseFailure as failure:
                errors.extend(
                    ParseError(item_number, error.column, error.message) for error in failure.errors
                )
                continue
            except Exception as exc:  # a malformed field must not abort the whole batch
                errors.append(ParseError(item_number, None, f"{where}: lỗi khi đọc bản ghi: {exc!r}"))
                continue
            if record.code in seen:
                errors.append(
                    ParseError(
                        item_number,
                        "ma_thu_tuc",
                        f"{where}: mã thủ tục {record.code} trùng với {seen[record.code]}",
                    )
                )
                continue
            seen[record.code] = where
            records.append(record)
    return records, errors


# --------------------------------------------------------------------------------------------
# The "Danh sách thủ tục hành chính" spreadsheet
# --------------------------------------------------------------------------------------------

_LIST_ALIASES: dict[str, tuple[str, ...]] = {
    "Mã số": ("Mã số", "Mã thủ tục", "Mã TTHC"),
    "Tên": ("Tên", "Tên thủ tục", "Tên TTHC", "Tên thủ tục hành chính"),
    "Cơ quan ban hành": ("Cơ quan ban hành",),
    "Cơ quan thực hiện": ("Cơ quan thực hiện",),
    "Lĩnh vực": ("Lĩnh vực",),
}
_EXPECTED_LIST = (
    f'tệp .xlsx "Danh sách thủ tục hành chính" xuất từ dichvucong.gov.vn (cột {" | ".join(LIST_COLUMNS)})'
)
_HEADER_SCAN_ROWS = 5


def _read_upload(file: BinaryIO | Path | str) -> bytes:
    """The bytes of an uploaded file object or of a file on disk."""
    if isinstance(file, str | Path):
        try:
            return Path(file).read_bytes()
        except OSError as exc:
            raise ParseFailure(f"Không đọc được tệp {file}: {exc.strerror or exc}") from exc
    data = file.read()
    if isinstance(data, str):
        raise ParseFailure(f"Tệp phải được mở ở chế độ nhị phân; cần {_EXPECTED_LIST}")
    return bytes(data)


def _open_workbook(data: bytes, *, name: str = ".xlsx") -> tuple[Any, Any]:
    """Open ``data`` as a read-only workbook (sheets read whatever their ``<dimension>`` tag says,
    see ``procedures.xlsx``) with its counted extent, or explain (in Vietnamese) what is wrong."""
    if not data.strip():
        raise ParseFailure(f"Tệp rỗng (empty file); cần {_EXPECTED_LIST}")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ParseFailure(
            f"Đây là tệp Excel 97-2003 (.xls); hãy lưu lại dưới dạng .xlsx. Cần {_EXPECTED_LIST}"
        )
    if not data.startswith(b"PK"):
        head = data[:512].lstrip().lower()
        kind = "HTML" if head.startswith((b"<", b"\xef\xbb\xbf<")) else "văn bản/CSV hoặc không rõ"
        raise ParseFailure(f"Tệp không phải .xlsx (nội dung {kind}); cần {_EXPECTED_LIST}")
    from core.tabular.xlsx import XlsxRefused, xlsx_open

    try:
        return xlsx_open(data, name=name)
    except XlsxRefused as exc:
        raise ParseFailure(f"{exc.message} Cần {_EXPECTED_LIST}") from None
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, IndexError) as exc:
        raise ParseFailure(f"Tệp .xlsx bị hỏng hoặc không đọc được ({exc}); cần {_EXPECTED_LIST}") from exc
    except Exception as exc:  # openpyxl raises assorted errors on malformed packages
        reason = f"{type(exc).__name__}: {exc}"
        raise ParseFailure(f"Tệp .xlsx không đọc được ({reason}); cần {_EXPECTED_LIST}") from exc


def _cell_text(value: object, *, code: bool = False) -> str:
    """A spreadsheet cell as cleaned text (numbers typed into text columns included)."""
    if code and isinstance(value, float):
        # A code typed as a number ("1.000080" → 1.00008): restore the portal's 6 decimals.
        return f"{value:.6f}" if value < 10 else str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_text(value)


def _find_header(rows: list[tuple[Any, ...]]) -> tuple[int, dict[str, int], list[str]]:
    """Best header row among the first rows: ``(index, column → position, missing columns)``."""
    folded = {column: {fold_compact(alias) for alias in aliases} for column, aliases in _LIST_ALIASES.items()}
    best: tuple[int, dict[str, int]] = (-1, {})
    for index, row in enumerate(rows[:_HEADER_SCAN_ROWS]):
        positions: dict[str, int] = {}
        for position, value in enumerate(row):
            key = fold_compact(clean_text(value)) if value is not None else ""
            for column, aliases in folded.items():
                if key in aliases and column not in positions:
                    positions[column] = position
        if len(positions) > len(best[1]):
            best = (index, positions)
    index, positions = best
    missing = [column for column in LIST_COLUMNS if column not in positions]
    return index, positions, missing


def parse_national_list(file: BinaryIO | Path | str) -> tuple[list[ProcedureRecord], list[ParseError]]:
    """Parse the portal's "Danh sách thủ tục hành chính" spreadsheet (``.xlsx``).

    The header row (``Mã số | Tên | Cơ quan ban hành | Cơ quan thực hiện | Lĩnh vực``, matched
    ignoring case, diacritics and spaces) is looked for in the first five rows; every later
    non-blank row is a procedure. "Cơ quan thực hiện" is split on line breaks into
    ``executing_agencies``; "Cơ quan ban hành" goes to ``issuing_agency``.

    Returns the records and the row problems (``row`` is the spreadsheet's 1-based row): a row
    without code or name, or a code already seen (the later row is dropped, the message names
    both rows). Raises :class:`ParseFailure` when the file is empty, not an ``.xlsx``, corrupt,
    or lacks header columns (all missing columns named in one failure).
    """
    from core.tabular.xlsx import XlsxRefused, sheet_rows

    name = (
        Path(file).name if isinstance(file, str | Path) else Path(getattr(file, "name", "") or ".xlsx").name
    )
    workbook, extent = _open_workbook(_read_upload(file), name=name)
    try:
        sheets = [workbook.active, *workbook.worksheets] if workbook.active else list(workbook.worksheets)
        chosen: tuple[Any, int, dict[str, int]] | None = None
        best_missing: list[str] = list(LIST_COLUMNS)
        for sheet in dict.fromkeys(sheets):
            head = list(sheet.iter_rows(min_row=1, max_row=_HEADER_SCAN_ROWS, values_only=True))
            index, positions, missing = _find_header(head)
            if not missing:
                chosen = (sheet, index, positions)
                break
            if len(missing) < len(best_missing):
                best_missing = missing
        if chosen is None:
            if len(best_missing) == len(LIST_COLUMNS):
                message = f"Không tìm thấy dòng tiêu đề trong 5 dòng đầu; cần {_EXPECTED_LIST}"
            else:
                message = (
                    f"Thiếu cột tiêu đề: {', '.join(best_missing)} (missing header columns); "
                    f"cần {_EXPECTED_LIST}"
                )
            raise ParseFailure(ParseError(None, ", ".join(best_missing), message))

        sheet, header_index, positions = chosen
        header_row = header_index + 1
        records: list[ProcedureRecord] = []
        errors: list[ParseError] = []
        first_row_of: dict[str, int] = {}
        rows = sheet_rows(sheet, extent, name=name, min_row=header_row + 1)
        for row_number, row in enumerate(rows, start=header_row + 1):
            if all(clean_text(value) == "" for value in row):
                continue
            values = {column: row[pos] if pos < len(row) else None for column, pos in positions.items()}
            code = _cell_text(values["Mã số"], code=True)
            name = _cell_text(values["Tên"])
            if not code:
                errors.append(ParseError(row_number, "Mã số", "Thiếu mã số thủ tục (missing procedure code)"))
            if not name:
                errors.append(ParseError(row_number, "Tên", "Thiếu tên thủ tục (missing procedure name)"))
            if not code or not name:
                continue
            if code in first_row_of:
                errors.append(
                    ParseError(
                        row_number,
                        "Mã số",
                        f"Mã số {code} bị trùng: dòng {first_row_of[code]} và dòng {row_number} "
                        "(duplicate code; the later row is skipped)",
                    )
                )
                continue
            first_row_of[code] = row_number
            records.append(
                ProcedureRecord(
                    code=code,
                    name=name,
                    field=_cell_text(values["Lĩnh vực"]),
                    executing_agencies=_agencies(values["Cơ quan thực hiện"]),
                    issuing_agency=_cell_text(values["Cơ quan ban hành"]),
                )
            )
        return records, errors
    except ParseFailure:
        raise
    except XlsxRefused as exc:  # truncated, or fewer rows read than the sheet holds
        raise ParseFailure(ParseError(exc.row, exc.column, f"{exc.message} Cần {_EXPECTED_LIST}")) from None
    except Exception as exc:  # a corrupt sheet can fail while streaming rows
        raise ParseFailure(f"Tệp .xlsx bị hỏng hoặc không đọc được ({exc}); cần {_EXPECTED_LIST}") from exc
    finally:
        workbook.close()
