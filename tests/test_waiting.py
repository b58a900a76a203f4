"""wait_until returns the condition's value as soon as it holds, and fails at its deadline instead of hanging."""

from __future__ import annotations

import time

import pytest

from tests.waiting import wait_until


def test_returns_the_first_truthy_value() -> None:
    calls = iter([0, None, [], "ready"])
    assert wait_until(lambda: next(calls), 5, interval=0) == "ready"


def test_a_condition_that_never_holds_fails_at_the_deadline() -> None:
    started = time.monotonic()
    with pytest.raises(TimeoutError, match="the job finishing did not happen within 0.2 s .last value: 0."):
        wait_until(lambda: 0, 0.2, interval=0.05, what="the job finishing")
    assert 0.2 <= time.monotonic() - started < 5
    with pytest.raises(TimeoutError, match="still pending"):
        wait_until(lambda: None, 0, what=lambda: "still pending")
