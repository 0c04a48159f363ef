"""The whole OpenAPI schema, fuzzed by schemathesis against the Django WSGI app as a county manager: no
server errors, and every response (errors included) matches what the schema documents."""
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (content_type_conformance, response_schema_conformance,
                                               status_code_conformance)

from wanjia.org.models import Role
from wanjia.wsgi import application

# Examples and fuzzing (valid and invalid data); the coverage phase enumerates every boundary of every
# parameter, which takes far longer than a CI run can spend.
CONFIG = SchemathesisConfig.from_dict({"phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}}})
schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True), config=CONFIG)
schema.app = application
# What this test promises: no 5xx, and the status, content type and body are ones the schema documents.
# (Schemathesis's other checks judge leniency, e.g. an unknown query parameter being ignored.)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Schemathesis calls the WSGI app directly, which sends request_started/finished; their handler closes a
    connection whose autocommit differs from the settings, i.e. the test's own transaction on PostgreSQL.
    Django's test client disconnects it the same way for the length of a request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def manager_token(tree):
    return Token.objects.create(user=tree.a.users[Role.MANAGER]).key


@schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@override_settings(ALLOWED_HOSTS=["*"])
def test_api_answers_within_its_schema(case, manager_token):
    case.call_and_validate(headers={"Authorization": f"Token {manager_token}"}, checks=CHECKS)
