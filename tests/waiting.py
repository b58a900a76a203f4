"""``wait_until``: the one way tests wait for something: poll a condition until it holds, with a deadline.

No bare busy loops (a condition that never comes hangs the run) and no fixed sleeps (too short on a busy machine,
wasted time on an idle one). pytest-timeout (pyproject.toml) is the backstop for anything that waits elsewhere.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def wait_until(
    condition: Callable[[], T], timeout: float = 30.0, *, interval: float = 0.02, what: str | Callable[[], str] = ""
) -> T:
    """Call ``condition`` every ``interval`` seconds until it returns something truthy, and return that.

    Raises ``TimeoutError`` naming ``what`` (or the condition) when ``timeout`` seconds pass first; ``what`` may be a
    function, called then, to say how things stood. The condition is tried at least once, and once more at the
    deadline.
    """
    deadline = time.monotonic() + timeout
    while True:
        last_try = time.monotonic() >= deadline
        value = condition()
        if value:
            return value
        if last_try:
            name = (what() if callable(what) else what) or getattr(condition, "__name__", "the condition")
            raise TimeoutError(f"{name} did not happen within {timeout:g} s (last value: {value!r})")
        time.sleep(min(interval, max(0.0, deadline - time.monotonic())))
