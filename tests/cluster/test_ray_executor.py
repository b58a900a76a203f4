"""The Ray executor on a real Ray cluster (two GPU slots of a custom resource, one CPU worker), with tiny models and a
real PostgreSQL: jobs side by side with their events in order, model affinity, cancel, a worker SIGKILLed mid-job,
renders beside generations, a model no worker can load."""

from __future__ import annotations

import io
import os
import signal
from pathlib import Path

import av
import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from backend.db.engine import session_scope
from backend.db.tables import Job
from backend.services.job_queue import WORKER_LOST
from tests.api.conftest import make_project, make_shot, wait_job
from tests.cluster.conftest import ready_workers
from tests.render.test_render_api import add_video_asset, place, tracks_of
from tests.waiting import wait_until

pytestmark = pytest.mark.timeout(600)


def queue_video(client: TestClient, project_id: str, steps: int = 2, **fields: object) -> str:
    shot = make_shot(client, project_id, num_inference_steps=steps, **fields)
    response = client.post("/generate/advanced", json={"project_id": project_id, "shot_id": shot["id"], "mode": "t2v"})
    assert response.status_code == 202, response.text
    return response.json()["job_id"]


def queue_image(client: TestClient, project_id: str, steps: int = 2) -> str:
    body = {"project_id": project_id, "mode": "t2i", "prompt": "a red lighthouse", "num_inference_steps": steps}
    response = client.post("/generate/advanced", json=body)
    assert response.status_code == 202, response.text
    return response.json()["job_id"]


def row(client: TestClient, job_id: str) -> Job:
    with session_scope(client.app.state.studio.engine) as session:
        job = session.get(Job, job_id)
        assert job is not None
        return job


def frames_of(client: TestClient, job: dict) -> int:
    """Frames of the job's video, downloaded from the studio like the web app plays it."""
    response = client.get(job["result"]["video_url"])
    assert response.status_code == 200, response.text
    with av.open(io.BytesIO(response.content)) as container:
        return sum(1 for _ in container.decode(video=0))


def worker_pid(client: TestClient, worker_id: str) -> int:
    executor = client.app.state.studio.worker
    return executor.worker_pid(worker_id)


def test_two_jobs_run_at_the_same_time_on_two_workers_and_their_events_arrive_in_order(
    cluster_client: TestClient,
) -> None:
    project = make_project(cluster_client)
    mark = cluster_client.app.state.studio.bus.last_id()
    first, second = (queue_video(cluster_client, project["id"], steps=6) for _ in range(2))
    done = [wait_job(cluster_client, j, timeout=240) for j in (first, second)]
    assert [d["status"] for d in done] == ["completed", "completed"], [d["error"] for d in done]
    a, b = row(cluster_client, first), row(cluster_client, second)
    assert {a.worker_id, b.worker_id} == {"gpu-0", "gpu-1"}
    assert a.started_at < b.finished_at and b.started_at < a.finished_at  # their runs overlapped
    assert all(frames_of(cluster_client, d) == 9 for d in done)  # playable 9-frame clips
    workers = {w["id"]: w for w in cluster_client.get("/health").json()["workers"]}
    assert workers["gpu-0"]["models"] == ["video"] and workers["gpu-1"]["models"] == ["video"]
    assert workers["gpu-0"]["node"] == workers["gpu-1"]["node"] != workers["cpu-0"]["node"]  # the joined node
    assert workers["gpu-0"]["gpu"] == "milimo_gpu slot (no GPU)" and workers["cpu-0"]["gpu"] is None

    # Both jobs' events, interleaved in one stream: ids increase, and each job's own events are in order.
    events = cluster_client.app.state.studio.bus.replay(mark, project["id"])
    ids = [e.id for e in events]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    for job in (a, b):
        own = [e for e in events if e.data.get("job_id") == job.id]
        types = [e.type for e in own]
        assert types[0] == "job.queued" and types[1] == "job.started" and types[-1] == "job.completed", types
        assert own[1].data["worker"] == job.worker_id
        steps = [e.data["step"] for e in own if e.type == "job.progress" and "step" in e.data]
        assert steps == [1, 2, 3, 4, 5, 6], steps  # every denoising step, relayed from the worker, in order
        progress = [e.data["progress"] for e in own if e.type == "job.progress"]
        assert progress == sorted(progress)


