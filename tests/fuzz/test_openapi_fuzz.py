"""Schemathesis fuzzes every route of the OpenAPI schema against the real server: no 5xx, every error is JSON.

The schema is taken from the app itself at collection time (one test per operation); the requests go to a real
uvicorn server on loopback. (schemathesis' own pytest plugin does not work with pytest 9 yet, so the operations
are driven through their Hypothesis strategies directly.)
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from backend.api.app import create_app
from backend.testing.server_process import ApiServer
from tests.api.conftest import seed_test_models

pytestmark = pytest.mark.slow

# The event stream never ends by design; it is covered by the SSE tests.
SCHEMA = schemathesis.openapi.from_dict(create_app(start_worker=False).openapi()).exclude(path="/events")
OPERATIONS = {op.label: op for op in (result.ok() for result in SCHEMA.get_all_operations())}


@pytest.fixture(scope="module")
def live_url(tmp_path_factory: pytest.TempPathFactory, tiny_models_root: Path) -> Iterator[str]:
    data = tmp_path_factory.mktemp("fuzz") / "data"
    seed_test_models(data, tiny_models_root)
    with ApiServer(data) as server:
        yield server.url


def test_every_route_is_fuzzed() -> None:
    assert len(OPERATIONS) >= 20
    assert "POST /generate/advanced" in OPERATIONS and "POST /projects/{project_id}/assets" in OPERATIONS


@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_no_server_errors_and_json_errors(label: str, live_url: str) -> None:
    operation = OPERATIONS[label]

    @given(case=operation.as_strategy())
    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def check(case: schemathesis.Case) -> None:
        response = case.call(base_url=live_url, timeout=30)
        case.validate_response(response, checks=[not_a_server_error])
        if response.status_code >= 400:
            content_type = " ".join(response.headers.get("content-type", []))  # schemathesis: header -> list
            assert content_type.startswith("application/json"), response.text[:200]
            assert "detail" in response.json()

    check()
