"""The reference records, read and parsed once for all the tests of this folder."""

from __future__ import annotations

import json

import pytest

from procedures.importers.national.json_records import parse_national_records
from procedures.importers.national.records import ParseError, ProcedureRecord
from tests.procedures.importers.national_data import DATA, RECORDS, SAMPLE


@pytest.fixture(scope="package")
def raw_records() -> list[tuple[str, dict]]:
    if not DATA.is_dir():
        pytest.skip(f"reference data not found at {DATA}")
    files = [*sorted(RECORDS.glob("*.json")), SAMPLE]
    return [(path.name, json.loads(path.read_text(encoding="utf-8"))) for path in files]


@pytest.fixture(scope="package")
def parsed() -> tuple[list[ProcedureRecord], list[ParseError]]:
    if not DATA.is_dir():
        pytest.skip(f"reference data not found at {DATA}")
    records, errors = parse_national_records(RECORDS)
    sample_records, sample_errors = parse_national_records(SAMPLE)
    return records + sample_records, errors + sample_errors


@pytest.fixture(scope="package")
def by_code(parsed) -> dict[str, ProcedureRecord]:
    return {record.code: record for record in parsed[0]}
