"""Schemathesis over API v1's own OpenAPI schema, against a real server on loopback.

Every operation is fuzzed twice, anonymously and with a personal token, against a world of
realistic data (tests/api/fuzz_world.py). No answer may be a server error, and every answer must
be one the schema declares: its status code, content type, headers and body.

Bounded in time: the examples and coverage phases plus MAX_EXAMPLES fuzzed cases per operation.
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import requests
import schemathesis
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from pytest_django.live_server_helper import LiveServer
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.fuzz_world import PATH_VALUES, FuzzWorld, build_fuzz_world

# Each test runs in a transaction that is rolled back; the world lives for the module (fuzz_server).
pytestmark = pytest.mark.django_db

MAX_EXAMPLES = 25

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

FUZZ_SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,  # the same cases on every run: a failure in `make test` is reproducible
    # A live server answers in milliseconds, not microseconds; slowness is not what is tested.
    suppress_health_check=list(HealthCheck),
    database=None,
)


@dataclass(frozen=True)
class FuzzServer:
    url: str
    world: FuzzWorld


@pytest.fixture(scope="module")
def fuzz_server(django_db_setup, django_db_blocker) -> Iterator[FuzzServer]:
    """One server and one committed world for the whole module, flushed away at its end.

    Not pytest-django's live_server: that makes every test transactional, and flushing the
    database after each of the ~50 operations cost more than the fuzzing itself on PostgreSQL.
    """
    with django_db_blocker.unblock():
        # What the migrations seeded (e.g. the procurement thresholds) must outlive the flush:
        # later modules read it, as Django's serialized_rollback would restore it.
        seeded = connection.creation.serialize_db_to_string()
        world = build_fuzz_world()
        server = LiveServer("localhost")
        try:
            yield FuzzServer(url=server.url, world=world)
        finally:
            server.stop()
            call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
            connection.creation.deserialize_db_from_string(seeded)


def _served_schema() -> dict[str, Any]:
    """The schema /api/v1/openapi.json serves, as JSON.

    Built in process rather than with schemathesis.openapi.from_url(server url + ...): a
    lazily loaded schema (schemathesis.pytest.from_fixture) renames pytest items through
    Node._nodeid, which pytest 9.2 no longer has. test_fuzzed_schema_is_the_served_one keeps the
    two the same.
    """
    from arena.api.urls import api

    return json.loads(json.dumps(api.get_openapi_schema(), cls=DjangoJSONEncoder))


schema = schemathesis.openapi.from_dict(_served_schema())


@schema.hook
def flatmap_path_parameters(context: Any, path_parameters: dict[str, Any] | None) -> Any:
    """Half the time, aim at objects that exist: random names mostly meet a 404."""
    if not path_parameters:
        return st.just(path_parameters)
    existing = st.fixed_dictionaries(
        {
            name: st.sampled_from(PATH_VALUES[name]) if name in PATH_VALUES else st.just(value)
            for name, value in path_parameters.items()
        }
    )
    return st.one_of(st.just(path_parameters), existing)


def test_fuzzed_schema_is_the_served_one(fuzz_server):
    served = requests.get(f"{fuzz_server.url}/api/v1/openapi.json", timeout=10)
    assert served.json() == _served_schema()


@FUZZ_SETTINGS
@schema.parametrize()
def test_api_anonymous_answers_match_the_schema(case, fuzz_server):
    case.call_and_validate(base_url=fuzz_server.url, checks=CHECKS)


@FUZZ_SETTINGS
@schema.parametrize()
def test_api_with_token_answers_match_the_schema(case, fuzz_server):
    case.call_and_validate(
        base_url=fuzz_server.url,
        headers={"Authorization": f"Bearer {fuzz_server.world.token}"},
        checks=CHECKS,
    )
