"""The acceptance tests against a live cluster, when ELASTICSEARCH_URL points at one."""

from __future__ import annotations

import os

import pytest
from django.core.management import call_command

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not os.environ.get("ELASTICSEARCH_URL"), reason="ELASTICSEARCH_URL is not set"),
]


@pytest.mark.parametrize("query", ["dang ky thuong tru", "Đăng ký thường trú", "1.004222"])
def test_live_cluster_puts_the_procedure_first(query, sample_procedure, catalogue):
    from search.selectors import site_search

    call_command("update_index", verbosity=0)
    outcome = site_search(text=query)
    assert not outcome.fallback
    assert outcome.hits[0].url == "/thu-tuc/1.004222/"
