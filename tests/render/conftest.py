"""The API fixtures (a studio on a fresh data folder, in-process), for render tests."""

from tests.api.conftest import client, idle_client, settings  # noqa: F401 - fixtures
