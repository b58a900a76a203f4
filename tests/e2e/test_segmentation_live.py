"""Segmentation with both services running for real on loopback: the API (uvicorn) and the SAM 3 service
(``python -m milimo_sam serve``, as ``sam3/run_sam.sh`` starts it), each its own process, tiny random models.

Covers the proxy (masks as the service cut them, sized to the image), frames of shots, tracking through a clip with
stored per-frame masks, and the service being killed mid-session (a clear 503, the studio unaffected) and restarted
(segmentation works again without restarting the API).
"""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import av
import httpx
import numpy as np
import pytest
from PIL import Image

from backend.media.masks import load_mask_stack
from backend.testing.server_process import ApiServer, SamServer, wait_for_job
from tests.api.conftest import seed_test_models

pytestmark = pytest.mark.slow

NOT_RUNNING = "segmentation service is not running — start it with ./run_sam.sh"


def png(url: str) -> np.ndarray:
    response = httpx.get(url, timeout=10)
    assert response.status_code == 200, response.text
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "PNG"
    return np.asarray(image)


def test_masks_frames_tracking_and_a_killed_service(tmp_path: Path, tiny_models_root: Path) -> None:
    data = tmp_path / "data"
    seed_test_models(data, tiny_models_root)
    sam = SamServer(tmp_path / "sam-data")
    sam.start(timeout=240)  # the first start builds the tiny SAM 3 model
    try:
        with ApiServer(data, env={"SAM_SERVICE_PORT": str(sam.port)}) as api:
            _exercise(api, sam)
    finally:
        sam.stop()


def _exercise(api: ApiServer, sam: SamServer) -> None:
    url = api.url
    status = httpx.get(f"{url}/segmentation/status").json()
    assert status["running"] is True and status["status"] == "ok" and status["test_model"] is True
    segment_row = next(m for m in httpx.get(f"{url}/models").json() if m["role"] == "segment")
    assert segment_row["loaded"] is True and segment_row["test_model"] is True

    project = httpx.post(f"{url}/projects", json={"name": "Masks", "width": 96, "height": 64}).json()
    pid = project["id"]
    shot = httpx.post(
        f"{url}/projects/{pid}/shots",
        json={"prompt": "a gull over the harbour", "num_frames": 9, "num_inference_steps": 2},
    ).json()
    job = httpx.post(f"{url}/generate/advanced", json={"project_id": pid, "shot_id": shot["id"], "mode": "t2v"})
    assert wait_for_job(url, job.json()["job_id"], timeout=120)["status"] == "completed"
    frame = httpx.post(f"{url}/projects/{pid}/shots/{shot['id']}/frames", json={"frame": 4}).json()

    # Clicks → one object, exactly the mask the service cut, stored as a PNG the size of the image.
    prompt = {"points": [[40, 30, 1], [10, 10, 0]]}
    ours = httpx.post(f"{url}/projects/{pid}/segment", json={"asset_id": frame["id"], **prompt}, timeout=60)
    assert ours.status_code == 200, ours.text
    body = ours.json()
    assert (body["width"], body["height"], body["test_model"]) == (96, 64, True)
    assert len(body["masks"]) == 1
    mask = body["masks"][0]
    pixels = png(url + mask["mask_url"])
    assert pixels.shape == (64, 96) and set(np.unique(pixels)) <= {0, 255}
    assert mask["area"] == int((pixels == 255).sum())
    x0, y0, x1, y1 = mask["box"]
    assert 0 <= x0 <= x1 <= 96 and 0 <= y0 <= y1 <= 64
    frame_png = httpx.get(url + frame["url"]).content
    direct = httpx.post(
        f"{sam.url}/segment",
        files={"image": ("f.png", frame_png, "image/png")},
        data={"prompt": json.dumps(prompt)},
        timeout=60,
    ).json()
    service_mask = np.asarray(Image.open(io.BytesIO(__import__("base64").b64decode(direct["masks"][0]["png"]))))
    np.testing.assert_array_equal(pixels, service_mask)
    assert mask["score"] == pytest.approx(direct["masks"][0]["score"])

    # Words, kept as assets: they join the media bin tied to the shot's frame.
    kept = httpx.post(
        f"{url}/projects/{pid}/segment",
        json={"asset_id": frame["id"], "text": "the gull", "threshold": 0.0, "max_masks": 3, "keep_as_assets": True},
        timeout=60,
    ).json()
    assert 1 <= len(kept["masks"]) <= 3 and all(m["asset_id"] for m in kept["masks"])
    assets = {a["id"]: a for a in httpx.get(f"{url}/projects/{pid}").json()["assets"]}
    first = assets[kept["masks"][0]["asset_id"]]
    assert (first["origin"], first["source_shot_id"], first["source_frame"]) == ("mask", shot["id"], 4)
    scores = [m["score"] for m in kept["masks"]]
    assert scores == sorted(scores, reverse=True)

    # Tracking through the clip: a job; one mask per frame kept on the shot, with a tinted preview.
    track = httpx.post(f"{url}/projects/{pid}/shots/{shot['id']}/track", json={"frame": 2, "points": [[40, 30, 1]]})
    assert track.status_code == 202, track.text
    done = wait_for_job(url, track.json()["job_id"], timeout=120)
    assert done["status"] == "completed", done["error"]
    masks = httpx.get(f"{url}/projects/{pid}/shots/{shot['id']}/masks").json()
    assert len(masks) == 1 and masks[0]["num_frames"] == 9 and masks[0]["label"] == "1 click on frame 2"
    stack_file = api.data_dir / "projects" / pid / masks[0]["data_url"].split("/", 3)[3]
    stack = load_mask_stack(stack_file)
    assert stack.shape == (9, 64, 96)
    assert masks[0]["frames_with_object"] == int(stack.any(axis=(1, 2)).sum())
    preview = httpx.get(url + masks[0]["preview_url"]).content
    with av.open(io.BytesIO(preview)) as container:
        decoded = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
    assert len(decoded) == 9 and decoded[0].shape == (64, 96, 3)
    assert httpx.get(f"{url}/projects/{pid}").json()["masks"][0]["id"] == masks[0]["id"]

    # The service dies: a clear 503 at once, the studio carries on.
    sam.kill()
    started = time.monotonic()
    down = httpx.post(f"{url}/projects/{pid}/segment", json={"asset_id": frame["id"], **prompt}, timeout=30)
    assert down.status_code == 503 and down.json()["detail"] == NOT_RUNNING
    assert time.monotonic() - started < 5
    assert httpx.get(f"{url}/segmentation/status").json()["status"] == "down"
    no_track = httpx.post(f"{url}/projects/{pid}/shots/{shot['id']}/track", json={"frame": 0, "text": "gull"})
    assert no_track.status_code == 503 and no_track.json()["detail"] == NOT_RUNNING
    assert httpx.post(f"{url}/projects/{pid}/shots", json={"prompt": "still works"}).status_code == 201
    assert httpx.get(f"{url}/health").json()["status"] == "ok"

    # Restarted on the same port: segmentation is back without touching the API.
    sam.start(timeout=120)
    again = httpx.post(f"{url}/projects/{pid}/segment", json={"asset_id": frame["id"], **prompt}, timeout=60)
    assert again.status_code == 200 and len(again.json()["masks"]) == 1
    np.testing.assert_array_equal(png(url + again.json()["masks"][0]["mask_url"]), pixels)
    delete = httpx.delete(f"{url}/projects/{pid}/masks/{masks[0]['id']}")
    assert delete.status_code == 204 and not stack_file.exists()
