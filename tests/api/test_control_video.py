"""Control video (issue 13): a shot guided by a clip through the IC-LoRA — a media-bin video or another shot's take,
as it is (restyle), as edges or as depth — on the tiny models through the API. The guide is kept in the media bin;
the take records the IC-LoRA; every refusal says what to fix and leaves the shot as it was. SQLite only: what is
new here is files and models, not rows."""

from __future__ import annotations

import io
from collections.abc import Iterator

import av
import numpy as np
import pytest
from fastapi.testclient import TestClient

from backend.api.app import create_app
from backend.config import Settings
from tests.api.conftest import make_project, make_shot, wait_job
from tests.api.test_loras import ltx2_lora, put

UNION = "ltx-2-19b-ic-lora-union-control-ref0.5"


@pytest.fixture
def studio(lora_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(lora_settings), base_url="http://127.0.0.1") as client:
        yield client


def moving_square_mp4(frames: int = 12, size: int = 64, fps: int = 8) -> bytes:
    """A white square crossing a grey field: clear edges, a clip of its own rate."""
    out = io.BytesIO()
    with av.open(out, "w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=fps)
        stream.width = stream.height = size
        stream.pix_fmt = "yuv420p"
        for k in range(frames):
            image = np.full((size, size, 3), 90, np.uint8)
            x = 4 + k * 3
            image[20:40, x : x + 20] = 255
            for packet in stream.encode(av.VideoFrame.from_ndarray(image, format="rgb24")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return out.getvalue()


def upload(client: TestClient, project_id: str, name: str, data: bytes, mime: str) -> dict:
    response = client.post(f"/projects/{project_id}/assets", files={"file": (name, data, mime)})
    assert response.status_code == 201, response.text
    return response.json()


def frames_of(client: TestClient, url: str) -> np.ndarray:
    with av.open(io.BytesIO(client.get(url).content)) as container:
        return np.stack([f.to_ndarray(format="rgb24") for f in container.decode(video=0)])


def generate(client: TestClient, project_id: str, shot_id: str, **body: object) -> dict:
    queued = client.post(
        "/generate/advanced", json={"project_id": project_id, "shot_id": shot_id, "mode": "t2v", **body}
    )
    assert queued.status_code == 202, queued.text
    job = wait_job(client, queued.json()["job_id"], timeout=120)
    assert job["status"] == "completed", job["error"]
    return job


def test_a_canny_guide_steers_the_shot_is_kept_in_the_bin_and_its_take_says_so(
    studio: TestClient, lora_settings
) -> None:
    put(lora_settings, UNION, ltx2_lora(lora_settings, seed=11))
    project = make_project(studio)["id"]
    clip = upload(studio, project, "square.mp4", moving_square_mp4(), "video/mp4")
    shot = make_shot(studio, project, seed=5)
    base = frames_of(studio, generate(studio, project, shot["id"])["result"]["video_url"])

    control = {"asset_id": clip["id"], "kind": "canny", "strength": 1.0}
    saved = studio.patch(
        f"/projects/{project}/shots/{shot['id']}", json={"version": shot["version"] + 2, "control": control}
    )
    if saved.status_code == 409:  # the generation above bumped the version: use the current one
        current = studio.get(f"/projects/{project}/shots/{shot['id']}").json()
        saved = studio.patch(
            f"/projects/{project}/shots/{shot['id']}", json={"version": current["version"], "control": control}
        )
    assert saved.status_code == 200, saved.text
    assert saved.json()["control"]["asset_id"] == clip["id"]

    job = generate(studio, project, shot["id"])
    result = job["result"]
    guided = frames_of(studio, result["video_url"])
    assert guided.shape == base.shape and not np.array_equal(guided, base)
    [ic] = [lora for lora in result["loras"] if lora.get("control")]
    assert ic["name"] == UNION and ic["control"] == "canny"
    # The guide is in the media bin: a video of the square's edges, white lines on black, at the shot's rate.
    assets = {a["id"]: a for a in studio.get(f"/projects/{project}/assets").json()}
    kept = assets[result["control_asset_id"]]
    assert kept["origin"] == "control" and kept["kind"] == "video" and kept["source_shot_id"] == shot["id"]
    edges = frames_of(studio, kept["url"])
    assert len(edges) == 9  # the shot's 9 frames, retimed from the 8 fps upload to the shot's rate
    assert (edges < 40).mean() > 0.8 and (edges > 200).mean() > 0.01  # mostly black, with bright edges
    take = studio.get(f"/projects/{project}/shots/{shot['id']}").json()["params"]["takes"][-1]
    assert any(lora.get("control") == "canny" for lora in take["loras"])

    # Strength 0: the generation ignores the guide; guiding only the first frames differs from guiding all of them.
    faint = frames_of(
        studio, generate(studio, project, shot["id"], control={**control, "strength": 0.0})["result"]["video_url"]
    )
    part = frames_of(
        studio, generate(studio, project, shot["id"], control={**control, "to_s": 0.2})["result"]["video_url"]
    )
    assert not np.array_equal(faint, guided) and not np.array_equal(part, guided)

    # The shot's control is for generating it anew: a retake of its take runs without it.
    retake = generate(studio, project, shot["id"], mode="retake", start_frame=2, end_frame=5)
    assert retake["request"]["control"] is None


def test_another_shots_take_guides_as_depth_and_as_itself(studio: TestClient, lora_settings) -> None:
    put(lora_settings, UNION, ltx2_lora(lora_settings, seed=11))
    project = make_project(studio)["id"]
    source = make_shot(studio, project, seed=1)
    generate(studio, project, source["id"])
    shot = make_shot(studio, project, seed=5)
    depth = generate(studio, project, shot["id"], control={"shot_id": source["id"], "kind": "depth"})["result"]
    restyle = generate(studio, project, shot["id"], control={"shot_id": source["id"], "kind": "raw"})["result"]
    pose = generate(studio, project, shot["id"], control={"shot_id": source["id"], "kind": "pose"})["result"]
    assert depth["control_kind"] == "depth" and restyle["control_kind"] == "raw" and pose["control_kind"] == "pose"
    skeletons = frames_of(studio, pose["control_url"])
    assert len(skeletons) == 9 and skeletons.mean() < 60  # limbs drawn on black (the tiny model's are noise)
    assert not np.array_equal(frames_of(studio, depth["video_url"]), frames_of(studio, restyle["video_url"]))
    grey = frames_of(studio, depth["control_url"]).astype(int)
    assert np.abs(grey[..., 0] - grey[..., 2]).max() <= 8  # a depth map is grey (up to the codec's chroma)
    models = {m["role"]: m for m in studio.get("/models").json()}
    # The embedded defaults are tiny random estimators, and say so.
    assert models["depth"]["test_model"] is True and models["pose"]["test_model"] is True


def test_bad_control_clips_are_refused_saying_what_to_fix(studio: TestClient, lora_settings) -> None:
    project = make_project(studio)["id"]
    other = make_project(studio, name="Other")["id"]
    clip = upload(studio, project, "square.mp4", moving_square_mp4(), "video/mp4")
    theirs = upload(studio, other, "square.mp4", moving_square_mp4(), "video/mp4")
    shot = make_shot(studio, project)
    unmade = make_shot(studio, project)

    def refused(control: dict, status: int = 422, **body: object) -> str:
        response = studio.post(
            "/generate/advanced",
            json={"project_id": project, "shot_id": shot["id"], "mode": "t2v", "control": control, **body},
        )
        assert response.status_code == status, response.text
        detail = response.json()["detail"]
        return detail if isinstance(detail, str) else str(detail)

    assert "Lightricks/LTX-2-19b-IC-LoRA-Union-Control" in refused({"asset_id": clip["id"], "kind": "canny"})
    put(lora_settings, UNION, ltx2_lora(lora_settings, seed=11))
    assert "exactly one of asset_id" in refused({"asset_id": clip["id"], "shot_id": shot["id"]})
    assert "exactly one of asset_id" in refused({"kind": "depth"})
    refused({"asset_id": theirs["id"]}, status=404)
    assert "has no take yet" in refused({"shot_id": unmade["id"]})
    assert "lasts 1.50 s" in refused({"asset_id": clip["id"], "start_s": 2.0})
    assert "shot lasts" in refused({"asset_id": clip["id"], "from_s": 5.0})
    assert "must come after" in refused({"asset_id": clip["id"], "from_s": 0.5, "to_s": 0.2})
    assert "upscale" in refused({"asset_id": clip["id"]}, upscale=True)
    still = studio.post(
        "/generate/advanced",
        json={"project_id": project, "shot_id": shot["id"], "mode": "t2i", "control": {"asset_id": clip["id"]}},
    )
    assert still.status_code == 422 and "not t2i" in still.json()["detail"]
    assert "multiples of 64" in refused({"asset_id": clip["id"]}, width=96)
    # A shot can only keep a control clip that exists and is a video; nothing was queued by any of the above.
    image = upload(studio, project, "still.png", _png(), "image/png")
    patched = studio.patch(
        f"/projects/{project}/shots/{shot['id']}",
        json={"version": shot["version"], "control": {"asset_id": image["id"]}},
    )
    assert patched.status_code == 422 and "must be a video" in patched.json()["detail"]
    after = studio.get(f"/projects/{project}/shots/{shot['id']}").json()
    assert after["status"] == "draft" and after["control"] is None and after["version"] == shot["version"]
    assert studio.get(f"/projects/{project}/jobs").json() == []
    # A shot whose control clip was deleted since: refused, saying so.
    kept = studio.patch(
        f"/projects/{project}/shots/{shot['id']}",
        json={"version": after["version"], "control": {"asset_id": clip["id"]}},
    )
    assert kept.status_code == 200, kept.text
    assert studio.delete(f"/projects/{project}/assets/{clip['id']}").status_code in (200, 204)
    gone = studio.post("/generate/advanced", json={"project_id": project, "shot_id": shot["id"], "mode": "t2v"})
    assert gone.status_code == 404 and "choose another clip or remove the control" in gone.json()["detail"]


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()
