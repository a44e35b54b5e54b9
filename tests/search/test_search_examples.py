"""The procedure codes the search page and the README offer as examples exist in the demo."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from demo.catalogue import _demo_rows
from demo.departments import DEMO_DEPARTMENTS
from search.query import CodeKind, code_shape

README = Path(__file__).resolve().parents[2] / "README.md"


def _procedure_codes(text: str) -> set[str]:
    words = re.findall(r"[\w.\-]+", text)
    return {code.value for word in words if (code := code_shape(word)) and code.kind == CodeKind.PROCEDURE}


@pytest.mark.django_db
def test_procedure_codes_offered_as_examples_are_in_the_demo_catalogue(client):
    # The demo catalogue's rows as load_demo writes them (deterministic), without importing them.
    demo_codes = {row.code for row in _demo_rows({d.slug: d.name for d in DEMO_DEPARTMENTS})}
    page = client.get("/tim-kiem/").content.decode()
    offered = {
        "search page": _procedure_codes(page),
        "README": _procedure_codes(README.read_text(encoding="utf-8")),
    }
    for where, codes in offered.items():
        assert codes, f"the {where} offers a procedure code to try"
        assert codes <= demo_codes, f"the {where} offers codes the demo lacks: {codes - demo_codes}"