def test_a_job_goes_to_the_worker_that_holds_its_model(cluster_client: TestClient) -> None:
    project = make_project(cluster_client)
    video = wait_job(cluster_client, queue_video(cluster_client, project["id"]), timeout=240)
    holder = row(cluster_client, video["id"]).worker_id
    image = wait_job(cluster_client, queue_image(cluster_client, project["id"]), timeout=240)
    assert video["status"] == image["status"] == "completed", (video["error"], image["error"])
    other = row(cluster_client, image["id"]).worker_id
    assert other != holder  # an empty worker, not a swap on the one holding LTX-2
    # Each kind again, alone: each goes where its model already is, whichever worker comes first in the list.
    for job_id, expected in ((queue_image(cluster_client, project["id"]), other), (queue_video(cluster_client, project["id"]), holder)):  # fmt: skip
        assert wait_job(cluster_client, job_id, timeout=240)["status"] == "completed"
        assert row(cluster_client, job_id).worker_id == expected
    workers = {w["id"]: w for w in cluster_client.get("/health").json()["workers"]}
    assert workers[holder]["models"] == ["video"] and set(workers[other]["models"]) == {"image", "inpaint"}

    # Both busy; a video job, then an image job, wait. When the image worker frees first it takes the (later) image
    # job rather than swapping LTX-2 in for the older video one (which may take it after: no worker idles while a
    # job waits).
    long_video = queue_video(cluster_client, project["id"], steps=200)
    long_image = queue_image(cluster_client, project["id"], steps=200)
    wait_until(lambda: row(cluster_client, long_image).stage == "denoising", 120, interval=0.05)
    assert row(cluster_client, long_video).worker_id == holder and row(cluster_client, long_image).worker_id == other
    video, image = queue_video(cluster_client, project["id"]), queue_image(cluster_client, project["id"])
    cluster_client.post(f"/jobs/{long_image}/cancel")
    assert wait_job(cluster_client, image, timeout=120)["status"] == "completed"
    image_started, video_started = row(cluster_client, image).started_at, row(cluster_client, video).started_at
    assert row(cluster_client, image).worker_id == other
    assert video_started is None or video_started > image_started  # the older video job did not go first
    cluster_client.post(f"/jobs/{long_video}/cancel")
    assert wait_job(cluster_client, video, timeout=120)["status"] == "completed"


def test_cancel_reaches_the_running_worker(cluster_client: TestClient) -> None:
    project = make_project(cluster_client)
    job_id = queue_video(cluster_client, project["id"], steps=200)
    wait_until(lambda: (row(cluster_client, job_id).progress or 0) > 0.1, 240, interval=0.1, what="denoising")
    cancelled = cluster_client.post(f"/jobs/{job_id}/cancel")
    assert cancelled.status_code == 200, cancelled.text
    job = wait_job(cluster_client, job_id, timeout=60)
    assert job["status"] == "cancelled" and job["error"] == "cancelled by the user"
    assert 0.1 < job["progress"] < 0.88  # stopped between denoising steps, long before the 200th
    shot_id = row(cluster_client, job_id).shot_id
    assert cluster_client.get(f"/projects/{project['id']}/shots/{shot_id}").json()["status"] == "draft"


def test_a_worker_killed_mid_job_is_restarted_and_its_job_retried_once(cluster_client: TestClient) -> None:
    project = make_project(cluster_client)
    job_id = queue_video(cluster_client, project["id"], steps=200)

    def denoising_on_a_worker(attempt: int):  # noqa: ANN202
        def check() -> str | None:
            job = row(cluster_client, job_id)
            return job.worker_id if job.attempts == attempt and job.stage == "denoising" else None

        return wait_until(check, 240, interval=0.05, what=f"attempt {attempt} denoising")

    first = denoising_on_a_worker(1)
    pid = worker_pid(cluster_client, first)
    os.kill(pid, signal.SIGKILL)
    # Nothing was written yet: the job is queued again and started once more (on either worker).
    second = denoising_on_a_worker(2)
    os.kill(worker_pid(cluster_client, second), signal.SIGKILL)
    job = wait_job(cluster_client, job_id, timeout=120)
    assert job["status"] == "failed", job
    assert job["error"] == WORKER_LOST.format(retried=" (it had been queued again once already)")
    shot_id = row(cluster_client, job_id).shot_id
    assert cluster_client.get(f"/projects/{project['id']}/shots/{shot_id}").json()["status"] == "failed"
    # Ray restarted both processes: the workers take jobs again, from new processes.
    ready_workers(cluster_client)
    assert worker_pid(cluster_client, first) != pid
    again = wait_job(cluster_client, queue_video(cluster_client, project["id"]), timeout=240)
    assert again["status"] == "completed", again["error"]


