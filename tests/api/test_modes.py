"""Every generation mode through POST /generate/advanced on the real tiny models, writing real files.

Each result is compared with the same adapter called directly on a freshly loaded pipeline (the adapters themselves
are shown equal to bare diffusers calls in tests/models), so the API path adds nothing to what the model makes.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
import torch
from fastapi.testclient import TestClient
from PIL import Image

from backend.api.app import create_app
from backend.config import Settings
from tests.api.conftest import make_project, make_shot, wait_job
from tests.api.test_generation import decode
from tests.sqlite_only import sqlite_only  # noqa: F401 - the database_url fixture: SQLite only (see the module)


def upload_png(client: TestClient, project_id: str, image: np.ndarray) -> dict:
    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, format="PNG")
    response = client.post(f"/projects/{project_id}/assets", files={"file": ("x.png", buffer.getvalue(), "image/png")})
    assert response.status_code == 201, response.text
    return response.json()


def gradient(width: int = 64, height: int = 64) -> np.ndarray:
    y, x = np.mgrid[0:height, 0:width]
    return np.stack([x * 255 // width, y * 255 // height, np.full_like(x, 128)], axis=-1).astype(np.uint8)


def media_file(client: TestClient, project_id: str, url: str):
    return client.app.state.studio.storage.absolute(project_id, url.split("/", 3)[3])


def submit(client: TestClient, **body: object) -> dict:
    response = client.post("/generate/advanced", json=body)
    assert response.status_code == 202, response.text
    job = wait_job(client, response.json()["job_id"])
    assert job["status"] == "completed", job["error"]
    return job


def test_image_to_video_uses_the_uploaded_image(client: TestClient, tiny_ltx2_dir) -> None:
    from backend.media.video_writer import write_mp4
    from backend.models.ltx2.image_to_video import ImageToVideoRequest, image_to_video
    from backend.models.ltx2.loader import load_ltx2_pipeline

    project = make_project(client)
    shot = make_shot(client, project["id"], seed=5)
    image = upload_png(client, project["id"], gradient())
    job = submit(client, project_id=project["id"], shot_id=shot["id"], mode="i2v", image_asset_id=image["id"])
    ours, _ = decode(media_file(client, project["id"], job["result"]["video_url"]))

    pipe = load_ltx2_pipeline(tiny_ltx2_dir, "cpu", torch.float32)
    direct = image_to_video(
        pipe,
        ImageToVideoRequest(
            prompt=shot["prompt"],
            width=64,
            height=64,
            num_frames=9,
            seed=5,
            num_inference_steps=2,
            guidance_scale=shot["guidance_scale"],
            image=gradient(),
        ),
    )
    reference = media_file(client, project["id"], job["result"]["video_url"]).with_name("direct.mp4")
    write_mp4(reference, direct.frames, direct.fps, direct.audio, direct.audio_sample_rate)
    theirs = decode(reference)[0]
    # Equal up to float summation order: the job runs on the worker thread, whose CPU kernels may split work
    # differently from the test thread's, and H.264 can turn a one-level input difference into a few levels on a
    # handful of pixels (seen in CI: 12 % of frame 0's values off, mean well under 2). The other image (255 - gradient)
    # moves frame 0 by about 25 levels on average and the whole clip by about 15, so these bounds still tell the
    # uploaded image from any other.
    assert np.abs(ours[0].astype(int) - theirs[0].astype(int)).mean() < 2.0
    assert np.abs(ours.astype(int) - theirs.astype(int)).mean() < 1.0


def test_conditioning_timeline_and_its_validation(client: TestClient) -> None:
    project = make_project(client)
    shot = make_shot(client, project["id"])
    first, last = upload_png(client, project["id"], gradient()), upload_png(client, project["id"], 255 - gradient())
    items = [
        {"asset_id": first["id"], "frame": 0, "strength": 1.0},
        {"asset_id": last["id"], "frame": 8, "strength": 0.8},
    ]
    # Saved on the shot (the ConditioningEditor), then used when the request names none.
    saved = client.patch(f"/projects/{project['id']}/shots/{shot['id']}", json={"version": 1, "conditioning": items})
    assert saved.status_code == 200 and saved.json()["conditioning"] == items
    job = submit(client, project_id=project["id"], shot_id=shot["id"], mode="keyframes")
    assert job["request"]["conditioning"] == items
    frames, _ = decode(media_file(client, project["id"], job["result"]["video_url"]))
    assert frames.shape == (9, 64, 64, 3)

    base = {"project_id": project["id"], "shot_id": shot["id"], "mode": "keyframes"}
    outside = client.post("/generate/advanced", json={**base, "conditioning": [{**items[0], "frame": 9}]})
    assert outside.status_code == 422 and "outside the clip (frames 0 to 8)" in outside.json()["detail"]
    other = make_project(client)
    foreign = upload_png(client, other["id"], gradient())
    stolen = client.post("/generate/advanced", json={**base, "conditioning": [{**items[0], "asset_id": foreign["id"]}]})
    assert stolen.status_code == 404
    bad_strength = client.post("/generate/advanced", json={**base, "conditioning": [{**items[0], "strength": 2}]})
    assert bad_strength.status_code == 422
    no_image = client.post("/generate/advanced", json={**base, "mode": "i2v"})
    assert no_image.status_code == 422 and "image_asset_id" in no_image.json()["detail"]


def test_text_to_image_edit_and_inpaint_fill_the_media_bin(client: TestClient, tiny_flux2_dir) -> None:
    from backend.models.flux2.loader import load_flux2_pipeline
    from backend.models.flux2.text_to_image import TextToImageRequest, text_to_image

    project = make_project(client)
    t2i = submit(
        client, project_id=project["id"], mode="t2i", prompt="a red lighthouse, storm", seed=9, num_inference_steps=2
    )
    result = t2i["result"]
    assert result["image_url"].startswith(f"/projects/{project['id']}/generated/images/") and result["test_model"]
    ours = np.asarray(Image.open(media_file(client, project["id"], result["image_url"])))
    direct = text_to_image(
        load_flux2_pipeline(tiny_flux2_dir, "cpu", torch.float32),
        TextToImageRequest(
            prompt="a red lighthouse, storm", width=64, height=64, seed=9, num_inference_steps=2, guidance_scale=4.0
        ),
    )
    np.testing.assert_array_equal(ours, direct.image)  # PNG is lossless: exact
    assert client.get(result["thumbnail_url"]).status_code == 200

    assets = client.get(f"/projects/{project['id']}").json()["assets"]
    generated = next(a for a in assets if a["id"] == result["asset_id"])
    assert (generated["origin"], generated["job_id"], generated["kind"]) == ("generated", t2i["id"], "image")

    edit = submit(
        client,
        project_id=project["id"],
        mode="edit",
        prompt="same lighthouse at night",
        reference_asset_ids=[generated["id"]],
        num_inference_steps=2,
    )
    assert edit["result"]["image_url"] != result["image_url"]

    mask = np.zeros((64, 64), np.uint8)
    mask[16:48, 16:48] = 255
    buffer = io.BytesIO()
    Image.fromarray(mask).save(buffer, format="PNG")
    mask_asset = client.post(
        f"/projects/{project['id']}/assets", files={"file": ("mask.png", buffer.getvalue(), "image/png")}
    ).json()
    shot = make_shot(client, project["id"])
    inpaint = submit(
        client,
        project_id=project["id"],
        shot_id=shot["id"],
        mode="inpaint",
        prompt="a boat",
        image_asset_id=generated["id"],
        mask_asset_id=mask_asset["id"],
        strength=0.8,
        num_inference_steps=2,
    )
    assert inpaint["request"]["strength"] == 0.8
    # A still generated for a shot becomes that shot's image (storyboard frame).
    assert (
        client.get(f"/projects/{project['id']}/shots/{shot['id']}").json()["image_url"]
        == inpaint["result"]["image_url"]
    )

    small_mask = upload_png(client, project["id"], np.zeros((32, 32, 3), np.uint8))
    mismatch = client.post(
        "/generate/advanced",
        json={
            "project_id": project["id"],
            "mode": "inpaint",
            "prompt": "x",
            "image_asset_id": generated["id"],
            "mask_asset_id": small_mask["id"],
        },
    )
    assert mismatch.status_code == 422 and "same size" in mismatch.json()["detail"]
    empty = client.post("/generate/advanced", json={"project_id": project["id"], "mode": "t2i", "prompt": "  "})
    assert empty.status_code == 422 and "prompt is empty" in empty.json()["detail"]
    no_shot = client.post("/generate/advanced", json={"project_id": project["id"], "mode": "t2v", "prompt": "x"})
    assert no_shot.status_code == 422 and "needs shot_id" in no_shot.json()["detail"]


def test_two_stage_upscale(client: TestClient) -> None:
    project = make_project(client, width=128, height=128)
    shot = make_shot(client, project["id"])
    job = submit(client, project_id=project["id"], shot_id=shot["id"], mode="t2v", upscale=True)
    frames, _ = decode(media_file(client, project["id"], job["result"]["video_url"]))
    assert frames.shape == (9, 128, 128, 3)
    bad = client.post(
        "/generate/advanced",
        json={
            "project_id": project["id"],
            "shot_id": shot["id"],
            "mode": "t2v",
            "upscale": True,
            "width": 96,
            "height": 96,
        },
    )
    assert bad.status_code == 422 and "multiples of 64" in bad.json()["detail"]


def test_director_rewrites_deterministically_and_says_it_is_a_test_model(client: TestClient) -> None:
    project = make_project(client)
    make_shot(client, project["id"], prompt="wide shot of the harbour at dawn")
    second = make_shot(client, project["id"], prompt="")
    client.post(f"/projects/{project['id']}/elements", json={"name": "Hero", "description": "a tall sailor"})
    body = {"project_id": project["id"], "shot_id": second["id"], "instruction": "@Hero walks away", "seed": 3}
    first = client.post("/director/enrich", json=body)
    assert first.status_code == 200, first.text
    answer = first.json()
    assert answer["used_director"] is True and answer["test_model"] is True and "noise" in answer["message"]
    assert answer["prompt"] and len(answer["prompt"]) <= 1200
    assert client.post("/director/enrich", json=body).json()["prompt"] == answer["prompt"]
    assert client.post("/director/enrich", json={**body, "instruction": ""}).status_code == 422


def test_without_a_director_the_users_text_is_kept(settings: Settings) -> None:
    with TestClient(
        create_app(settings.model_copy(update={"director_source": "none"})), base_url="http://127.0.0.1"
    ) as client:
        project = make_project(client)
        answer = client.post("/director/enrich", json={"project_id": project["id"], "instruction": "she turns"})
        assert answer.status_code == 200
        assert answer.json()["prompt"] == "she turns" and answer.json()["used_director"] is False
        assert "No director model is configured" in answer.json()["message"]
        roles = {m["role"]: m for m in client.get("/models").json()}
        assert roles["director"]["source"] is None and roles["director"]["state"] == "disabled"


@pytest.mark.parametrize("host_budget_gb,parked_state", [(1.0, "parked"), (0.0, None)])
def test_models_swap_within_the_budget(settings: Settings, host_budget_gb: float, parked_state: str | None) -> None:
    """A budget that holds one job at a time (its model's weights and the job's working memory, as the memory planner
    counts them) but not a job beside the other model: video, then image, then video again."""

    def jobs(client: TestClient) -> tuple[dict, dict]:
        project = make_project(client, width=128, height=128)
        return project, make_shot(client, project["id"], num_frames=17)

    def needs(client: TestClient) -> dict[str, tuple[int, int]]:
        """Each family's (weights, what its job needs at its peak) as the manager planned them."""
        families = client.app.state.studio.models._families
        return {
            name: (families[name].loaded.residency.nbytes, families[name].loaded.plan.needed_bytes)
            for name in ("ltx2", "flux2")
        }

    roomy_card = settings.model_copy(update={"vram_budget_gb": 1.0, "preload_models": False})  # planned, room for all
    with TestClient(create_app(roomy_card), base_url="http://127.0.0.1") as roomy:
        project, shot = jobs(roomy)
        submit(roomy, project_id=project["id"], shot_id=shot["id"], mode="t2v")
        submit(roomy, project_id=project["id"], mode="t2i", prompt="a gull")
        (video_weights, video_need), (image_weights, image_need) = needs(roomy).values()
    budget = max(video_need, image_need) + 1024
    # The premise: either job fits alone, neither fits beside the other model.
    assert budget < min(video_need + image_weights, image_need + video_weights), (video_need, image_need, budget)
    tight = settings.model_copy(
        update={"vram_budget_gb": budget / 2**30, "host_offload_budget_gb": host_budget_gb, "preload_models": False}
    )
    with TestClient(create_app(tight), base_url="http://127.0.0.1") as client:
        project, shot = jobs(client)

        def where() -> dict[str, str | None]:
            return {m["role"]: (m["state"] if m["loaded"] else None) for m in client.get("/models").json()}

        submit(client, project_id=project["id"], shot_id=shot["id"], mode="t2v")
        assert where()["video"] == "active"
        submit(client, project_id=project["id"], mode="t2i", prompt="a gull")
        assert where()["image"] == "active" and where()["video"] == parked_state
        submit(client, project_id=project["id"], shot_id=shot["id"], mode="t2v")
        assert where()["video"] == "active" and where()["image"] == parked_state
        swaps = client.app.state.studio.models.swap_log
        if parked_state:
            assert [(s["family"], s["direction"]) for s in swaps] == [("ltx2", "out"), ("flux2", "out"), ("ltx2", "in")]
        roles = client.get("/models").json()
        assert {m["role"] for m in roles} == {
            "video",
            "upscaler",
            "image",
            "inpaint",
            "director",
            "depth",
            "pose",
            "segment",
        }
        assert all(m["test_model"] for m in roles if m["role"] != "segment")


