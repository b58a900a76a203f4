"""The Smart Continue plan: chunks of the model's native length (not the shot's), overlap in latent frames, for the
real LTX-2 and the tiny model."""

from __future__ import annotations

import pytest

from backend.extend.plan import native_chunk_frames, plan_chain


def request(**fields: object) -> dict:
    return {"fps": 24.0, "overlap_seconds": 1.0, "extend_seconds": 10.0, "base_frames": 121, **fields}


def test_native_chunk_is_five_seconds_on_the_frame_rule() -> None:
    assert native_chunk_frames(24.0, 8) == 121
    assert (native_chunk_frames(30.0, 8) - 1) % 8 == 0 and abs(native_chunk_frames(30.0, 8) / 30 - 5) < 0.2


def test_two_seconds_on_a_nine_frame_shot_is_one_chunk() -> None:
    # Reported: "+2 s" on a 9-frame shot became 8 chunks of 9 frames. The shot's length no longer sizes the chunks.
    plan = plan_chain(request(extend_seconds=2.0, base_frames=9, num_frames=9), temporal_ratio=8)
    assert plan["chunks"] == 1
    assert (plan["chunk_frames"] - 1) % 8 == 0 and plan["chunk_frames"] <= 121
    assert 48 <= plan["new_frames_per_chunk"] < 48 + 8  # what was asked for, rounded up to the 8k+1 rule
    assert plan["overlap_frames"] < 9  # the first chunk repeats the clip's tail, never the whole clip


def test_long_extension_shares_the_frames_over_as_few_native_chunks_as_needed() -> None:
    plan = plan_chain(request(), temporal_ratio=8)
    # 1 s at 24 fps = 3 latent frames = 17 pixel frames repeated; a native 121-frame chunk adds 104, so 240 new
    # frames need 3 chunks, which then carry 80 each (97 frames): exactly 10 s, not 13.
    assert (plan["overlap_latent"], plan["overlap_frames"]) == (3, 17)
    assert (plan["chunks"], plan["chunk_frames"], plan["new_frames_per_chunk"]) == (3, 97, 80)
    longest = plan_chain(request(extend_seconds=600.0), temporal_ratio=8)
    assert longest["chunk_frames"] == 121 and longest["chunks"] * 104 >= 600 * 24


@pytest.mark.parametrize("seconds", [0.04, 0.3, 1.0, 2.0, 4.9, 5.0, 5.5, 7.3, 10.5, 33.0])
@pytest.mark.parametrize("ratio", [2, 8])
def test_every_plan_adds_at_least_what_was_asked_on_the_frame_rule(seconds: float, ratio: int) -> None:
    plan = plan_chain(request(extend_seconds=seconds, base_frames=9), temporal_ratio=ratio)
    wanted = round(seconds * 24)
    assert (plan["chunk_frames"] - 1) % ratio == 0 and plan["chunk_frames"] <= native_chunk_frames(24.0, ratio)
    assert wanted <= plan["chunks"] * plan["new_frames_per_chunk"] < wanted + plan["chunks"] * ratio + ratio
    assert plan["new_frames_per_chunk"] >= plan["overlap_frames"] >= 1


@pytest.mark.parametrize("overlap_seconds,expected_latent", [(0.01, 1), (0.2, 2), (5.0, 4)])
def test_overlap_is_at_least_one_latent_frame_and_less_than_the_clip_has(
    overlap_seconds: float, expected_latent: int
) -> None:
    plan = plan_chain(request(overlap_seconds=overlap_seconds, base_frames=9, extend_seconds=3.0), temporal_ratio=2)
    assert plan["overlap_latent"] == expected_latent
    assert plan["overlap_frames"] < 9 and plan["new_frames_per_chunk"] >= plan["overlap_frames"]
