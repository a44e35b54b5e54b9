"""Fixtures shared by the whole suite."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import translation


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache: an entry left by an earlier test in the same worker
    (Wagtail's site root paths, a rate-limit counter) could expire or linger mid-test."""
    cache.clear()


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in the default language: a request to an /en/ address leaves English
    active in the thread, and a page's ``url`` read in the next test would then be English."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def site_tree(db):
    """The page tree of a fresh portal: home, /thu-tuc/, /co-quan/, /quyet-dinh/, /thong-ke/."""
    from website.services import site_tree_ensure

    return site_tree_ensure()


@pytest.fixture
def client() -> Client:
    return Client()
