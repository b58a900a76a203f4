"""GET /models says how each loaded model sits in memory (weight dtype, placement, the card's free memory), and a job
that fits no memory plan on the card fails before it starts with what it needs (a simulated card on the CPU:
MILIMO_VRAM_BUDGET_GB)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from backend.api.app import create_app
from tests.api.conftest import make_project, make_shot, studio_settings_for, wait_job
from tests.sqlite_only import sqlite_only  # noqa: F401 - the database_url fixture: SQLite only (models' work)
from tests.waiting import wait_until


def _video_row(client: TestClient) -> dict:
    return next(row for row in client.get("/models").json() if row["role"] == "video")


def _generate(client: TestClient) -> dict:
    project = make_project(client)
    shot = make_shot(client, project["id"])
    queued = client.post("/generate/advanced", json={"project_id": project["id"], "shot_id": shot["id"], "mode": "t2v"})
    assert queued.status_code == 202, queued.text
    return wait_job(client, queued.json()["job_id"], timeout=120)


@pytest.fixture
def studio(request: pytest.FixtureRequest, tmp_path: Path, tiny_models_root: Path) -> Iterator[TestClient]:
    settings = studio_settings_for(tmp_path, tiny_models_root, **request.param)
    with TestClient(create_app(settings), base_url="http://127.0.0.1") as client:
        yield client


def test_every_row_says_dtype_placement_and_the_cards_free_memory(client: TestClient) -> None:
    rows = client.get("/models").json()
    assert rows and all({"weight_dtype", "placement", "card_free_bytes"} <= set(row) for row in rows)
    assert all(row["card_free_bytes"] is None for row in rows)  # no CUDA card here
    video = wait_until(lambda: (row := _video_row(client))["loaded"] and row, 120, what="the video model loaded")
    assert (video["weight_dtype"], video["placement"], video["state"]) == ("fp32", "resident", "active")
    unloaded = next(row for row in rows if row["role"] == "director")
    assert unloaded["loaded"] is False and unloaded["placement"] is None and unloaded["weight_dtype"] is None
    health = client.get("/health").json()
    assert {"weight_dtype", "placement", "card_free_bytes"} <= set(health["models"][0])


@pytest.mark.parametrize("studio", [{"vram_budget_gb": 16.0, "video_memory_plan": "streamed"}], indirect=True)
def test_a_streamed_model_says_so_and_generates(studio: TestClient) -> None:
    job = _generate(studio)
    assert job["status"] == "completed", job["error"]
    video = _video_row(studio)
    assert (video["placement"], video["weight_dtype"]) == ("streamed", "fp32")


@pytest.mark.parametrize("studio", [{"vram_budget_gb": 0.001}], indirect=True)
def test_a_job_that_fits_no_plan_fails_before_it_starts_saying_what_it_needs(studio: TestClient) -> None:
    job = _generate(studio)
    assert job["status"] == "failed"
    assert "needs" in job["error"] and "of GPU memory, the card has" in job["error"] and "free" in job["error"]
    assert "lower the resolution or the frame count" in job["error"]
    assert job["error"].startswith("this job needs")  # said plainly: no exception class name in front
    video = _video_row(studio)
    assert video["loaded"] is False and video["error"] is None  # nothing wrong with the weights


@pytest.mark.parametrize("studio", [{"director_source": "ltx2"}], indirect=True)
def test_the_director_can_run_on_ltx2s_own_text_encoder_with_no_second_copy(studio: TestClient) -> None:
    manager = studio.app.state.studio.models
    project = studio.post("/projects", json={"name": "Shared", "width": 64, "height": 64}).json()
    body = {"project_id": project["id"], "instruction": "she turns to the sea", "seed": 3}
    answer = studio.post("/director/enrich", json=body)
    assert answer.status_code == 200, answer.text
    assert answer.json()["used_director"] is True and answer.json()["test_model"] is True and answer.json()["prompt"]
    with manager.use("director") as director:
        assert director.model is manager.pipeline("video").text_encoder  # the very module: one copy
    rows = {row["role"]: row for row in studio.get("/models").json()}
    assert rows["director"]["source"].endswith("text_encoder") and rows["director"]["loaded"] is True
    # The director's own Gemma 3 never loaded: nothing but LTX-2 holds memory.
    assert {s.family for s in manager.status() if s.loaded and s.role != "director"} == {"ltx2"}
    assert studio.post("/director/enrich", json=body).json()["prompt"] == answer.json()["prompt"]  # deterministic
