"""Smart Continue through the API on the tiny LTX-2: a 3-chunk chain, stitched, verified with an independent reader;
cancel keeps what was committed; a chain cut short resumes from its last committed chunk."""

from __future__ import annotations

import av
import numpy as np
import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import make_project, make_shot, wait_job
from tests.api.test_generation import decode, generate
from tests.api.test_modes import media_file
from tests.sqlite_only import sqlite_only  # noqa: F401 - the database_url fixture: SQLite only (see the module)
from tests.waiting import wait_until


def extend(client: TestClient, project_id: str, shot_id: str, **fields: object) -> str:
    body = {"project_id": project_id, "shot_id": shot_id, "mode": "extend", **fields}
    response = client.post("/generate/advanced", json=body)
    assert response.status_code == 202, response.text
    return response.json()["job_id"]


@pytest.fixture
def generated_shot(client: TestClient) -> tuple[dict, dict, dict]:
    project = make_project(client)
    # 33 frames = 5 latent frames: long enough that the shot does not cap the default overlap (3 latent frames).
    shot = make_shot(client, project["id"], num_frames=33, num_inference_steps=2)
    job = wait_job(client, generate(client, project["id"], shot["id"]))
    assert job["status"] == "completed"
    return project, shot, job


def probe(path) -> dict:
    with av.open(str(path)) as container:
        video = container.streams.video[0]
        pts = [p.pts for p in container.demux(video) if p.pts is not None]
    with av.open(str(path)) as container:
        audio = container.streams.audio[0]
        samples = sum(f.samples for f in container.decode(audio))
        rate = audio.rate
    frames, _ = decode(path)
    return {"frames": len(frames), "pts": pts, "audio_s": samples / rate, "fps": 24.0}


def test_three_chunk_chain_is_stitched_without_seams(client: TestClient, generated_shot) -> None:
    project, shot, base_job = generated_shot
    # 1 latent overlap frame = 1 pixel frame (the first latent frame holds one). Chunks are sized by the model's
    # native length (121 frames), not the 33-frame shot: 264 new frames take 3 chunks of 89 frames, 88 new each.
    job = wait_job(client, extend(client, project["id"], shot["id"], extend_seconds=11.0, overlap_seconds=0.04), 180)
    assert job["status"] == "completed", job["error"]
    result = job["result"]
    assert (result["chunks"], result["chunks_generated"], result["resumed_from_chunk"]) == (3, 3, 0)
    assert result["overlap_frames"] == 1
    stitched = probe(media_file(client, project["id"], result["video_url"]))
    assert stitched["frames"] == 33 + 264 == result["num_frames"]  # exactly what was asked for, on top of the shot
    assert abs(stitched["audio_s"] - stitched["frames"] / 24) <= 1 / 24
    assert sorted(stitched["pts"]) == sorted(set(stitched["pts"]))  # no duplicated timestamps
    # The clip starts with the original shot's frames, unchanged by the extension.
    original, _ = decode(media_file(client, project["id"], base_job["result"]["video_url"]))
    extended, _ = decode(media_file(client, project["id"], result["video_url"]))
    assert np.abs(extended[:33].astype(int) - original.astype(int)).mean() < 8
    # Progress was reported per chunk, and only ever went up.
    events = [
        e.data
        for e in client.app.state.studio.bus.replay(0, project["id"])
        if e.type == "job.progress" and e.data.get("job_id") == job["id"]
    ]
    assert {e.get("chunk") for e in events if e.get("chunk")} == {1, 2, 3}
    progress = [e["progress"] for e in events]
    assert progress == sorted(progress)
    # The shot plays the extension; the original is kept as a take and can be brought back (undo).
    current = client.get(f"/projects/{project['id']}/shots/{shot['id']}").json()
    assert current["video_url"] == result["video_url"] and current["clip_frames"] == stitched["frames"]
    assert [t["job_id"] for t in current["params"]["takes"]] == [base_job["id"], job["id"]]
    undo = client.patch(
        f"/projects/{project['id']}/shots/{shot['id']}", json={"version": current["version"], "take": base_job["id"]}
    )
    assert undo.status_code == 200 and undo.json()["video_url"] == base_job["result"]["video_url"]
    assert undo.json()["clip_frames"] == 33


