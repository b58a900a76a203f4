"""Model tests run torch on one CPU thread (see ``single_torch_thread`` in tests/conftest.py)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module", autouse=True)
def _one_torch_thread(single_torch_thread: None) -> None:
    """Every module here runs on one thread."""