def test_a_render_runs_while_both_gpu_workers_are_busy(cluster_client: TestClient) -> None:
    project = make_project(cluster_client, width=64, height=64, fps=24)
    busy = [queue_video(cluster_client, project["id"], steps=200) for _ in range(2)]
    wait_until(lambda: all(row(cluster_client, j).stage == "denoising" for j in busy), 240, interval=0.1)
    asset = add_video_asset(cluster_client, project["id"], 24, 24.0, 64, 64)
    v1 = tracks_of(cluster_client, project["id"])["V1"]
    # After the generating shots' clips; the render takes just that range.
    place(cluster_client, project["id"], {"track_id": v1["id"], "start_frame": 240, "duration": 24, "asset_id": asset})
    body = {"format": "h264", "range": {"in_frame": 240, "out_frame": 264}}
    render = cluster_client.post(f"/projects/{project['id']}/render", json=body)
    assert render.status_code == 202, render.text
    rendered = wait_job(cluster_client, render.json()["job_id"], timeout=120)
    assert rendered["status"] == "completed", rendered["error"]
    assert row(cluster_client, rendered["id"]).worker_id == "cpu-0"
    assert [row(cluster_client, j).status for j in busy] == ["running", "running"]  # it did not wait behind them
    assert frames_of(cluster_client, rendered) == 24
    for job_id in busy:
        cluster_client.post(f"/jobs/{job_id}/cancel")
        assert wait_job(cluster_client, job_id, timeout=60)["status"] == "cancelled"


def test_a_model_no_worker_can_load_fails_its_jobs_and_the_workers_say_so(cluster_settings, tmp_path: Path) -> None:
    from backend.api.app import create_app

    broken = tmp_path / "not-ltx2"
    broken.mkdir()
    (broken / "model_index.json").write_text("{}")
    settings = cluster_settings.model_copy(update={"ltx2_source": str(broken)})
    with TestClient(create_app(settings), base_url="http://127.0.0.1") as client:
        ready_workers(client)
        project = make_project(client)
        first = wait_job(client, queue_video(client, project["id"]), timeout=240)
        assert first["status"] == "failed" and str(broken) in first["error"], first
        second = wait_job(client, queue_video(client, project["id"]), timeout=240)
        # Every worker that tried says it cannot load LTX-2 (one, or both if the two jobs went to different ones).
        workers = {w["id"]: w for w in client.get("/health").json()["workers"]}
        unable = [w for w in workers.values() if w["error"] and "video:" in w["error"]]
        assert unable and all(str(broken) in w["error"] for w in unable)
        assert second["status"] == "failed"
        image = wait_job(client, queue_image(client, project["id"]), timeout=240)
        assert image["status"] == "completed", image["error"]  # the image model still runs
        while len(unable) < 2:  # until both workers have failed to load it …
            wait_job(client, queue_video(client, project["id"]), timeout=240)
            workers = {w["id"]: w for w in client.get("/health").json()["workers"]}
            unable = [w for w in workers.values() if w["error"] and "video:" in w["error"]]
        # … then a video job is refused at once, with every worker's reason, and never dispatched.
        refused = wait_job(client, queue_video(client, project["id"]), timeout=30)
        assert refused["status"] == "failed" and refused["error"].startswith("no worker can load the video model: ")
        with session_scope(client.app.state.studio.engine) as session:
            assert session.exec(select(Job).where(Job.id == refused["id"])).one().worker_id == "none"
