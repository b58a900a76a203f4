"""Storyboard concept frames through the API on the real tiny FLUX.2 (and LTX-2 for the video from a frame).

The pipeline's own ``__call__`` and ``prepare_image_latents`` are wrapped (not replaced): the references are shown to
reach FLUX.2's multi-reference path, one reference list per candidate, while the real model runs.
"""

from __future__ import annotations

import functools
import io
from typing import Any

import numpy as np
import pytest
from diffusers import Flux2KleinPipeline
from fastapi.testclient import TestClient
from PIL import Image

from tests.api.conftest import make_project, make_shot, wait_job
from tests.sqlite_only import sqlite_only  # noqa: F401 - the database_url fixture: SQLite only (see the module)


def _png(seed: int, size: tuple[int, int] = (64, 64)) -> bytes:
    rng = np.random.default_rng(seed)
    buffer = io.BytesIO()
    Image.fromarray(rng.integers(0, 256, (size[1], size[0], 3), dtype=np.uint8)).save(buffer, format="PNG")
    return buffer.getvalue()


def _upload(client: TestClient, project_id: str, data: bytes, name: str = "x.png", mime: str = "image/png") -> dict:
    response = client.post(f"/projects/{project_id}/assets", files={"file": (name, data, mime)})
    assert response.status_code == 201, response.text
    return response.json()


