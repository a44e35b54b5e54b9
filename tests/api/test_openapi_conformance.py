"""OpenAPI conformance: schemathesis generates requests for every /api/v1/ operation.

Each answer must not be a server error and must match the schema the API publishes
(status code, content type, JSON body, headers).
"""

from __future__ import annotations

import datetime as dt

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

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
    max_examples=20,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_api_answers_match_the_published_schema(case, open_data):
    # Every status code and body is checked against the schema. Left out: "a request valid by the
    # schema must succeed" (slugs, codes and periods are free strings whose existence or order the
    # schema cannot express; those answer a declared 400) and "a request invalid by the schema must
    # fail" (a repeated parameter counts once, and an unknown value of a filter may give an empty
    # result rather than a 400).
    response = case.call_and_validate(excluded_checks=[positive_data_acceptance, negative_data_rejection])
    assert response.status_code < 500
