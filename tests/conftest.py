"""Fixtures shared by the whole suite."""

from __future__ import annotations

import pytest
from django.test import Client


@pytest.fixture
def site_tree(db):
    """The page tree of a fresh portal: home, /thu-tuc/, /co-quan/, /quyet-dinh/, /thong-ke/."""
    from website.services import site_tree_ensure

    return site_tree_ensure()


@pytest.fixture
def client() -> Client:
    return Client()
