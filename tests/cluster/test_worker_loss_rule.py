"""The rule for a job whose Ray worker died (docs/scale.md): queued again once if it had written nothing."""

from __future__ import annotations

import pytest

from backend.worker.ray_executor import queue_again_after_loss


@pytest.mark.parametrize(
    ("kind", "stages", "attempts", "again"),
    [
        ("t2v", ("denoising", "denoising"), 1, True),  # nothing written yet: once more
        ("t2v", (None, "loading_model"), 1, True),
        ("render", (None, None), 1, True),  # a render writes its file atomically at the end
        ("t2v", ("denoising", "denoising"), 2, False),  # it was queued again once already
        ("t2v", ("encoding", "encoding"), 1, False),  # it may have written its clip
        ("t2i", ("decoding", "saving"), 1, False),  # its events saw it saving, the row had not caught up
        ("extend", ("denoising", "denoising"), 1, False),  # a chain commits chunks as it goes
    ],
)
def test_a_job_is_queued_again_only_if_it_wrote_nothing_and_ran_once(
    kind: str, stages: tuple[str | None, ...], attempts: int, again: bool
) -> None:
    assert queue_again_after_loss(kind, stages, attempts) is again
