"""Fixtures for API tests: a studio on a fresh data folder (real tiny LTX-2), in-process, on each database: its real
SQLite file, and a fresh database on the session's real PostgreSQL server (``database_url``, tests/conftest.py)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from backend.api.app import create_app
from backend.config import Settings
from backend.testing.server_process import free_port
from tests.waiting import wait_until


def seed_test_models(data_dir: Path, tiny_models_root: Path) -> None:
    """Give a fresh data folder the session's tiny models so each test does not rebuild them."""
    target = data_dir / "models" / "test"
    if not target.exists():
        shutil.copytree(tiny_models_root, target)


def studio_settings_for(tmp_path: Path, tiny_models_root: Path, **fields: object) -> Settings:
    """Settings of a studio of its own on the session's tiny models (``fields`` override the defaults)."""
    data = tmp_path / "data"
    seed_test_models(data, tiny_models_root)
    # The SAM service port is a closed one: in-process tests never reach a SAM service that happens to run here.
    defaults: dict[str, object] = {
        "web_dist_dir": tmp_path / "no-web-build",
        "log_level": "WARNING",
        "sam_service_port": free_port(),
    }
    return Settings(data_dir=data, **{**defaults, **fields})


@pytest.fixture
def settings(tmp_path: Path, tiny_models_root: Path, database_url: str | None) -> Settings:
    return studio_settings_for(tmp_path, tiny_models_root, progress_db_interval_s=0.0, database_url=database_url)


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings), base_url="http://127.0.0.1") as test_client:
        yield test_client


@pytest.fixture
def idle_client(settings: Settings) -> Iterator[TestClient]:
    """A studio whose GPU worker does not run: jobs stay pending (for queue and validation tests)."""
    with TestClient(create_app(settings, start_worker=False), base_url="http://127.0.0.1") as test_client:
        yield test_client


def make_project(client: TestClient, **fields: object) -> dict:
    response = client.post("/projects", json={"name": "Test film", "width": 64, "height": 64, **fields})
    assert response.status_code == 201, response.text
    return response.json()


def make_shot(client: TestClient, project_id: str, **fields: object) -> dict:
    body = {"prompt": "a lighthouse at dusk, waves", "num_frames": 9, "num_inference_steps": 2, **fields}
    response = client.post(f"/projects/{project_id}/shots", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def wait_job(
    client: TestClient,
    job_id: str,
    timeout: float = 60.0,
    until: tuple[str, ...] = ("completed", "failed", "cancelled"),
) -> dict:
    seen: list[str] = []

    def reached() -> dict | None:
        job = client.get(f"/jobs/{job_id}").json()
        seen.append(job["status"])
        return job if job["status"] in until else None

    return wait_until(reached, timeout, what=lambda: f"job {job_id} reaching {'/'.join(until)} (still {seen[-1]})")


@pytest.fixture
def lora_settings(tmp_path: Path, tiny_models_root: Path) -> Settings:
    """A SQLite studio on the tiny models whose LoRA library also reads ``<tmp>/my-loras`` (the user's folder)."""
    return studio_settings_for(tmp_path, tiny_models_root, lora_folders=[tmp_path / "my-loras"])
