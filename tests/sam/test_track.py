"""POST /track: a point on frame 2 of a 5-frame MP4 gives one object covering every frame, as transformers does."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from milimo_sam.masks import decode_png
from tests.sam.conftest import write_mp4


def _track(client, mp4: bytes, prompt: dict):
    return client.post("/track", files={"video": ("clip.mp4", mp4)}, data={"prompt": json.dumps(prompt)})


def _check(body: dict, objects: int) -> None:
    assert (body["width"], body["height"], body["num_frames"]) == (96, 64, 5)
    assert body["fps"] == 8.0 and body["test_model"] is True
    assert len(body["objects"]) == objects
    for item in body["objects"]:
        assert [f["frame"] for f in item["frames"]] == list(range(5))
        for frame in item["frames"]:
            mask = decode_png(frame["png"])
            assert mask.shape == (64, 96) and frame["area"] == int(mask.sum())


@pytest.fixture(scope="module")
def teal_clip_mp4() -> bytes:
    """The red block moving right over a flat teal ground. On ``clip_mp4``'s noise the tiny random tracker's object
    score is just below zero on every frame but the prompted one, so their masks are all empty (and empty equals
    empty); on this ground it is just above zero, so every frame's mask is partial."""
    frames = []
    for index in range(5):
        pixels = np.full((64, 96, 3), (0, 128, 128), np.uint8)
        pixels[16:32, 10 + 8 * index : 30 + 8 * index] = (220, 30, 30)
        frames.append(pixels)
    return write_mp4(frames)


def test_point_on_frame_2_covers_every_frame(client, teal_clip_mp4: bytes) -> None:
    from transformers import Sam3TrackerVideoModel, Sam3TrackerVideoProcessor

    from milimo_sam.video import read_clip

    clip_mp4 = teal_clip_mp4
    response = _track(client, clip_mp4, {"frame": 2, "points": [[30, 24, 1], [80, 50, 0]]})
    assert response.status_code == 200, response.text
    body = response.json()
    _check(body, objects=1)
    assert body["objects"][0]["object_id"] == 1
    assert all(f["score"] is not None for f in body["objects"][0]["frames"])

    # Straight through transformers: forward from frame 2, then backward.
    frames = read_clip(clip_mp4, 100, 1000).frames
    model = Sam3TrackerVideoModel.from_pretrained(body["model"]).eval()
    processor = Sam3TrackerVideoProcessor.from_pretrained(body["model"])
    session = processor.init_video_session(video=frames, inference_device="cpu", dtype=torch.float32)
    processor.add_inputs_to_inference_session(
        inference_session=session,
        frame_idx=2,
        obj_ids=[1],
        input_points=[[[[30, 24], [80, 50]]]],
        input_labels=[[[1, 0]]],
    )
    expected = {}
    with torch.inference_mode():
        for reverse in (False, True):
            for output in model.propagate_in_video_iterator(session, start_frame_idx=2, reverse=reverse):
                mask = processor.post_process_masks([output.pred_masks], original_sizes=[[64, 96]])[0][0, 0]
                expected.setdefault(output.frame_idx, mask.numpy().astype(bool))
    assert sorted(expected) == list(range(5))
    # The comparison means something only where masks are partial: neither empty nor full, on every frame.
    assert all(0 < mask.sum() < mask.size for mask in expected.values()), [int(m.sum()) for m in expected.values()]
    for frame in body["objects"][0]["frames"]:
        assert np.array_equal(decode_png(frame["png"]), expected[frame["frame"]])


def test_boxes_one_object_each(client, clip_mp4: bytes) -> None:
    response = _track(client, clip_mp4, {"frame": 0, "boxes": [[10, 10, 40, 40], [50, 20, 90, 60]]})
    assert response.status_code == 200, response.text
    _check(response.json(), objects=2)
    assert [o["object_id"] for o in response.json()["objects"]] == [1, 2]


def test_text_tracks_with_the_video_model(client, clip_mp4: bytes) -> None:
    response = _track(client, clip_mp4, {"frame": 1, "text": "the red block", "threshold": 0.0, "max_masks": 3})
    assert response.status_code == 200, response.text
    body = response.json()
    _check(body, objects=3)
    for item in body["objects"]:
        for frame in item["frames"]:  # frames where the object was not output carry an empty mask
            if frame["score"] is None:
                assert frame["area"] == 0 and frame["box"] is None
