"""Model tests run torch on one CPU thread: the two cores are shared with other work, and with two threads
contention made the tiny models up to 5x slower and their timings erratic."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import torch


@pytest.fixture(scope="module", autouse=True)
def single_torch_thread() -> Iterator[None]:
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(previous)
