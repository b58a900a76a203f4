"""Every bad request is a 4xx with a message that says what to fix, never a 500."""

from __future__ import annotations

import asyncio
import json

import pytest

BAD_SEGMENT_PROMPTS = [
    ("{not json", "not valid JSON"),
    ("[1, 2]", "must be a JSON object"),
    ("{}", "at least one of text, boxes or points"),
    ('{"text": "   "}', "at least one of text, boxes or points"),
    ('{"points": [[10, 10, 2]]}', "label must be 1 (positive) or 0 (negative)"),
    ('{"boxes": [[50, 10, 40, 30]]}', "boxes[0]: need x0 < x1 and y0 < y1"),
    ('{"points": [[100, 10, 1]]}', "points[0] = (100, 10) is outside the image (96×64 pixels)"),
    ('{"boxes": [[0, 0, 10, 10], [10, 10, 20, 70]]}', "boxes[1] = [10, 10, 20, 70] is outside the image (96×64"),
    ('{"points": [[1, 1, 1]], "text": "car"}', "text cannot be combined with points"),
    ('{"points": [[1, 1, 1]], "boxes": [[0, 0, 5, 5], [1, 1, 6, 6]]}', "at most one box"),
    ('{"text": "car", "threshold": 2}', "threshold"),
    ('{"text": "car", "colour": "red"}', "colour"),
]


@pytest.mark.parametrize(("prompt", "message"), BAD_SEGMENT_PROMPTS)
def test_bad_segment_prompt(client, picture_png: bytes, prompt: str, message: str) -> None:
    response = client.post("/segment", files={"image": ("a.png", picture_png)}, data={"prompt": prompt})
    assert response.status_code == 422, response.text
    assert message in response.json()["detail"]


def test_missing_fields(client, picture_png: bytes) -> None:
    response = client.post("/segment", files={"image": ("a.png", picture_png)})
    assert response.status_code == 422 and "prompt" in response.json()["detail"]
    response = client.post("/segment", data={"prompt": '{"text": "car"}'})
    assert response.status_code == 422 and "image" in response.json()["detail"]


def test_undecodable_image(client) -> None:
    response = client.post(
        "/segment",
        files={"image": ("photo.png", b"\x89PNG definitely not", "image/png")},
        data={"prompt": '{"text": "car"}'},
    )
    assert response.status_code == 415 and "could not decode" in response.json()["detail"]


def test_image_format_is_checked_by_decoding(client, picture) -> None:
    from tests.sam.conftest import encode

    response = client.post(
        "/segment", files={"image": ("a.png", encode(picture, "GIF"), "image/png")}, data={"prompt": '{"text": "a"}'}
    )
    assert response.status_code == 415 and "PNG, JPEG or WebP, got GIF" in response.json()["detail"]


def test_image_too_large(client) -> None:
    from PIL import Image

    from tests.sam.conftest import encode

    response = client.post(
        "/segment", files={"image": ("a.png", encode(Image.new("RGB", (600, 10))))}, data={"prompt": '{"text": "a"}'}
    )
    assert response.status_code == 422 and "600×10" in response.json()["detail"]


def test_body_too_large(client) -> None:
    big = b"\0" * 2_100_000  # the test settings allow 2,000,000 bytes
    response = client.post("/segment", files={"image": ("a.png", big)}, data={"prompt": '{"text": "a"}'})
    assert response.status_code == 413 and "larger than 2000000 bytes" in response.json()["detail"]


def test_body_too_large_without_content_length(sam_settings) -> None:
    """A chunked upload is cut off while reading, not trusted by its headers."""
    from milimo_sam.app import BodyLimit

    sent: list[dict] = []
    chunks = [{"type": "http.request", "body": b"x" * 1_500_000, "more_body": True}] * 2

    async def receive() -> dict:
        return chunks.pop(0)

    async def send(message: dict) -> None:
        sent.append(message)

    async def app(scope, receive, send) -> None:  # pragma: no cover - must not be reached
        raise AssertionError("the app saw an oversized body")

    scope = {"type": "http", "method": "POST", "headers": [(b"transfer-encoding", b"chunked")]}
    asyncio.run(BodyLimit(app, sam_settings.sam_max_request_bytes)(scope, receive, send))
    assert sent[0]["status"] == 413


@pytest.mark.parametrize(
    ("prompt", "status", "message"),
    [
        ({"frame": 5, "points": [[10, 10, 1]]}, 422, "frame 5 is out of range: the clip has 5 frames"),
        ({"frame": -1, "points": [[10, 10, 1]]}, 422, "frame"),
        ({"frame": 0, "points": [[10, 99, 1]]}, 422, "is outside the video frame (96×64 pixels)"),
        ({"frame": 0, "text": "car", "boxes": [[0, 0, 5, 5]]}, 422, "text or boxes, not both"),
        ({"frame": 0}, 422, "at least one of text, boxes or points"),
    ],
)
def test_bad_track_prompt(client, clip_mp4: bytes, prompt: dict, status: int, message: str) -> None:
    response = client.post("/track", files={"video": ("c.mp4", clip_mp4)}, data={"prompt": json.dumps(prompt)})
    assert response.status_code == status, response.text
    assert message in response.json()["detail"]


def test_undecodable_video(client, picture_png: bytes) -> None:
    response = client.post(
        "/track", files={"video": ("c.mp4", b"not a video at all" * 10)}, data={"prompt": '{"points": [[1, 1, 1]]}'}
    )
    assert response.status_code == 415 and "could not decode the video" in response.json()["detail"]


def test_too_many_frames(client) -> None:
    import numpy as np

    from tests.sam.conftest import write_mp4

    frames = [np.zeros((16, 16, 3), dtype=np.uint8)] * 13  # the test settings allow 12
    response = client.post(
        "/track", files={"video": ("c.mp4", write_mp4(frames))}, data={"prompt": '{"points": [[1, 1, 1]]}'}
    )
    assert response.status_code == 422 and "more than 12 frames" in response.json()["detail"]
