"""Fixtures of the dossier import tests."""

from __future__ import annotations

import pytest

from tests.transparency.importers.formats_data import Catalogue, catalogue_make


@pytest.fixture
def formats_catalogue(db) -> Catalogue:
    """Two departments with agency codes (Sở Tư pháp 000.00.71.H49, Sở Xây dựng 000.00.72.H49) and
    three procedures of 5 working days (1.000001, 1.000002 of the first, 1.000003 of the second)."""
    return catalogue_make()
