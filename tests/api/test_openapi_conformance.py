"""OpenAPI conformance: schemathesis generates requests for every /api/v1/ operation.

Every check runs (``--checks all``): no server error; status code, content type, headers and
body as published; a schema-valid request accepted and a schema-violating one rejected. The
only allowance (``schemathesis.toml``): a well-formed slug, code or period the document cannot
tell from a real one (no such department, an end before the start) may answer the declared 400.
The stateful phase follows the links between operations (a list's codes into their detail).
"""

from __future__ import annotations

import datetime as dt

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test

from tests.transparency.apology_data import dossier_make, notice_publish, two_departments
from website.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture(autouse=True)
def connection_kept_between_requests():
    """Schemathesis calls the WSGI application itself, whose request signals would close the
    test's database connection (and its transaction); Django's test client disconnects them too."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def open_data(site_tree):
    """Two departments, two procedures, a late dossier with a published apology, a pending one."""
    from transparency.services.statistics import statistics_refresh

    data = two_departments()
    late = dossier_make(
        procedure=data["justice_procedure"],
        code="H1-0001",
        received=dt.date(2019, 3, 4),
        due=dt.date(2019, 3, 11),
        resolved=dt.date(2019, 3, 15),
    )
    dossier_make(
        procedure=data["building_procedure"],
        code="H1-0002",
        received=dt.date(2019, 3, 5),
        due=dt.date(2019, 3, 20),
    )
    notice_publish(late)
    statistics_refresh()
    return data


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_api_answers_match_the_published_schema(case, open_data):
    response = case.call_and_validate()
    assert response.status_code < 500


@pytest.mark.django_db
def test_linked_operations_answer_as_published(open_data):
    """The stateful phase: sequences of calls along the links schemathesis finds in the document."""
    machine = schema.as_state_machine()
    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=15,
            stateful_step_count=4,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
