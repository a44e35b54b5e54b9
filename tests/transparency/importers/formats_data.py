"""A small catalogue and sample dossiers for the tests of the export shapes (the portal's table,
OpenCPS, its Excel list, the national records), written with the demo's sample writers."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import EllipsisType
from typing import Any
from zoneinfo import ZoneInfo

from demo.samples import (
    SampleDepartment,
    SampleDossier,
    sample_csv_write,
    sample_national_records,
    sample_national_write,
    sample_opencps_list_write,
    sample_opencps_records,
    sample_opencps_write,
)
from procedures.enums import ChannelKind, TimeLimitUnit
from procedures.models import Department, Procedure
from tests.factories import ChannelFactory, DepartmentFactory, ProcedureFactory
from transparency.enums import DossierStatus

TZ = ZoneInfo("Asia/Ho_Chi_Minh")

JUSTICE = SampleDepartment("Sở Tư pháp", "000.00.71.H49")
BUILDING = SampleDepartment("Sở Xây dựng", "000.00.72.H49")
#: (code, name, department) of the test catalogue's procedures.
PROCEDURES = (
    ("1.000001", "Cấp phiếu lý lịch tư pháp", JUSTICE),
    ("1.000002", "Đăng ký hành nghề công chứng", JUSTICE),
    ("1.000003", "Cấp giấy phép xây dựng", BUILDING),
)


@dataclass(frozen=True, slots=True)
class Catalogue:
    departments: dict[str, Department]  # agency code → department
    procedures: dict[str, Procedure]  # code → procedure


def catalogue_make() -> Catalogue:
    """Two departments with agency codes, three procedures of 5 working days on every channel."""
    departments = {
        JUSTICE.agency_code: DepartmentFactory(
            slug="so-tu-phap", name=JUSTICE.name, short_name="STP", agency_code=JUSTICE.agency_code
        ),
        BUILDING.agency_code: DepartmentFactory(
            slug="so-xay-dung", name=BUILDING.name, short_name="SXD", agency_code=BUILDING.agency_code
        ),
    }
    procedures = {}
    for code, name, department in PROCEDURES:
        procedure = ProcedureFactory(code=code, name=name, department=departments[department.agency_code])
        for kind in (ChannelKind.IN_PERSON, ChannelKind.ONLINE, ChannelKind.POST):
            ChannelFactory(
                procedure=procedure,
                kind=kind,
                time_limit_value=Decimal(5),
                time_limit_unit=TimeLimitUnit.WORKING_DAYS,
            )
        procedures[code] = procedure
    return Catalogue(departments, procedures)


def at(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TZ)


def sample(
    code: str = "MAU-0001",
    *,
    procedure: int = 0,
    channel: str = ChannelKind.IN_PERSON,
    received: dt.datetime | None = None,
    due: dt.datetime | None = None,
    status: DossierStatus | None = DossierStatus.RESOLVED,
    processing_end: dt.datetime | EllipsisType | None = ...,
    handed_over: dt.datetime | EllipsisType | None = ...,
    rescheduled_to: dt.date | None = None,
    opencps_status: str = "",
    lookup_code: str = "K7Q2",
) -> SampleDossier:
    """A dossier of the test catalogue: by default received Tuesday 01/10/2019 09:00, due
    Tuesday 08/10 17:00 and, once resolved, processed on Friday 04/10 and handed over on Monday
    07/10 (both early); ``None`` leaves an end date out."""
    proc_code, name, department = PROCEDURES[procedure]
    resolved = status in (DossierStatus.RESOLVED, DossierStatus.REFUSED)
    if processing_end is ...:
        processing_end = at(dt.date(2019, 10, 4), 10) if resolved else None
    if handed_over is ...:
        handed_over = at(dt.date(2019, 10, 7), 15) if resolved else None
    return SampleDossier(
        code=code,
        procedure_code=proc_code,
        procedure_name=name,
        department=department,
        channel=channel,
        received_at=received or at(dt.date(2019, 10, 1)),
        due_at=due or at(dt.date(2019, 10, 8), 17),
        status=status,
        processing_end=processing_end,
        handed_over=handed_over,
        rescheduled_to=rescheduled_to,
        applicant="Nguyễn Văn A",
        lookup_code=lookup_code,
        opencps_status=opencps_status,
    )


#: Each shape: its file name and writer.
SHAPES = {
    "portal": ("dossiers.csv", sample_csv_write),
    "opencps": ("dossiers-opencps.json", sample_opencps_write),
    "opencps_list": ("dossiers-opencps-list.xlsx", sample_opencps_list_write),
    "national": ("dossiers-national.json", sample_national_write),
}


def shape_write(shape: str, dossiers: list[SampleDossier], directory: Path, **options: Any) -> Path:
    name, writer = SHAPES[shape]
    path = directory / name
    writer(dossiers, path, **options)
    return path


def opencps_file(directory: Path, records: list[dict[str, Any]], name: str = "opencps.json") -> Path:
    path = directory / name
    path.write_text(
        json.dumps({"total": len(records), "data": records}, ensure_ascii=False), encoding="utf-8"
    )
    return path


def national_file(directory: Path, records: list[dict[str, Any]], name: str = "national.json") -> Path:
    path = directory / name
    path.write_text(json.dumps({"result": records}, ensure_ascii=False), encoding="utf-8")
    return path


def opencps_record(dossier: SampleDossier | None = None, **fields: Any) -> dict[str, Any]:
    """One OpenCPS record of ``dossier`` (the default sample), with ``fields`` replaced."""
    return {**sample_opencps_records([dossier or sample()])[0], **fields}


def national_record(dossier: SampleDossier | None = None, **fields: Any) -> dict[str, Any]:
    """One national record of ``dossier`` (the default sample), with ``fields`` replaced."""
    return {**sample_national_records([dossier or sample()])[0], **fields}
