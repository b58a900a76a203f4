"""The pace a job measures for its denoising steps and the time it says the rest will take (job.progress's step_s and
eta_s), on a clock the test moves."""

from __future__ import annotations

import pytest

from backend.worker import context
from backend.worker.context import StepPace


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    now = [100.0]
    monkeypatch.setattr(context.time, "monotonic", lambda: now[0])
    return now


def test_the_pace_is_the_mean_step_since_denoising_began(clock: list[float]) -> None:
    pace = StepPace()
    assert pace.estimate(10) == {}  # nothing timed yet: no guess
    pace.denoising()
    clock[0] += 3.0
    pace.step(1)
    assert pace.estimate(9) == {"step_s": 3.0, "eta_s": 27.0}
    clock[0] += 1.0
    pace.step(2)
    assert pace.estimate(8) == {"step_s": 2.0, "eta_s": 16.0}
    assert pace.estimate(0)["eta_s"] == 0.0


def test_a_new_chunk_starts_a_new_run_and_keeps_the_pace_until_it_has_its_own(clock: list[float]) -> None:
    pace = StepPace()
    pace.denoising()
    clock[0] += 2.0
    pace.step(1)
    clock[0] += 2.0
    pace.step(2)
    clock[0] += 30.0  # the next chunk's text encoding: not a step
    pace.step(1)  # a chunk that announced no denoising start: its first step is not timed
    assert pace.estimate(1) == {"step_s": 2.0, "eta_s": 2.0}
    clock[0] += 4.0
    pace.step(2)
    assert pace.estimate(1) == {"step_s": 4.0, "eta_s": 4.0}
