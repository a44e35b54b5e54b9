"""Load the shared reference records (national portal JSON) as procedures, for the
relevance set's tests and benchmark. Read in place, never copied into the repository.

A stand-in for the catalogue importer (``procedures.importers``): it keeps only what
search reads (code, name, level, field, steps, result, applicants, legal basis) and
indexes the rows in every configured search backend.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify
from wagtail.search.backends import get_search_backends

from core.folding import normalize
from procedures.enums import Level
from procedures.models import Department, Field, LegalDocument, Procedure, Step

#: The national portal's exports shipped beside the repository (``../shared``), or elsewhere.
REFERENCE_DIR = Path(
    os.environ.get("PORTAL_REFERENCE_DATA", "")
    or Path(__file__).resolve().parents[3] / "shared" / "reference-data" / "dichvucong"
)
SAMPLE = "sample-bo-cong-an-1.004222.json"
#: The Ministry of Public Security's list (names, fields): identity cards, residence, passports,
#: driving licences, vehicle registration, fire safety.
PUBLIC_SECURITY_LIST = "lists/danh-sach-tthc-BoCongAn.xlsx"
_LEVELS = {
    "cap xa": Level.COMMUNE,
    "cap tinh": Level.PROVINCE,
    "cap bo": Level.MINISTRY,
    "cap huyen": Level.DISTRICT,
}
# "…04/2020/TT-BTPNghị định…": the scraper ran codes into the next title; split them.
_RUN_TOGETHER = re.compile(r"(?<=[A-ZĐ0-9])(?=[A-ZĐ][a-zà-ỹđ])")


def reference_files(directory: Path = REFERENCE_DIR) -> list[Path]:
    files = sorted((directory / "records-bo-tu-phap").glob("*.json"))
    sample = directory / SAMPLE
    return [*files, sample] if sample.exists() else files


def _clean(text: str | None) -> str:
    text = (text or "").replace("\xa0", " ")
    return "" if text.strip() == "Không có thông tin" else text.strip()


@transaction.atomic
def reference_procedures_load(*, files: Iterable[Path] | None = None) -> list[Procedure]:
    """Create one live procedure per record (and its field, steps and legal basis); index them."""
    records = [json.loads(path.read_text(encoding="utf-8")) for path in (files or reference_files())]
    departments = {
        "bca": Department.objects.get_or_create(slug="cong-an-tinh", defaults={"name": "Công an tỉnh"})[0],
        "btp": Department.objects.get_or_create(slug="so-tu-phap", defaults={"name": "Sở Tư pháp"})[0],
    }
    fields: dict[str, Field] = {}
    procedures: list[Procedure] = []
    steps: list[Step] = []
    legal: list[LegalDocument] = []
    for record in records:
        field_name = _clean(record.get("linh_vuc")) or "Khác"
        if field_name not in fields:
            fields[field_name] = Field.objects.get_or_create(
                slug=slugify(normalize(field_name))[:120] or "khac", defaults={"name": field_name}
            )[0]
        procedure = Procedure(
            code=record["ma_thu_tuc"].strip(),
            name=" ".join(record["ten_thu_tuc"].split()),
            level=_LEVELS.get(normalize(record.get("cap_thuc_hien")), Level.OTHER),
            level_text=_clean(record.get("cap_thuc_hien")),
            field=fields[field_name],
            department=departments["bca" if "BCA" in (record.get("so_quyet_dinh") or "") else "btp"],
            applicants=_clean(record.get("doi_tuong_thuc_hien")),
            result=_clean(record.get("ket_qua_xu_ly"))[:500],
            conditions=_clean(record.get("yeu_cau_dieu_kien")),
            source_url=record.get("detail_url", "")[:500],
            live=True,
        )
        procedures.append(procedure)
        lines = [line.strip(" -+\t") for line in _clean(record.get("trinh_tu_thuc_hien")).splitlines()]
        steps += [Step(procedure=procedure, text=line, sort_order=i) for i, line in enumerate(lines) if line]
        basis = _RUN_TOGETHER.sub(
            " ", _clean(record.get("can_cu_phap_ly")).replace("Tên văn bản pháp lýMã văn bản", "")
        )
        if basis:
            legal.append(LegalDocument(procedure=procedure, title=basis, sort_order=0))
    Procedure.objects.bulk_create(procedures)
    Step.objects.bulk_create(steps)
    LegalDocument.objects.bulk_create(legal)
    created = list(
        Procedure.objects.filter(code__in=[p.code for p in procedures]).prefetch_related(
            "steps", "legal_documents"
        )
    )
    for backend in get_search_backends():
        backend.add_bulk(Procedure, created)
        backend.add_bulk(Field, list(fields.values()))
        backend.add_bulk(Department, list(departments.values()))
    return created


@transaction.atomic
def reference_list_load(*, path: Path | None = None) -> list[Procedure]:
    """One live procedure per row of the national list spreadsheet not loaded yet (names and
    fields only: the list has no steps), indexed like the records."""
    from procedures.importers.national.list_spreadsheet import parse_national_list

    records, _errors = parse_national_list(path or REFERENCE_DIR / PUBLIC_SECURITY_LIST)
    department = Department.objects.get_or_create(slug="cong-an-tinh", defaults={"name": "Công an tỉnh"})[0]
    existing = set(Procedure.objects.values_list("code", flat=True))
    fields: dict[str, Field] = {}
    procedures = []
    for record in records:
        if record.code in existing:
            continue
        existing.add(record.code)
        field_name = record.field or "Khác"
        if field_name not in fields:
            fields[field_name] = Field.objects.get_or_create(
                slug=slugify(normalize(field_name))[:120] or "khac", defaults={"name": field_name}
            )[0]
        procedures.append(
            Procedure(
                code=record.code,
                name=" ".join(record.name.split()),
                level=record.level or Level.OTHER,
                field=fields[field_name],
                department=department,
                live=True,
            )
        )
    Procedure.objects.bulk_create(procedures)
    created = list(Procedure.objects.filter(code__in=[p.code for p in procedures]))
    for backend in get_search_backends():
        backend.add_bulk(Procedure, created)
        backend.add_bulk(Field, list(fields.values()))
    return created