def test_element_triggers_become_descriptions_and_reference_images(client: TestClient) -> None:
    project = make_project(client)
    face = upload_png(client, project["id"], gradient())
    hero = client.post(
        f"/projects/{project['id']}/elements",
        json={"name": "Hero", "description": "a tall sailor in a yellow coat", "reference_asset_ids": [face["id"]]},
    ).json()
    assert hero["trigger"] == "@Hero"
    still = submit(
        client, project_id=project["id"], mode="t2i", prompt="portrait of @hero's face", seed=1, num_inference_steps=2
    )
    assert still["kind"] == "edit" and still["request"]["reference_asset_ids"] == [face["id"]]
    assert still["request"]["prompt"] == "portrait of a tall sailor in a yellow coat's face"
    shot = make_shot(client, project["id"], prompt="@Hero walks along the pier")
    # A video takes the element's description; its look comes through the shot's storyboard frame, not a sheet
    # pinned at frame 0 (tests/api/test_concept_frames.py) ...
    clip = submit(client, project_id=project["id"], shot_id=shot["id"], mode="t2v")
    assert clip["kind"] == "t2v" and "conditioning" not in clip["request"]
    assert clip["request"]["elements"] == ["@Hero"]
    # ... unless the shot asks for the reference pinned at frame 0 (the behaviour before storyboard frames).
    shot = client.get(f"/projects/{project['id']}/shots/{shot['id']}").json()
    client.patch(
        f"/projects/{project['id']}/shots/{shot['id']}", json={"version": shot["version"], "pin_element_refs": True}
    )
    clip = submit(client, project_id=project["id"], shot_id=shot["id"], mode="t2v")
    assert clip["kind"] == "keyframes" and clip["request"]["conditioning"][0]["asset_id"] == face["id"]
    unknown = client.post(
        "/generate/advanced",
        json={"project_id": project["id"], "mode": "t2i", "prompt": "@Villain laughs, mail ana@example.com"},
    )
    assert unknown.status_code == 422 and "@Villain" in unknown.json()["detail"]
    assert "example" not in unknown.json()["detail"]


