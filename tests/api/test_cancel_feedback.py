"""Cancel says so at once and works while the model is still loading; a page reloaded mid-job reads the progress its
events had reached, not the throttled row's older value."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

from fastapi.testclient import TestClient
from sqlmodel import Session

from backend.api.app import create_app
from backend.config import Settings
from backend.db.tables import Job
from tests.api.conftest import make_project, make_shot, wait_job
from tests.api.test_generation import generate
from tests.waiting import wait_until


def job_events(client: TestClient, project_id: str, job_id: str) -> list[dict]:
    bus = client.app.state.studio.bus
    return [e.data for e in bus.replay(0, project_id) if e.type == "job.progress" and e.data.get("job_id") == job_id]


def test_a_reload_never_reads_progress_behind_what_was_shown(settings: Settings) -> None:
    slow_rows = settings.model_copy(update={"progress_db_interval_s": 3600.0})  # the row is written once, at start
    with TestClient(create_app(slow_rows), base_url="http://127.0.0.1") as client:
        project = make_project(client)
        shot = make_shot(client, project["id"])
        job_id = generate(client, project["id"], shot["id"], num_inference_steps=200)
        wait_until(
            lambda: any(e.get("step", 0) >= 5 for e in job_events(client, project["id"], job_id)), 60, what="step 5"
        )
        shown = max(e["progress"] for e in job_events(client, project["id"], job_id))
        with Session(client.app.state.studio.engine) as session:  # what the table alone says, for contrast
            assert session.get(Job, job_id).progress < shown  # the throttled row is behind the bar
        listed = next(j for j in client.get(f"/projects/{project['id']}/jobs").json() if j["id"] == job_id)
        assert listed["progress"] >= shown
        assert client.get(f"/jobs/{job_id}").json()["progress"] >= shown
        client.post(f"/jobs/{job_id}/cancel")
        assert wait_job(client, job_id)["status"] == "cancelled"


def test_cancel_is_announced_at_once_and_stops_a_job_still_loading_its_model(client: TestClient, monkeypatch) -> None:
    models = client.app.state.studio.models
    loading, release = threading.Event(), threading.Event()
    real_use = models.use

    @contextlib.contextmanager
    def slow_use(role: str, timeout: float | None = None, interrupt=None, **placing) -> Iterator[object]:  # noqa: ANN001
        loading.set()
        release.wait(30)  # a model load that takes a while
        with real_use(role, timeout, interrupt, **placing) as handle:  # placing: the job's shape, its stage callback
            yield handle

    monkeypatch.setattr(models, "use", slow_use)
    project = make_project(client)
    shot = make_shot(client, project["id"])
    job_id = generate(client, project["id"], shot["id"], num_inference_steps=50)
    assert loading.wait(30)
    answer = client.post(f"/jobs/{job_id}/cancel").json()
    assert answer["status"] == "running" and answer["cancel_requested"] is True
    announced = [e for e in job_events(client, project["id"], job_id) if e.get("cancel_requested")]
    assert announced and announced[-1]["status"] == "running"  # every tab can show "cancelling…" now
    release.set()
    job = wait_job(client, job_id)
    assert job["status"] == "cancelled" and job["cancel_requested"] is True
    assert not [e for e in job_events(client, project["id"], job_id) if e.get("step")]  # no step ran after the load


def test_cancel_ends_the_wait_for_a_model_another_load_holds(settings: Settings) -> None:
    # No start-up preload: the worker loads it before it claims jobs, so it would wait behind the load this test holds.
    with TestClient(
        create_app(settings.model_copy(update={"preload_models": False})), base_url="http://127.0.0.1"
    ) as client:
        _cancel_while_another_load_holds(client)


def _cancel_while_another_load_holds(client: TestClient) -> None:
    models = client.app.state.studio.models
    held, release = threading.Event(), threading.Event()

    def loading_elsewhere() -> None:  # the start-up preload, say, still reading the weights
        with models._lock:
            held.set()
            release.wait(60)

    loader = threading.Thread(target=loading_elsewhere, daemon=True)
    loader.start()
    assert held.wait(10)
    try:
        project = make_project(client)
        shot = make_shot(client, project["id"])
        job_id = generate(client, project["id"], shot["id"])
        wait_job(client, job_id, until=("running",))
        client.post(f"/jobs/{job_id}/cancel")
        job = wait_job(client, job_id, timeout=10)  # not when the load ends: it is still going
        assert job["status"] == "cancelled" and not release.is_set()
    finally:
        release.set()
        loader.join(10)
