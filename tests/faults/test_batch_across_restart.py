"""A paused batch stays paused across a restart of the real server (SIGKILL, then start on the same data): none of
its jobs runs until it is resumed, then every one does; a cancel after a restart ends all its jobs. A shot's frame
cut off by the restart fails the video that was to start from it."""

from __future__ import annotations

import time

import httpx
import pytest

from backend.testing.server_process import ApiServer, wait_for_job
from tests.faults.conftest import assert_intact, new_project
from tests.waiting import wait_until

pytestmark = pytest.mark.slow  # real servers, killed and restarted


def batch(server: ApiServer, batch_id: str) -> dict:
    return httpx.get(f"{server.url}/batches/{batch_id}").json()


def test_pause_and_cancel_survive_a_restart(server: ApiServer, database: str) -> None:
    project_id = new_project(server.url)
    for n in range(3):
        shot = {"prompt": f"waves, take {n}", "num_frames": 9, "num_inference_steps": 2}
        assert httpx.post(f"{server.url}/projects/{project_id}/shots", json=shot).status_code == 201
    accepted = httpx.post(f"{server.url}/projects/{project_id}/generate-all", json={}).json()
    batch_id = accepted["batch_id"]
    assert httpx.post(f"{server.url}/batches/{batch_id}/pause").json()["status"] == "paused"
    # The job already running (if the worker was that quick) finishes; then nothing runs.
    wait_until(lambda: all(s["state"] != "running" for s in batch(server, batch_id)["shots"]), 120, what="idle")
    before = batch(server, batch_id)
    waiting = [s["shot_id"] for s in before["shots"] if s["state"] == "held"]
    assert waiting, before

    server.kill()
    server.start()
    assert_intact(database)
    server.wait_models_loaded()
    time.sleep(1.5)  # the worker is up and idle: it must pass over the held jobs
    after = batch(server, batch_id)
    assert after["status"] == "paused"
    assert [s["shot_id"] for s in after["shots"] if s["state"] == "held"] == waiting

    resumed = httpx.post(f"{server.url}/batches/{batch_id}/resume").json()
    assert resumed["status"] == "running"
    done = wait_until(
        lambda: (b := batch(server, batch_id))["status"] not in ("running", "paused") and b, 180, what="the batch"
    )
    assert done["status"] == "completed" and [s["state"] for s in done["shots"]] == ["completed"] * 3, done

    again = httpx.post(f"{server.url}/projects/{project_id}/generate-all", json={"regenerate": True}).json()
    httpx.post(f"{server.url}/batches/{again['batch_id']}/pause")
    wait_until(lambda: all(s["state"] != "running" for s in batch(server, again["batch_id"])["shots"]), 120)
    server.kill()
    server.start()
    cancelled = httpx.post(f"{server.url}/batches/{again['batch_id']}/cancel").json()
    assert cancelled["status"] == "cancelled"
    states = {s["state"] for s in cancelled["shots"]}
    assert states <= {"cancelled", "completed"} and "cancelled" in states, cancelled
    jobs = [httpx.get(f"{server.url}/jobs/{j}").json()["status"] for j in again["job_ids"]]
    assert "pending" not in jobs and "running" not in jobs


def test_a_frame_cut_off_by_a_restart_fails_its_video_instead_of_running_it_without_the_frame(
    server: ApiServer,
    database: str,
) -> None:
    """Generate all, frames and videos: the server is killed while a shot's frame is being made. After the restart
    the frame job is failed (interrupted) and the video that was to start from it fails saying so: it does not run
    as a text-to-video of the shot, nor from no image."""
    project_id = new_project(server.url, width=512, height=512)  # a frame that takes long enough to be cut off
    shot = {"prompt": "a lighthouse in fog", "num_frames": 9, "num_inference_steps": 2}
    shot_id = httpx.post(f"{server.url}/projects/{project_id}/shots", json=shot).json()["id"]
    accepted = httpx.post(f"{server.url}/projects/{project_id}/generate-all", json={"what": "both"}).json()
    frame_id, video_id = accepted["job_ids"]

    def making_the_frame() -> bool:
        job = httpx.get(f"{server.url}/jobs/{frame_id}").json()
        assert job["status"] in ("pending", "running"), job
        return job["status"] == "running" and job["stage"] == "denoising"

    wait_until(making_the_frame, 120, interval=0.02, what="the frame being made")
    server.kill()
    server.start()
    assert_intact(database)
    frame = httpx.get(f"{server.url}/jobs/{frame_id}").json()
    assert frame["status"] == "failed" and frame["error"].startswith("interrupted: the server stopped"), frame
    video = wait_for_job(server.url, video_id, timeout=120)
    assert video["status"] == "failed", video
    assert "FrameMissing" in video["error"] and f"its frame job ({frame_id}) failed: interrupted" in video["error"]
    assert video["request"]["image_asset_id"] is None and video["result"] is None
    after = httpx.get(f"{server.url}/projects/{project_id}/shots/{shot_id}").json()
    assert after["frame_asset_id"] is None and after["video_url"] is None and after["status"] == "failed"
    ended = batch(server, accepted["batch_id"])
    assert ended["status"] == "failed" and ended["shots"][0]["note"].startswith("interrupted"), ended
