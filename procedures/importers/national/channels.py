"""How to file ("Cách thức thực hiện"): one row per channel with its time limit and fee."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

from core.folding import fold_compact
from procedures.importers.national.records import (
    CHANNEL_IN_PERSON,
    CHANNEL_ONLINE,
    CHANNEL_POST,
    UNIT_CALENDAR_DAYS,
    UNIT_HOURS,
    UNIT_SAME_DAY,
    UNIT_WORKING_DAYS,
    ChannelRecord,
)
from procedures.importers.national.text import NO_INFORMATION, clean_text, prepare_text

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
UNIT_WORDS = r"ngày làm việc|ngày|giờ làm việc|giờ|tháng|năm"
_TIME_LEAD = (
    r"(?:(?:trong(?:\s+(?:vòng|thời\s+hạn))?|thời\s+hạn(?:\s+giải\s+quyết)?|tối\s+đa|không\s+quá)\s*:?\s*)*"
)
_TIME_NUMBER = re.compile(rf"{_TIME_LEAD}(?P<num>\d+(?:[.,]\d+)*)\s*(?P<unit>{UNIT_WORDS})?", re.IGNORECASE)
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
    rf"(?P<num>\d+(?:[.,]\d+)?)\s*(?P<unit>{UNIT_WORDS}))",
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


def _time_cell(rest: str) -> tuple[Decimal | None, str | None, str, str, str]:
    """The time limit a channel row starts with: its value, unit and text, the digits of a fee
    amount glued to a unit-less number (or ""), and the rest of the row."""
    if rest.startswith(NO_INFORMATION):
        return None, None, "", "", rest[len(NO_INFORMATION) :]
    if match := _SAME_DAY.match(rest):
        return None, UNIT_SAME_DAY, match.group(0), "", rest[match.end() :]
    match = _TIME_NUMBER.match(rest)
    if match is None:
        return None, None, "", "", rest
    number, word = match.group("num"), match.group("unit")
    time_text, rest = match.group(0), rest[match.end() :]
    amount_digits = ""
    if not word and _STARTS_WITH_CURRENCY.match(rest):
        # "Trực tuyến1200 VNĐ": a unit-less time limit glued to the fee amount.
        number, amount_digits = _split_time_and_amount(number)
        time_text = time_text[: match.start("num") - match.start()] + number
    if re.match(r"\s*[^\W\d_]", rest) and rest.lstrip()[:1].islower():
        # "05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệMiễn phí…": the time cell goes on.
        fee_start = _FEE_START.search(rest)
        cut = fee_start.start() if fee_start else len(rest)
        time_text, rest = time_text + rest[:cut], rest[cut:]
    return _decimal(number), _unit_of(word), time_text, amount_digits, rest


def _fee_cell(rest: str, amount_digits: str) -> tuple[int | None, bool, str, str]:
    """The fee that follows the time limit: its amount in đồng (``None`` if unknown or foreign),
    whether it is free, its text with any parenthesised note, and the rest of the row."""
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
    return fee_amount, fee_free, fee_text, rest


def _parse_channel_row(kind: str, cell: str) -> ChannelRecord:
    """Parse one channel row (the text after "Trực tuyến" / "Trực tiếp" / "Dịch vụ bưu chính")."""
    value, unit, time_text, amount_digits, rest = _time_cell(cell.lstrip())
    fee_amount, fee_free, fee_text, rest = _fee_cell(rest, amount_digits)
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
    text = _CHANNEL_HEADER.sub("", prepare_text(text), count=1)
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
