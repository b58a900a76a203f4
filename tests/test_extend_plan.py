"""The Smart Continue plan: chunk count and overlap in latent frames, for the real LTX-2 and the tiny model."""

from __future__ import annotations

import pytest

from backend.extend.plan import plan_chain


def request(**fields: object) -> dict:
    return {"fps": 24.0, "num_frames": 121, "overlap_seconds": 1.0, "extend_seconds": 10.0, **fields}


def test_real_ltx2_plan() -> None:
    plan = plan_chain(request(), temporal_ratio=8)
    # 1 s at 24 fps = 3 latent frames = 17 pixel frames repeated; each 121-frame chunk adds 104 new frames.
    assert (plan["overlap_latent"], plan["overlap_frames"], plan["new_frames_per_chunk"]) == (3, 17, 104)
    assert plan["chunks"] == 3  # ceil(240 / 104)


@pytest.mark.parametrize("overlap_seconds,expected_latent", [(0.01, 1), (1.0, 2), (5.0, 2)])
def test_overlap_is_at_least_one_latent_frame_and_at_most_half_a_chunk(
    overlap_seconds: float, expected_latent: int
) -> None:
    plan = plan_chain(request(num_frames=9, overlap_seconds=overlap_seconds, extend_seconds=1.0), temporal_ratio=2)
    assert plan["overlap_latent"] == expected_latent
    assert plan["new_frames_per_chunk"] >= plan["overlap_frames"]