def test_an_element_visual_is_attached_by_the_job(client: TestClient) -> None:
    project = make_project(client)
    mara = client.post(
        f"/projects/{project['id']}/elements", json={"name": "Mara", "description": "a tired nurse in blue scrubs"}
    ).json()
    job = submit(
        client,
        project_id=project["id"],
        mode="t2i",
        prompt="character sheet of @Mara",
        element_id=mara["id"],
        num_inference_steps=2,
    )
    element = next(e for e in client.get(f"/projects/{project['id']}").json()["elements"] if e["id"] == mara["id"])
    assert element["reference_asset_ids"] == [job["result"]["asset_id"]] and element["version"] == mara["version"] + 1
    events = [e for e in client.app.state.studio.bus.replay(0, project["id"]) if e.type == "element.updated"]
    assert events and events[-1].data["element"]["reference_asset_ids"] == [job["result"]["asset_id"]]
    shot = make_shot(client, project["id"])
    wrong_mode = client.post(
        "/generate/advanced",
        json={"project_id": project["id"], "shot_id": shot["id"], "mode": "t2v", "element_id": mara["id"]},
    )
    assert wrong_mode.status_code == 422 and "image modes" in wrong_mode.json()["detail"]
    missing = client.post(
        "/generate/advanced", json={"project_id": project["id"], "mode": "t2i", "prompt": "x", "element_id": "0" * 32}
    )
    assert missing.status_code == 404
