"""Generate all with concept frames through the API: ``what: "frames"`` queues a frame job per shot in script order
(skipping shots that have a frame unless ``regenerate``); ``what: "both"`` queues each shot's frame, then its video,
which runs as image-to-video from the frame the batch made (resolved when it runs); a frame that failed or was
cancelled fails its video with the reason instead of running it as something else; pause, resume, cancel and the
overview (counts, progress, time left) hold for frame jobs as for videos. Real SQLite, real tiny FLUX.2 and LTX-2.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from backend.db.tables import Job, JobTiming
from backend.services import concept_frames
from backend.services.job_queue import claim_next
from backend.worker.handlers import video as video_handler
from tests.api.conftest import make_project, make_shot, wait_job
from tests.api.test_concept_frames import _element, _png, _upload
from tests.api.test_generate_all import generate_all, mark_generated, script
from tests.sqlite_only import sqlite_only  # noqa: F401 - the database_url fixture: SQLite only (see the module)
from tests.waiting import wait_until


def _job(client: TestClient, job_id: str) -> dict:
    return client.get(f"/jobs/{job_id}").json()


def _shot(client: TestClient, project_id: str, shot_id: str) -> dict:
    return client.get(f"/projects/{project_id}/shots/{shot_id}").json()


def _give_frame(client: TestClient, project_id: str, shot_id: str, seed: int) -> str:
    """A shot with a storyboard frame of its own (an uploaded image)."""
    image = _upload(client, project_id, _png(seed))
    shot = _shot(client, project_id, shot_id)
    picked = client.patch(
        f"/projects/{project_id}/shots/{shot_id}", json={"version": shot["version"], "frame_asset_id": image["id"]}
    )
    assert picked.status_code == 200, picked.text
    return image["id"]


def _batch_ended(client: TestClient, batch_id: str, timeout: float) -> dict:
    def ended() -> dict | None:
        batch = client.get(f"/batches/{batch_id}").json()
        return batch if batch["status"] not in ("running", "paused") else None

    return wait_until(ended, timeout, what=f"batch {batch_id} ending")


@pytest.fixture
def quick_frames(monkeypatch: pytest.MonkeyPatch) -> None:
    """One FLUX.2 step per frame (a batch has no step count of its own): the tiny model, quickly."""
    monkeypatch.setattr(concept_frames, "FRAME_STEPS", 1)


def test_frames_batch_queues_a_frame_per_shot_in_script_order_and_skips_framed_shots(idle_client: TestClient) -> None:
    client = idle_client
    engine = client.app.state.studio.engine
    pid, _, _, ordered = script(client)
    own_frame = _give_frame(client, pid, ordered[1], seed=1)
    mark_generated(client, ordered[2])  # a video does not stop a frame from being made

    accepted = generate_all(client, pid, what="frames")
    jobs = [_job(client, j) for j in accepted["job_ids"]]
    assert [(j["kind"], j["shot_id"]) for j in jobs] == [("frame", s) for s in (ordered[0], ordered[2], ordered[3])]
    assert all(j["batch_id"] == accepted["batch_id"] for j in jobs)
    # One candidate that becomes the shot's frame; the shot's prompt with the concept-frame prefix.
    first = jobs[0]["request"]
    assert (first["candidates"], first["auto_pick"], first["replace_frame"]) == (1, True, False)
    assert first["prompt"] == f"{concept_frames.FRAME_PREFIX} a keeper climbs the stairs"

    batch = client.get(f"/batches/{accepted['batch_id']}").json()
    assert batch["what"] == "frames" and (batch["jobs_total"], batch["jobs_done"]) == (3, 0)
    assert [s["state"] for s in batch["shots"]] == ["pending", "skipped", "pending", "pending"]
    assert "already has a frame" in batch["shots"][1]["note"]
    # A frame job does not take the shot's video slot: the shots are not "queued" for a video.
    shots = {s: _shot(client, pid, s) for s in ordered}
    assert [shots[s]["status"] for s in ordered] == ["draft", "draft", "ready", "draft"]
    assert shots[ordered[0]]["last_job_id"] is None

    # Frames being made are not queued twice; regenerate adds the shot that has a frame, to replace it.
    again = client.post(f"/projects/{pid}/generate-all", json={"what": "frames"})
    assert again.status_code == 422 and "nothing to generate" in again.json()["detail"]
    redo = generate_all(client, pid, what="frames", regenerate=True)
    [replacing] = [_job(client, j) for j in redo["job_ids"]]
    assert replacing["shot_id"] == ordered[1] and replacing["request"]["replace_frame"] is True
    redone = client.get(f"/batches/{redo['batch_id']}").json()
    assert "its frame is being made" in redone["shots"][0]["note"]
    assert _shot(client, pid, ordered[1])["frame_asset_id"] == own_frame  # until the new frame is made
    client.post(f"/batches/{redo['batch_id']}/cancel")

    # Pause holds frame jobs, resume releases them in script order, cancel ends them.
    batch_id = accepted["batch_id"]
    paused = client.post(f"/batches/{batch_id}/pause").json()
    assert paused["status"] == "paused" and [s["state"] for s in paused["shots"]] == ["held", "skipped", "held", "held"]
    assert claim_next(engine) is None
    client.post(f"/batches/{batch_id}/resume")
    claimed = claim_next(engine)
    assert claimed is not None and (claimed.id, claimed.kind) == (accepted["job_ids"][0], "frame")
    cancelled = client.post(f"/batches/{batch_id}/cancel").json()
    assert cancelled["status"] == "cancelled" and claim_next(engine) is None
    assert [_job(client, j)["status"] for j in accepted["job_ids"]] == ["running", "cancelled", "cancelled"]

    # Frames and videos: the shot whose frame is still being made gets neither (its video would not start from
    # that frame); the shot with a frame only its video, from that frame; the one with a video only a frame.
    both = generate_all(client, pid, what="both")
    jobs = [_job(client, j) for j in both["job_ids"]]
    assert [(j["kind"], j["shot_id"]) for j in jobs] == [
        ("i2v", ordered[1]),
        ("frame", ordered[2]),
        ("frame", ordered[3]),
        ("i2v", ordered[3]),
    ]
    assert jobs[0]["request"]["image_asset_id"] == own_frame and "frame_job_id" not in jobs[0]["request"]
    assert jobs[3]["request"]["frame_job_id"] == jobs[2]["id"]
    skipped = client.get(f"/batches/{both['batch_id']}").json()["shots"][0]
    assert skipped["state"] == "skipped" and "its frame is being made" in skipped["note"]
    assert "generate its video once its frame is picked" in skipped["note"]


def test_both_batch_queues_each_shots_frame_then_its_video_following_that_frame(idle_client: TestClient) -> None:
    client = idle_client
    engine = client.app.state.studio.engine
    pid, _, _, ordered = script(client)
    own_frame = _give_frame(client, pid, ordered[3], seed=2)  # has a frame: only its video, from that frame

    accepted = generate_all(client, pid, what="both")
    jobs = [_job(client, j) for j in accepted["job_ids"]]
    assert [(j["kind"], j["shot_id"]) for j in jobs] == [
        ("frame", ordered[0]),
        ("i2v", ordered[0]),
        ("frame", ordered[1]),
        ("i2v", ordered[1]),
        ("frame", ordered[2]),
        ("i2v", ordered[2]),
        ("i2v", ordered[3]),
    ]
    for frame, video in ((jobs[0], jobs[1]), (jobs[2], jobs[3]), (jobs[4], jobs[5])):
        # Image-to-video from the frame its frame job will make: not known yet, resolved when the video runs.
        assert video["request"]["frame_job_id"] == frame["id"] and video["request"]["from_frame"] is True
        assert video["request"]["image_asset_id"] is None
    assert "frame_job_id" not in jobs[6]["request"] and jobs[6]["request"]["image_asset_id"] == own_frame
    # The shot shows its video job, not its frame job.
    shot = _shot(client, pid, ordered[0])
    assert shot["status"] == "queued" and shot["last_job_id"] == jobs[1]["id"]

    # The overview counts the frame jobs; the time left needs a measured frame as well as a measured video.
    batch = client.get(f"/batches/{accepted['batch_id']}").json()
    assert (batch["jobs_total"], batch["progress"]) == (7, 0.0)
    assert [len(s["job_ids"]) for s in batch["shots"]] == [2, 2, 2, 1]
    with Session(engine) as session:
        # A video measured at the size these will run: its work in full-size passes (2 steps of the final recipe).
        from backend.services.job_timings import work_steps

        passes = work_steps(jobs[1]["request"])
        assert passes == 2 * 3  # the CFG pair and the modality pass, each step
        session.add(JobTiming(kind="i2v", width=64, height=64, num_frames=9, steps=passes, seconds=5.0))
        session.commit()
        assert client.get(f"/batches/{accepted['batch_id']}").json()["eta_s"] is None  # frames never measured
        session.add(JobTiming(kind="frame", width=64, height=64, num_frames=0, steps=28, seconds=3.0))
        session.commit()
    assert client.get(f"/batches/{accepted['batch_id']}").json()["eta_s"] == 3 * 3.0 + 4 * 5.0

    # Claimed in creation order: each shot's frame, then its video.
    first = claim_next(engine)
    assert first is not None and first.id == jobs[0]["id"]
    running = client.get(f"/batches/{accepted['batch_id']}").json()
    assert running["shots"][0]["state"] == "running" and running["eta_s"] == 3 * 3.0 + 4 * 5.0
    with Session(engine) as session:  # the worker's end of it: the frame is made, half of the first shot done
        row = session.get(Job, first.id)
        assert row is not None
        row.status = "completed"
        session.add(row)
        session.commit()
    progressed = client.get(f"/batches/{accepted['batch_id']}").json()
    assert progressed["jobs_done"] == 1 and progressed["progress"] == pytest.approx(1 / 7)
    assert progressed["shots"][0]["progress"] == 0.5 and progressed["shots"][0]["state"] == "pending"
    assert progressed["eta_s"] == 2 * 3.0 + 4 * 5.0
    nxt = claim_next(engine)
    assert nxt is not None and nxt.id == jobs[1]["id"]

    # Cancel: every waiting frame and video at once; the running video stops at its next step.
    cancelled = client.post(f"/batches/{accepted['batch_id']}/cancel").json()
    assert cancelled["status"] == "cancelled"
    statuses = [_job(client, j["id"])["status"] for j in jobs]
    assert statuses == ["completed", "running", *["cancelled"] * 5]
    assert claim_next(engine) is None
    assert [_shot(client, pid, s)["status"] for s in ordered[1:]] == ["draft"] * 3


def test_both_batch_runs_each_video_from_the_frame_the_batch_made(
    client: TestClient, quick_frames: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded: list[str] = []  # the assets the video handler read (the image an i2v starts from)
    real_asset_path = video_handler.asset_path

    def spy_asset_path(ctx: Any, asset_id: str) -> Any:
        loaded.append(asset_id)
        return real_asset_path(ctx, asset_id)

    monkeypatch.setattr(video_handler, "asset_path", spy_asset_path)
    project = make_project(client)
    pid = project["id"]
    shots = [make_shot(client, pid, prompt=f"a harbour at dawn, take {n}")["id"] for n in range(2)]
    accepted = generate_all(client, pid, what="both")
    batch = _batch_ended(client, accepted["batch_id"], 180)
    assert batch["status"] == "completed", batch
    assert (batch["jobs_total"], batch["jobs_done"], batch["progress"], batch["eta_s"]) == (4, 4, 1.0, 0.0)
    assert [s["state"] for s in batch["shots"]] == ["completed", "completed"]

    jobs = [_job(client, j) for j in accepted["job_ids"]]
    made = []
    for shot_id, frame, video in zip(shots, jobs[0::2], jobs[1::2], strict=True):
        picked = frame["result"]["picked"]
        assert frame["kind"] == "frame" and picked == frame["result"]["asset_ids"][0]
        after = _shot(client, pid, shot_id)
        assert after["frame_asset_id"] == picked  # the batch's frame became the shot's frame
        assert (video["kind"], video["status"]) == ("i2v", "completed")
        assert video["request"]["image_asset_id"] == picked and video["request"]["frame_job_id"] == frame["id"]
        assert frame["finished_at"] <= video["started_at"]
        assert after["video_url"] and after["last_job_id"] == video["id"]
        made.append(picked)
    assert loaded == made  # each video read the very frame its shot's frame job made

    # Regenerate: a new frame replaces each shot's frame, and the new video starts from the new one.
    loaded.clear()
    again = generate_all(client, pid, what="both", regenerate=True)
    assert _batch_ended(client, again["batch_id"], 180)["status"] == "completed"
    redone = [_job(client, j) for j in again["job_ids"]]
    for shot_id, old, frame, video in zip(shots, made, redone[0::2], redone[1::2], strict=True):
        new = frame["result"]["picked"]
        assert new is not None and new != old and _shot(client, pid, shot_id)["frame_asset_id"] == new
        assert video["request"]["image_asset_id"] == new
    assert loaded == [frame["result"]["picked"] for frame in redone[0::2]]
    assert {t.kind for t in _timings(client)} >= {"frame", "i2v"}  # both kinds measured for the next ETA


def _timings(client: TestClient) -> list[JobTiming]:
    with Session(client.app.state.studio.engine) as session:
        return list(session.exec(select(JobTiming)).all())


def test_a_frame_that_failed_or_was_cancelled_fails_its_video_with_the_reason(idle_client: TestClient) -> None:
    client = idle_client
    pid = make_project(client)["id"]
    face = _upload(client, pid, _png(3))
    _element(client, pid, name="Mara", description="a woman in an oilskin coat", reference_asset_ids=[face["id"]])
    with_mara = make_shot(client, pid, prompt="@Mara waits on the pier")["id"]
    framed = make_shot(client, pid, prompt="the empty sea")["id"]
    old_frame = _give_frame(client, pid, framed, seed=4)
    accepted = generate_all(client, pid, what="both", regenerate=True)
    mara_frame, mara_video, sea_frame, sea_video = accepted["job_ids"]
    # Mara's reference image goes before her frame is made (it fails, for real); the sea's frame is cancelled.
    assert client.delete(f"/projects/{pid}/assets/{face['id']}").status_code == 204
    assert client.post(f"/jobs/{sea_frame}/cancel").json()["status"] == "cancelled"
    client.app.state.studio.start()  # the worker, from here on

    batch = _batch_ended(client, accepted["batch_id"], 120)
    assert batch["status"] == "failed"
    failed = _job(client, mara_frame)
    assert failed["status"] == "failed" and "was deleted after the job was queued" in failed["error"]
    for video_id, frame_id, why in ((mara_video, mara_frame, "failed"), (sea_video, sea_frame, "was cancelled")):
        video = _job(client, video_id)
        assert video["status"] == "failed", video
        assert video["error"].startswith("FrameMissing: not started: this video of shot")
        assert f"its frame job ({frame_id}) {why}" in video["error"]
        assert video["request"]["image_asset_id"] is None  # never ran from another image
        assert video["result"] is None
    # The sea shot keeps the frame it had; its video did not start from that older frame either.
    sea = _shot(client, pid, framed)
    assert sea["frame_asset_id"] == old_frame and sea["status"] == "failed" and sea["video_url"] is None
    assert (
        _shot(client, pid, with_mara)["frame_asset_id"] is None and _shot(client, pid, with_mara)["video_url"] is None
    )
    assert [s["state"] for s in batch["shots"]] == ["failed", "failed"]
    assert "was deleted after the job was queued" in batch["shots"][0]["note"]  # the first failure: the cause
    assert "was cancelled" in batch["shots"][1]["note"]


def test_a_video_following_a_frame_takes_the_shots_frame_when_it_runs(idle_client: TestClient) -> None:
    """The frame the user picked after the batch made one is the one the video starts from; a frame cleared in
    between leaves the video nothing to start from, and it fails rather than running as text-to-video."""
    client = idle_client
    engine = client.app.state.studio.engine
    pid = make_project(client)["id"]
    chosen_shot = make_shot(client, pid, prompt="a lighthouse in fog")["id"]
    cleared_shot = make_shot(client, pid, prompt="a gull on a post")["id"]
    accepted = generate_all(client, pid, what="both")
    chosen_frame, chosen_video, cleared_frame, cleared_video = accepted["job_ids"]
    with Session(engine) as session:  # the frame jobs ended (as the worker ends them); their frames are set below
        for job_id in (chosen_frame, cleared_frame):
            job = session.get(Job, job_id)
            assert job is not None
            job.status = "completed"
            session.add(job)
        session.commit()
    mine = _give_frame(client, pid, chosen_shot, seed=5)  # picked by the user after the batch's frame
    client.app.state.studio.start()

    video = wait_job(client, chosen_video, 120)
    assert (video["status"], video["kind"]) == ("completed", "i2v"), video["error"]
    assert video["request"]["image_asset_id"] == mine
    missing = wait_job(client, cleared_video, 60)
    assert missing["status"] == "failed" and "the shot has no frame any more" in missing["error"], missing
    assert missing["request"]["image_asset_id"] is None
    assert _shot(client, pid, cleared_shot)["video_url"] is None