def _element(client: TestClient, project_id: str, **body: Any) -> dict:
    response = client.post(f"/projects/{project_id}/elements", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def _shot(client: TestClient, project_id: str, shot_id: str) -> dict:
    return client.get(f"/projects/{project_id}/shots/{shot_id}").json()


@pytest.fixture
def flux_calls(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[int]]:
    """How many reference images each FLUX.2 call got, and how many the multi-reference encoding really took."""
    seen: dict[str, list[int]] = {"call": [], "encoded": []}
    call, prepare = Flux2KleinPipeline.__call__, Flux2KleinPipeline.prepare_image_latents

    @functools.wraps(call)  # the adapters read the call's signature
    def spy_call(self: Any, *args: Any, **kwargs: Any) -> Any:
        seen["call"].append(len(kwargs.get("image") or []))
        return call(self, *args, **kwargs)

    @functools.wraps(prepare)
    def spy_prepare(self: Any, images: Any, *args: Any, **kwargs: Any) -> Any:
        seen["encoded"].append(len(images))
        return prepare(self, images, *args, **kwargs)

    monkeypatch.setattr(Flux2KleinPipeline, "__call__", spy_call)
    monkeypatch.setattr(Flux2KleinPipeline, "prepare_image_latents", spy_prepare)
    return seen


def test_concept_frames_carry_every_element_reference_then_the_video_starts_from_the_frame(
    client: TestClient, flux_calls: dict[str, list[int]]
) -> None:
    project = make_project(client)
    pid = project["id"]
    face, turn, pier_image = (_upload(client, pid, _png(n)) for n in (1, 2, 3))
    mara = _element(
        client, pid, name="Mara", description="a woman in an oilskin coat", reference_asset_ids=[face["id"], turn["id"]]
    )
    pier = _element(
        client,
        pid,
        name="Pier",
        element_type="location",
        description="a wet pier",
        reference_asset_ids=[pier_image["id"]],
    )
    scene = client.post(f"/projects/{pid}/scenes", json={"heading": "EXT. PIER - NIGHT"}).json()
    with_people = make_shot(client, pid, prompt="@Mara waits on @Pier, rain", scene_id=scene["id"])
    empty = make_shot(client, pid, prompt="the empty sea at night", scene_id=scene["id"])
    make_shot(client, pid, prompt="another scene's shot")  # not in the scene: no frame

    response = client.post(
        f"/projects/{pid}/frames", json={"scene_id": scene["id"], "candidates": 2, "num_inference_steps": 2}
    )
    assert response.status_code == 202, response.text
    accepted = response.json()
    assert accepted["shot_ids"] == [with_people["id"], empty["id"]]  # script order, this scene only
    jobs = [wait_job(client, job_id) for job_id in accepted["job_ids"]]
    assert [j["status"] for j in jobs] == ["completed", "completed"], [j["error"] for j in jobs]
    assert [j["kind"] for j in jobs] == ["frame", "frame"]

    first = jobs[0]
    # Every reference of every element in the shot, in turns (Mara's first, the pier's, Mara's second).
    assert first["request"]["reference_asset_ids"] == [face["id"], pier_image["id"], turn["id"]]
    assert first["request"]["elements"] == [mara["trigger"], pier["trigger"]]
    assert "a woman in an oilskin coat" in first["request"]["prompt"] and "@Mara" not in first["request"]["prompt"]
    # Two candidates with three references each, then two without (plain text-to-image).
    assert flux_calls["call"] == [3, 3, 0, 0] and flux_calls["encoded"] == [3, 3]
    assert first["result"]["references"] == 3 and first["result"]["seeds"] == [
        with_people["seed"],
        with_people["seed"] + 1,
    ]

    state = client.get(f"/projects/{pid}").json()
    concepts = [a for a in state["assets"] if a["origin"] == "concept"]
    assert len(concepts) == 4
    candidates = [a for a in concepts if a["source_shot_id"] == with_people["id"]]
    assert sorted(a["id"] for a in candidates) == sorted(first["result"]["asset_ids"])
    assert all((a["kind"], a["width"], a["height"]) == ("image", 64, 64) for a in candidates)
    assert _shot(client, pid, with_people["id"])["frame_asset_id"] is None  # nothing is picked for the user
    assert _shot(client, pid, with_people["id"])["image_url"] is None  # a candidate is not the shot's still

    # Pick the second candidate: the shot's video starts from it (image-to-video), no character sheet pinned.
    chosen = first["result"]["asset_ids"][1]
    picked = client.patch(
        f"/projects/{pid}/shots/{with_people['id']}", json={"version": with_people["version"], "frame_asset_id": chosen}
    )
    assert picked.status_code == 200, picked.text
    assert picked.json()["frame_asset_id"] == chosen and picked.json()["pin_element_refs"] is False
    video = client.post("/generate/advanced", json={"project_id": pid, "shot_id": with_people["id"], "mode": "t2v"})
    assert video.status_code == 202, video.text
    job = wait_job(client, video.json()["job_id"])
    assert job["status"] == "completed", job["error"]
    assert job["kind"] == "i2v" and job["request"]["image_asset_id"] == chosen and job["request"]["from_frame"]
    assert "conditioning" not in job["request"]  # the elements reached it through the frame
    assert job["request"]["elements"] == [mara["trigger"], pier["trigger"]]  # their descriptions are still in it

    # Asked for on the shot: the old way, Mara's first reference pinned at frame 0.
    shot = _shot(client, pid, with_people["id"])
    pinned = client.patch(
        f"/projects/{pid}/shots/{with_people['id']}", json={"version": shot["version"], "pin_element_refs": True}
    )
    assert pinned.status_code == 200 and pinned.json()["pin_element_refs"] is True
    video = client.post("/generate/advanced", json={"project_id": pid, "shot_id": with_people["id"], "mode": "t2v"})
    job = wait_job(client, video.json()["job_id"])
    assert job["status"] == "completed", job["error"]
    assert job["kind"] == "keyframes"
    assert job["request"]["conditioning"] == [{"asset_id": face["id"], "frame": 0, "strength": 0.6}]

    # The shot without elements and without a frame: plain text-to-video, nothing pinned.
    video = client.post("/generate/advanced", json={"project_id": pid, "shot_id": empty["id"], "mode": "t2v"})
    job = wait_job(client, video.json()["job_id"])
    assert job["kind"] == "t2v" and "conditioning" not in job["request"] and "image_asset_id" not in job["request"]


def test_auto_pick_gives_a_frameless_shot_its_first_candidate(client: TestClient) -> None:
    project = make_project(client)
    shot = make_shot(client, project["id"], prompt="a lighthouse at dusk")
    response = client.post(
        f"/projects/{project['id']}/frames",
        json={"shot_ids": [shot["id"]], "candidates": 1, "auto_pick": True, "num_inference_steps": 1, "seed": 7},
    )
    assert response.status_code == 202, response.text
    job = wait_job(client, response.json()["job_ids"][0])
    assert job["status"] == "completed", job["error"]
    assert job["result"]["seeds"] == [7] and job["result"]["picked"] == job["result"]["asset_ids"][0]
    after = _shot(client, project["id"], shot["id"])
    assert after["frame_asset_id"] == job["result"]["asset_ids"][0] and after["version"] == shot["version"] + 1
    events = [e for e in client.app.state.studio.bus.replay(0, project["id"]) if e.type == "shot.updated"]
    assert events[-1].data["shot"]["frame_asset_id"] == after["frame_asset_id"]


def test_frames_and_frame_choice_refuse_bad_input(idle_client: TestClient) -> None:
    client = idle_client
    project = make_project(client)
    pid = project["id"]
    shot = make_shot(client, pid, prompt="a lighthouse")
    url = f"/projects/{pid}/frames"

    for body in ({}, {"all": True, "shot_ids": [shot["id"]]}, {"all": False}):
        refused = client.post(url, json=body)
        assert refused.status_code == 422 and "exactly one of shot_ids, scene_id or all" in refused.json()["detail"]
    for candidates in (0, 5):
        assert client.post(url, json={"all": True, "candidates": candidates}).status_code == 422
    assert client.post(url, json={"shot_ids": ["0" * 32]}).status_code == 404
    other = make_project(client)
    foreign_shot = make_shot(client, other["id"])
    assert client.post(url, json={"shot_ids": [foreign_shot["id"]]}).status_code == 404
    foreign_scene = client.post(f"/projects/{other['id']}/scenes", json={"heading": "INT. X"}).json()
    assert client.post(url, json={"scene_id": foreign_scene["id"]}).status_code == 404
    empty_scene = client.post(f"/projects/{pid}/scenes", json={"heading": "INT. EMPTY"}).json()
    no_shots = client.post(url, json={"scene_id": empty_scene["id"]})
    assert no_shots.status_code == 422 and "no shots" in no_shots.json()["detail"]
    unknown = make_shot(client, pid, prompt="@Ghost walks in")
    refused = client.post(url, json={"shot_ids": [unknown["id"]]})
    assert refused.status_code == 422 and "shot 2" in refused.json()["detail"] and "@Ghost" in refused.json()["detail"]
    blank = make_shot(client, pid, prompt=" ")
    refused = client.post(url, json={"all": True})  # all or nothing: the good shot is not queued either
    assert refused.status_code == 422 and "@Ghost" in refused.json()["detail"]
    assert client.post(url, json={"shot_ids": [blank["id"]]}).json()["detail"] == (
        "shot 3 has no prompt: describe it before making its frame"
    )
    assert client.get(f"/projects/{pid}/jobs").json() == []
    queued = client.post(url, json={"shot_ids": [shot["id"]], "candidates": 3})
    assert queued.status_code == 202
    assert client.get(f"/jobs/{queued.json()['job_ids'][0]}").json()["request"]["candidates"] == 3
    assert _shot(client, pid, shot["id"])["status"] == "draft"  # a frame job does not take the shot's video slot

    patch = f"/projects/{pid}/shots/{shot['id']}"
    version = shot["version"]
    sound = _upload(client, pid, _wav(), name="line.wav", mime="audio/wav")
    refused = client.patch(patch, json={"version": version, "frame_asset_id": sound["id"]})
    assert refused.status_code == 422 and "must be an image" in refused.json()["detail"]
    foreign_image = _upload(client, other["id"], _png(4))
    assert client.patch(patch, json={"version": version, "frame_asset_id": foreign_image["id"]}).status_code == 404
    assert client.patch(patch, json={"version": version, "frame_asset_id": "0" * 32}).status_code == 404
    refused = client.patch(patch, json={"version": version, "pin_element_refs": None})
    assert refused.status_code == 422
    uploaded = _upload(client, pid, _png(5, (96, 64)))  # an uploaded frame of any size is fine (i2v fits it)
    chosen = client.patch(patch, json={"version": version, "frame_asset_id": uploaded["id"]})
    assert chosen.status_code == 200 and chosen.json()["frame_asset_id"] == uploaded["id"]
    cleared = client.patch(patch, json={"version": chosen.json()["version"], "frame_asset_id": None})
    assert cleared.status_code == 200 and cleared.json()["frame_asset_id"] is None
    # A deleted frame asset leaves the shot without a frame (ON DELETE SET NULL).
    chosen = client.patch(patch, json={"version": cleared.json()["version"], "frame_asset_id": uploaded["id"]})
    assert client.delete(f"/projects/{pid}/assets/{uploaded['id']}").status_code == 204
    assert _shot(client, pid, shot["id"])["frame_asset_id"] is None


def _wav() -> bytes:
    import wave

    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(np.zeros(1600, np.int16).tobytes())
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("element_type", "expected"),
    [
        ("character", ("front view, three-quarter view and profile view", "neutral grey studio background")),
        ("location", ("Location plate of", "empty of people")),
        ("object", ("Prop reference sheet of", "from the front, at three-quarter and from the side")),
        ("style", ("Style reference frame in the style of",)),
    ],
)
def test_element_visuals_are_sheets_by_kind(idle_client: TestClient, element_type: str, expected: tuple) -> None:
    client = idle_client
    project = make_project(client)
    pid = project["id"]
    references = [_upload(client, pid, _png(n))["id"] for n in (6, 7)]
    element = _element(
        client,
        pid,
        name="Mara",
        element_type=element_type,
        description="weathered, 40s",
        reference_asset_ids=references,
    )
    # The web app's stock prompt adds nothing the sheet does not say; the user's own words are kept as detail.
    for prompt, detail in (
        ("character sheet of @Mara, front view, neutral background", None),
        ("@Mara in red", "in red"),
    ):
        response = client.post(
            "/generate/advanced", json={"project_id": pid, "mode": "t2i", "prompt": prompt, "element_id": element["id"]}
        )
        assert response.status_code == 202, response.text
        job = client.get(f"/jobs/{response.json()['job_id']}").json()
        for words in expected:
            assert words in job["request"]["prompt"]
        assert "weathered, 40s" in job["request"]["prompt"] and "@Mara" not in job["request"]["prompt"]
        assert ("in red" in job["request"]["prompt"]) == (detail is not None)
        assert "front view, neutral background" not in job["request"]["prompt"]
        # Every reference image the element has goes into the sheet (FLUX.2 multi-reference).
        assert job["kind"] == "edit" and job["request"]["reference_asset_ids"] == references
    empty = client.post("/generate/advanced", json={"project_id": pid, "mode": "t2i", "element_id": element["id"]})
    assert empty.status_code == 202  # no prompt at all: the sheet alone
