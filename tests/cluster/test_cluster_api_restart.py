"""The API (a real uvicorn process, MILIMO_EXECUTOR=ray on the session's Ray cluster, PostgreSQL) SIGKILLed while a
remote job runs and another waits, then started again: the running job is settled (its worker ended with the API that
owned it), the waiting one runs on the new API's worker, and the worker list is the new one."""

from __future__ import annotations

import json
import os
from pathlib import Path

import httpx
import pytest

from backend.testing.server_process import ApiServer, wait_for_job
from tests.api.conftest import seed_test_models
from tests.cluster.conftest import RESOURCE, RayCluster
from tests.waiting import wait_until

pytestmark = pytest.mark.timeout(600)


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def replay(url: str, project_id: str, until: tuple[str, str]) -> list[dict]:
    """``GET /events`` from the start of the history, read until the event ``until`` (type, job id) arrives."""
    events: list[dict] = []
    current: dict = {}
    headers = {"Last-Event-ID": "0"}
    with httpx.stream("GET", f"{url}/events", params={"project_id": project_id}, headers=headers, timeout=30) as sse:
        for line in sse.iter_lines():
            if line.startswith("id:"):
                current["id"] = int(line[3:].strip())
            elif line.startswith("event:"):
                current["event"] = line[6:].strip()
            elif line.startswith("data:"):
                current["data"] = json.loads(line[5:].strip())
            elif not line and "event" in current:
                events.append(current)
                if (current["event"], current["data"].get("job_id")) == until:
                    return events
                current = {}
    raise AssertionError(f"the stream ended before {until}")


def test_the_api_killed_mid_job_and_restarted(
    ray_cluster: RayCluster, postgres, tmp_path: Path, tiny_models_root: Path
) -> None:
    data = tmp_path / "data"
    seed_test_models(data, tiny_models_root)
    url = postgres.create_database()
    env = {
        **ray_cluster.env,
        "MILIMO_DATABASE_URL": url,
        "MILIMO_EXECUTOR": "ray",
        "MILIMO_RAY_ADDRESS": ray_cluster.address,
        "MILIMO_RAY_GPU_RESOURCE": RESOURCE,
        "MILIMO_RAY_GPU_WORKERS": "1",
        "MILIMO_PRELOAD_MODELS": "false",
        "MILIMO_LOG_LEVEL": "WARNING",
    }
    server = ApiServer(data, env=env)
    server.start()
    try:

        def gpu_worker() -> dict | None:
            workers = httpx.get(f"{server.url}/health", timeout=5).json()["workers"]
            return next((w for w in workers if w["kind"] == "gpu" and w["state"] in ("ready", "busy")), None)

        project = httpx.post(f"{server.url}/projects", json={"name": "Restart", "width": 64, "height": 64}).json()
        jobs = []
        for steps in (200, 2):
            shot = httpx.post(
                f"{server.url}/projects/{project['id']}/shots",
                json={"prompt": "a pier at night", "num_frames": 9, "num_inference_steps": steps},
            ).json()
            queued = httpx.post(
                f"{server.url}/generate/advanced",
                json={"project_id": project["id"], "shot_id": shot["id"], "mode": "t2v"},
            )
            assert queued.status_code == 202, queued.text
            jobs.append(queued.json()["job_id"])
        running, waiting = jobs
        wait_until(
            lambda: httpx.get(f"{server.url}/jobs/{running}").json()["progress"] > 0.1, 240, interval=0.1,
            what="the first job denoising",
        )  # fmt: skip
        old = gpu_worker()
        assert old is not None and old["job_id"] == running and old["pid"]
        assert httpx.get(f"{server.url}/jobs/{waiting}").json()["status"] == "pending"

        server.kill()
        wait_until(lambda: gone(old["pid"]), 60, interval=0.2, what="the worker ending with the API that owned it")

        server.start()
        job = wait_for_job(server.url, running, timeout=30)
        assert job["status"] == "failed" and job["error"].startswith("interrupted: the server stopped"), job
        done = wait_for_job(server.url, waiting, timeout=240)
        assert done["status"] == "completed", done["error"]
        new = wait_until(gpu_worker, 60, what="the new API's worker")
        assert new["pid"] != old["pid"] and new["models"] == ["video"]
        workers = httpx.get(f"{server.url}/health", timeout=5).json()["workers"]
        assert sorted(w["id"] for w in workers) == ["cpu-0", "gpu-0"]  # the new API's workers, not the old ones too

        # What a reconnecting tab replays over SSE (Last-Event-ID): both jobs' remote events, in id order.
        events = replay(server.url, project["id"], until=("job.completed", waiting))
        ids = [e["id"] for e in events]
        assert ids == sorted(ids)
        for job_id, ended in ((running, "job.failed"), (waiting, "job.completed")):
            own = [e["event"] for e in events if e["data"].get("job_id") == job_id]
            assert own[0] == "job.queued" and "job.started" in own and own[-1] == ended, own
        steps = [e["data"]["step"] for e in events if e["data"].get("job_id") == waiting and "step" in e["data"]]
        assert steps == [1, 2]
    finally:
        server.stop()
        postgres.drop_database(url)
