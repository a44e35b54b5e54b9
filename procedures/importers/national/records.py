"""What the national parsers return: frozen records an importer maps onto the models.

Choice values are plain strings equal to the values of :mod:`procedures.enums` (``Level``,
``ChannelKind``, ``TimeLimitUnit``, ``OnlineLevel``), kept as literals so the parsers need no
Django; ``tests/procedures/importers/test_national_text.py`` checks that they stay in sync.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

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