def test_extension_as_a_new_shot_and_validation(client: TestClient, generated_shot) -> None:
    project, shot, base_job = generated_shot
    # 1 s is 24 frames: one short chunk (33 frames = 5 latent frames), not a native one; the default overlap (1 s,
    # 3 latent frames) is capped to half of it, 2 latent frames = 9 frames repeated.
    job = wait_job(
        client,
        extend(
            client,
            project["id"],
            shot["id"],
            extend_seconds=1.0,
            extend_result="new_shot",
            instruction="the camera pulls back",
            handoff="pixel",
        ),
    )
    assert job["status"] == "completed", job["error"]
    shots = client.get(f"/projects/{project['id']}").json()["shots"]
    assert [s["id"] for s in shots][0] == shot["id"] and shots[1]["id"] == job["result"]["shot_id"]
    assert (
        shots[0]["video_url"] == base_job["result"]["video_url"] and shots[1]["video_url"] == job["result"]["video_url"]
    )
    assert job["result"]["prompts"] and all(job["result"]["prompts"])  # written by the (test) director
    assert job["result"]["overlap_frames"] == 9 and job["result"]["chunks"] == 1
    assert shots[1]["clip_frames"] == 33 + 24
    # The new shot's clip is its whole stitched take, at the end of V1.
    clips = client.get(f"/projects/{project['id']}").json()["clips"]
    assert clips[-1]["shot_id"] == shots[1]["id"] and clips[-1]["duration"] == shots[1]["clip_frames"]
    assert clips[-1]["start_frame"] == clips[-2]["start_frame"] + clips[-2]["duration"]

    fresh = make_shot(client, project["id"])
    no_clip = client.post(
        "/generate/advanced",
        json={"project_id": project["id"], "shot_id": fresh["id"], "mode": "extend", "extend_seconds": 1},
    )
    assert no_clip.status_code == 422 and "generate the shot first" in no_clip.json()["detail"]
    no_seconds = client.post(
        "/generate/advanced", json={"project_id": project["id"], "shot_id": shot["id"], "mode": "extend"}
    )
    assert no_seconds.status_code == 422 and "extend_seconds" in no_seconds.json()["detail"]


def test_a_chain_cut_short_resumes_from_its_last_committed_chunk(
    client: TestClient, generated_shot, monkeypatch
) -> None:
    from backend.worker.handlers import extend as extend_handler

    project, shot, _ = generated_shot
    real_generate = extend_handler._generate
    calls: list[int] = []

    def crash_on_second_chunk(ctx, manager, chain, chunk, base_frames):  # noqa: ANN001, ANN202
        calls.append(chunk.index)
        if chunk.index == 1 and calls.count(1) == 1:
            raise RuntimeError("simulated crash between chunks")
        return real_generate(ctx, manager, chain, chunk, base_frames)

    monkeypatch.setattr(extend_handler, "_generate", crash_on_second_chunk)
    settings = {"extend_seconds": 11.0, "overlap_seconds": 0.04, "lock_prompt": True}  # 3 chunks
    failed = wait_job(client, extend(client, project["id"], shot["id"], **settings), 180)
    assert failed["status"] == "failed" and "simulated crash" in failed["error"]
    workspace = client.app.state.studio.storage.folder(project["id"], "workspace")
    chunk_0 = next(workspace.glob("chains/*/chunk_000.mp4"))
    before = chunk_0.stat().st_mtime_ns

    resumed = wait_job(client, extend(client, project["id"], shot["id"], **settings), 180)
    assert resumed["status"] == "completed", resumed["error"]
    assert resumed["result"]["resumed_from_chunk"] == 1 and resumed["result"]["chunks_generated"] == 2
    assert calls == [0, 1, 1, 2]  # chunk 0 was not generated again
    assert chunk_0.stat().st_mtime_ns == before


def test_cancel_between_chunks_keeps_the_committed_part(client: TestClient, generated_shot) -> None:
    project, shot, _ = generated_shot
    job_id = extend(
        client,
        project["id"],
        shot["id"],
        extend_seconds=30.0,  # 6 native chunks
        overlap_seconds=0.04,
        # A native chunk of the tiny model takes a fraction of a second at 10 steps: 40 keep the chain running
        # for seconds after chunk 2 starts, so the cancel lands between chunks, not after the last one.
        num_inference_steps=40,
        lock_prompt=True,
    )
    bus = client.app.state.studio.bus
    wait_until(
        lambda: any(
            e.data.get("chunk", 0) >= 2
            for e in bus.replay(0, project["id"])
            if e.type == "job.progress" and e.data.get("job_id") == job_id
        ),
        120,
        what="chunk 2 of the chain",
    )
    client.post(f"/jobs/{job_id}/cancel")
    job = wait_job(client, job_id)
    assert job["status"] == "cancelled"
    kept = probe(media_file(client, project["id"], job["result"]["video_url"]))
    assert kept["frames"] == job["result"]["num_frames"] and job["result"]["chunks"] >= 1
    assert job["result"]["chunks"] < 6
