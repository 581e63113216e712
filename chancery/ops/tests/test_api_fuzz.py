"""API fuzzing: schemathesis generates requests for every operation of the OpenAPI schema (valid and invalid
parameters and bodies), sends them authenticated (a token of a leader who also administers, cleared for Mật:
the widest view that needs no second factor) through the WSGI app, and checks that no answer is a server
error, that every status answered is documented (errors included: chancery.core.api_schema), and that every
answer has the documented content type and body. Examples per operation: CHANCERY_FUZZ_EXAMPLES (default 5), derandomized so a failure repeats.

It runs in the PostgreSQL pass of the suite (the production database; about 4 minutes), and on SQLite when
CHANCERY_FUZZ_EXAMPLES is set."""

import os

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, connection
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from chancery.core.models import RoleCode, SecrecyLevel
from chancery.core.tests.factories import make_staff
from chancery.core.tokens import issue_api_token
from chancery.documents.tests.factories import make_office

APP = get_wsgi_application()
SCHEMA = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
EXAMPLES = int(os.environ.get("CHANCERY_FUZZ_EXAMPLES", "5"))

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql" and not os.environ.get("CHANCERY_FUZZ_EXAMPLES"),
    reason="runs in the PostgreSQL pass (set CHANCERY_FUZZ_EXAMPLES to run it here)",
)


@pytest.fixture(autouse=True)
def _one_connection():
    """The requests go to the WSGI app directly, not through Django's test client: as that client does,
    keep the end of each request from closing the test's database connection (and its transaction)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    office = make_office()
    person = make_staff(
        "fuzz.lanhdao",
        unit=office.leaders,
        roles=(RoleCode.LEADERSHIP, RoleCode.ADMINISTRATOR),
        clearance=SecrecyLevel.CONFIDENTIAL,
    )
    return issue_api_token(user=person, second_factor_verified=False).key


@SCHEMA.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_request_gets_a_server_error_or_an_answer_outside_the_schema(case, token):
    case.call_and_validate(
        app=APP,
        headers={"Authorization": f"Token {token}"},
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )
