"""Parsers for the national public-service portal's (dichvucong.gov.vn) catalogue exports.

Two export formats are understood:

* the **"Danh sách thủ tục hành chính" spreadsheet** (``.xlsx``): one procedure per row with
  ``Mã số | Tên | Cơ quan ban hành | Cơ quan thực hiện | Lĩnh vực``
  (:func:`~.list_spreadsheet.parse_national_list`);
* **one JSON object per procedure** as collected by the portal scraper, with keys such as
  ``ma_thu_tuc``, ``ten_thu_tuc``, ``cach_thuc_thuc_hien`` ...
  (:func:`~.json_records.parse_national_record`, :func:`~.json_records.parse_national_records`).

The scraper flattened the portal's HTML tables into run-together text (``"Trực tuyến5 Ngày làm
việcMiễn phíTrực tiếp5 Ngày làm việcMiễn phí"``); one module per field splits that text back:
``channels`` (time limits and fees), ``steps``, ``documents`` and ``legal`` (legal basis), with
``levels`` for the level and online level and ``text`` for the cleaning they all share.

The package is deliberately free of Django: it imports nothing from the project but
``core.folding``, needs no settings, and returns the frozen dataclasses of ``records`` that an
importer maps onto the models (``procedures.importers.sources``). What an importer needs is
named below; the field parsers are imported from their modules.
"""

from procedures.importers.national.json_records import parse_national_record, parse_national_records
from procedures.importers.national.list_spreadsheet import parse_national_list
from procedures.importers.national.records import (
    ChannelRecord,
    DocumentRecord,
    LegalDocRecord,
    ParseError,
    ParseFailure,
    ProcedureRecord,
    StepRecord,
)
from procedures.importers.national.text import clean_text

__all__ = [
    "ChannelRecord",
    "DocumentRecord",
    "LegalDocRecord",
    "ParseError",
    "ParseFailure",
    "ProcedureRecord",
    "StepRecord",
    "clean_text",
    "parse_national_list",
    "parse_national_record",
    "parse_national_records",
]
