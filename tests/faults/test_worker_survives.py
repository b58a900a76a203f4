"""The GPU worker outlives a failing job: a model that fails to load, a CUDA error (or out-of-memory) raised inside
the pipeline (the models are dropped after it, so no poisoned model is reused), and a job whose project is deleted while it runs each end only that job, and the next job runs."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import torch
from fastapi.testclient import TestClient

from backend.api.app import create_app
from backend.config import Settings
from backend.testing.server_process import free_port
from tests.api.conftest import make_project, make_shot, seed_test_models, wait_job
from tests.waiting import wait_until


@contextmanager
def studio(tmp_path: Path, tiny_models_root: Path, database_url: str | None, **fields: object) -> Iterator[TestClient]:
    data = tmp_path / "data"
    seed_test_models(data, tiny_models_root)
    settings = Settings(
        data_dir=data,
        web_dist_dir=tmp_path / "no-web-build",
        progress_db_interval_s=0.0,
        log_level="WARNING",
        sam_service_port=free_port(),
        database_url=database_url,
        **fields,
    )
    with TestClient(create_app(settings), base_url="http://127.0.0.1") as client:
        yield client


def generate(client: TestClient, project_id: str, shot_id: str | None, **fields: object) -> str:
    body = {"project_id": project_id, "mode": "t2v", "num_inference_steps": 2, **fields}
    if shot_id:
        body["shot_id"] = shot_id
    response = client.post("/generate/advanced", json=body)
    assert response.status_code == 202, response.text
    return response.json()["job_id"]


def test_a_model_that_fails_to_load_fails_only_its_jobs(
    tmp_path: Path, tiny_models_root: Path, database_url: str | None
) -> None:
    broken = tmp_path / "broken-ltx2"
    broken.mkdir()
    (broken / "model_index.json").write_text("{ this is not a model")
    with studio(tmp_path, tiny_models_root, database_url, ltx2_source=str(broken)) as client:
        project = make_project(client)
        shot = make_shot(client, project["id"])
        failed = wait_job(client, generate(client, project["id"], shot["id"]))
        assert failed["status"] == "failed" and failed["error"], failed
        # The worker goes on: a job on another model (FLUX.2) runs, and the video model fails again, with its reason.
        still = wait_job(client, generate(client, project["id"], None, mode="t2i", prompt="a red door"))
        assert still["status"] == "completed", still["error"]
        again = wait_job(client, generate(client, project["id"], shot["id"]))
        assert again["status"] == "failed" and again["error"] == failed["error"]
        assert client.app.state.studio.worker.alive


@pytest.mark.parametrize(
    "error",
    [
        RuntimeError("CUDA error: an illegal memory access was encountered"),
        torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 20.00 GiB"),
    ],
    ids=["cuda-error", "out-of-memory"],
)
def test_a_cuda_error_in_a_job_fails_only_that_job(
    tmp_path: Path,
    tiny_models_root: Path,
    database_url: str | None,
    monkeypatch: pytest.MonkeyPatch,
    error: Exception,
) -> None:
    t2v = importlib.import_module("backend.models.ltx2.text_to_video")  # the package re-exports the function

    real = t2v.text_to_video
    raised: list[bool] = []

    def failing_once(*args: object, **kwargs: object) -> object:
        if not raised:
            raised.append(True)
            raise error
        return real(*args, **kwargs)

    monkeypatch.setattr(t2v, "text_to_video", failing_once)
    with studio(tmp_path, tiny_models_root, database_url) as client:
        project = make_project(client)
        shot = make_shot(client, project["id"])
        failed = wait_job(client, generate(client, project["id"], shot["id"]))
        assert failed["status"] == "failed", failed
        assert ("CUDA error" in failed["error"]) or ("out of GPU memory" in failed["error"]), failed["error"]
        assert "the models were unloaded" in failed["error"].lower(), failed["error"]
        # No model that met the fault is reused: the video model was loaded for the job and is dropped after it.
        video = next(row for row in client.get("/models").json() if row["role"] == "video")
        assert not video["loaded"], video
        assert client.get(f"/projects/{project['id']}/shots/{shot['id']}").json()["status"] == "failed"
        done = wait_job(client, generate(client, project["id"], shot["id"]))
        assert done["status"] == "completed", done["error"]
        assert client.app.state.studio.worker.alive


def test_a_job_whose_project_is_deleted_while_it_runs(
    tmp_path: Path, tiny_models_root: Path, database_url: str | None
) -> None:
    with studio(tmp_path, tiny_models_root, database_url) as client:
        doomed = make_project(client)
        shot = make_shot(client, doomed["id"])
        job_id = generate(client, doomed["id"], shot["id"], num_inference_steps=60)
        wait_job(client, job_id, until=("running",))
        wait_until(lambda: client.get(f"/jobs/{job_id}").json()["progress"] > 0.05, 60, what="the job denoising")
        assert client.delete(f"/projects/{doomed['id']}").status_code == 204
        other = make_project(client)
        other_shot = make_shot(client, other["id"])
        done = wait_job(client, generate(client, other["id"], other_shot["id"]))
        assert done["status"] == "completed", done["error"]
        assert client.get(f"/jobs/{job_id}").status_code == 404  # gone with its project
        data = client.app.state.studio.settings.projects_dir
        assert not (data / doomed["id"]).exists(), "the deleted project's job wrote files after the delete"
        assert client.app.state.studio.worker.alive
