"""Where the real dichvucong.gov.vn exports are (../shared/reference-data), for the tests of
``procedures.importers.national``.

The reference files are read in place from ``../shared/reference-data/dichvucong`` (never copied
into the repository); tests needing them are skipped when that folder is absent.
"""

from __future__ import annotations

import pytest

from search.relevance.loader import REFERENCE_DIR

DATA = REFERENCE_DIR
RECORDS = DATA / "records-bo-tu-phap"
SAMPLE = DATA / "sample-bo-cong-an-1.004222.json"
LIST_BTP = DATA / "lists" / "danh-sach-tthc-BoTuPhap.xlsx"
LIST_BCA = DATA / "lists" / "danh-sach-tthc-BoCongAn.xlsx"

needs_data = pytest.mark.skipif(
    not DATA.is_dir(),
    reason=f"reference data not found at {DATA} (the shared dichvucong exports are not mounted)",
)
