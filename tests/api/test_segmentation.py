"""Segmentation seen from the API without the SAM service: shot frames to work on, input checks made before the
service is asked, the clear 503 when it is not running (while the rest of the studio works), and in-painting a
grabbed frame so the result remembers its shot and frame. The service itself runs for real in
tests/e2e/test_segmentation_live.py."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from fastapi.testclient import TestClient
from PIL import Image

from backend.media.video_reader import read_video_frames
from tests.api.conftest import make_project, make_shot
from tests.api.test_modes import media_file, submit, upload_png
from tests.media.test_analysis import write_wav

NOT_RUNNING = "segmentation service is not running — start it with ./run_sam.sh"


def generated_shot(client: TestClient) -> tuple[dict, dict]:
    project = make_project(client, width=96, height=64)
    shot = make_shot(client, project["id"], seed=3)
    submit(client, project_id=project["id"], shot_id=shot["id"], mode="t2v")
    return project, client.get(f"/projects/{project['id']}/shots/{shot['id']}").json()


def test_a_grabbed_frame_is_that_frame_of_the_clip_and_remembers_it(client: TestClient) -> None:
    project, shot = generated_shot(client)
    pid, sid = project["id"], shot["id"]
    response = client.post(f"/projects/{pid}/shots/{sid}/frames", json={"frame": 5})
    assert response.status_code == 201, response.text
    frame = response.json()
    assert (frame["origin"], frame["source_shot_id"], frame["source_frame"]) == ("frame", sid, 5)
    assert (frame["kind"], frame["width"], frame["height"]) == ("image", 96, 64)
    pixels = np.asarray(Image.open(io.BytesIO(client.get(frame["url"]).content)))
    clip = read_video_frames(media_file(client, pid, shot["video_url"]))
    np.testing.assert_array_equal(pixels, clip[5])  # PNG is lossless: exactly the decoded frame
    assert np.abs(pixels.astype(int) - clip[4].astype(int)).mean() > 1  # and not its neighbour

    outside = client.post(f"/projects/{pid}/shots/{sid}/frames", json={"frame": 9})
    assert outside.status_code == 422 and "outside the clip (frames 0 to 8)" in outside.json()["detail"]
    empty = make_shot(client, pid)
    no_clip = client.post(f"/projects/{pid}/shots/{empty['id']}/frames", json={"frame": 0})
    assert no_clip.status_code == 422 and "no clip yet" in no_clip.json()["detail"]
    assert client.post(f"/projects/{pid}/shots/{sid}/frames", json={"frame": -1}).status_code == 422
    other = make_project(client)
    assert client.post(f"/projects/{other['id']}/shots/{sid}/frames", json={"frame": 0}).status_code == 404


def test_without_the_service_segmentation_says_how_to_start_it_and_the_studio_works(client: TestClient) -> None:
    project = make_project(client, width=96, height=64)
    image = upload_png(client, project["id"], np.full((64, 96, 3), 90, np.uint8))
    status = client.get("/segmentation/status").json()
    assert status["running"] is False and status["status"] == "down" and NOT_RUNNING in status["detail"]
    segment = client.post(f"/projects/{project['id']}/segment", json={"asset_id": image["id"], "text": "a cup"})
    assert segment.status_code == 503 and segment.json()["detail"] == NOT_RUNNING
    models = {m["role"]: m for m in client.get("/models").json()}
    assert models["segment"]["loaded"] is False and NOT_RUNNING in models["segment"]["error"]
    assert models["video"]["state"] != "error"
    # Everything else keeps working.
    assert make_shot(client, project["id"])["id"]
    assert client.get(f"/projects/{project['id']}").json()["masks"] == []


def test_prompts_are_checked_against_the_image_before_the_service_is_asked(client: TestClient, tmp_path: Path) -> None:
    project = make_project(client)
    pid = project["id"]
    image = upload_png(client, pid, np.zeros((64, 96, 3), np.uint8))

    def segment(**prompt: object):  # noqa: ANN202
        return client.post(f"/projects/{pid}/segment", json={"asset_id": image["id"], **prompt})

    outside = segment(points=[[10, 10, 1], [96, 5, 0]])
    assert outside.status_code == 422 and "points[1] = (96, 5) is outside the 96x64 image" in outside.json()["detail"]
    too_big = segment(boxes=[[0, 0, 97, 10]])
    assert too_big.status_code == 422 and "boxes[0]" in too_big.json()["detail"]
    inverted = segment(boxes=[[30, 10, 20, 40]])
    assert inverted.status_code == 422 and "x1 > x0" in str(inverted.json()["detail"])
    nothing = segment(text="   ")
    assert nothing.status_code == 422 and "say what to segment" in str(nothing.json()["detail"])
    bad_label = segment(points=[[1, 1, 2]])
    assert bad_label.status_code == 422
    wav = tmp_path / "a.wav"
    write_wav(wav, np.zeros(800, np.float32), 8000)
    video = client.post(f"/projects/{pid}/assets", files={"file": ("a.wav", wav.read_bytes(), "audio/wav")}).json()
    not_image = client.post(f"/projects/{pid}/segment", json={"asset_id": video["id"], "text": "x"})
    assert not_image.status_code == 422 and "not an image" in not_image.json()["detail"]
    missing = client.post(f"/projects/{pid}/segment", json={"asset_id": "f" * 32, "text": "x"})
    assert missing.status_code == 404


def test_tracking_needs_a_clip_a_frame_inside_it_and_the_service(client: TestClient) -> None:
    project, shot = generated_shot(client)
    pid, sid = project["id"], shot["id"]
    url = f"/projects/{pid}/shots/{sid}/track"
    beyond = client.post(url, json={"frame": 9, "points": [[5, 5, 1]]})
    assert beyond.status_code == 422 and "outside the clip" in beyond.json()["detail"]
    off_image = client.post(url, json={"frame": 0, "points": [[5, 64, 1]]})
    assert off_image.status_code == 422 and "outside the 96x64 image" in off_image.json()["detail"]
    down = client.post(url, json={"frame": 2, "text": "the wave"})
    assert down.status_code == 503 and down.json()["detail"] == NOT_RUNNING
    assert client.get(f"/projects/{pid}/shots/{sid}/masks").json() == []
    empty = make_shot(client, pid)
    assert client.post(f"/projects/{pid}/shots/{empty['id']}/track", json={"text": "x"}).status_code == 422


def test_inpainting_a_grabbed_frame_keeps_its_shot_and_frame_for_regeneration(client: TestClient) -> None:
    project, shot = generated_shot(client)
    pid, sid = project["id"], shot["id"]
    frame = client.post(f"/projects/{pid}/shots/{sid}/frames", json={"frame": 4}).json()
    mask = np.zeros((64, 96, 3), np.uint8)
    mask[10:30, 20:40] = 255
    # The editor uploads its mask "for" the frame: kept as a mask of that shot's frame, and size-checked.
    buffer = io.BytesIO()
    Image.fromarray(mask).save(buffer, format="PNG")
    uploaded = client.post(
        f"/projects/{pid}/assets",
        data={"mask_for": frame["id"]},
        files={"file": ("mask.png", buffer.getvalue(), "image/png")},
    )
    assert uploaded.status_code == 201, uploaded.text
    assert (uploaded.json()["origin"], uploaded.json()["source_shot_id"], uploaded.json()["source_frame"]) == (
        "mask",
        sid,
        4,
    )
    before = client.get(f"/projects/{pid}").json()["assets"]
    files_before = sorted(client.app.state.studio.storage.project_dir(pid).rglob("*"))
    buffer = io.BytesIO()
    Image.fromarray(np.zeros((32, 48), np.uint8)).save(buffer, format="PNG")
    wrong = client.post(
        f"/projects/{pid}/assets",
        data={"mask_for": frame["id"]},
        files={"file": ("small.png", buffer.getvalue(), "image/png")},
    )
    assert wrong.status_code == 422 and "must be a 96x64 image; this is a 48x32 image" in wrong.json()["detail"]
    assert client.get(f"/projects/{pid}").json()["assets"] == before  # nothing stored: no row, no file
    assert sorted(client.app.state.studio.storage.project_dir(pid).rglob("*")) == files_before

    job = submit(
        client,
        project_id=pid,
        mode="inpaint",
        prompt="a red boat",
        image_asset_id=frame["id"],
        mask_asset_id=uploaded.json()["id"],
        num_inference_steps=2,
    )
    result = job["result"]
    assert (result["source_shot_id"], result["source_frame"]) == (sid, 4)
    repaired = next(a for a in client.get(f"/projects/{pid}").json()["assets"] if a["id"] == result["asset_id"])
    assert (repaired["origin"], repaired["source_shot_id"], repaired["source_frame"]) == ("generated", sid, 4)
    # The shot itself is untouched by a frame fix: still ready, same clip.
    after = client.get(f"/projects/{pid}/shots/{sid}").json()
    assert (after["status"], after["video_url"]) == ("ready", shot["video_url"])

    small = upload_png(client, pid, np.zeros((32, 48, 3), np.uint8))
    mismatch = client.post(
        "/generate/advanced",
        json={
            "project_id": pid,
            "mode": "inpaint",
            "prompt": "x",
            "image_asset_id": frame["id"],
            "mask_asset_id": small["id"],
        },
    )
    assert mismatch.status_code == 422 and "same size" in mismatch.json()["detail"]

    # Back into the shot at that frame, as a conditioning item.
    regenerate = submit(
        client,
        project_id=pid,
        shot_id=sid,
        mode="keyframes",
        conditioning=[{"asset_id": repaired["id"], "frame": 4, "strength": 1.0}],
    )
    assert regenerate["request"]["conditioning"][0]["frame"] == 4
    assert client.get(f"/projects/{pid}/shots/{sid}").json()["video_url"] != shot["video_url"]
