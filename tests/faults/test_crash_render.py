"""SIGKILL during a render job, half-way through encoding: after the restart the job is failed with "the server
stopped", no partial file is left in generated/renders/ (the hidden temporary is swept on start), and a render
runs again."""

from __future__ import annotations

from pathlib import Path

import httpx
import numpy as np
import pytest

from backend.media.video_writer import write_mp4
from backend.testing.server_process import ApiServer, wait_for_job
from tests.faults.conftest import assert_intact, hidden_temporaries, new_project
from tests.waiting import wait_until

pytestmark = pytest.mark.slow  # real servers, killed and restarted

FRAMES = 240


def test_killed_during_a_render(server: ApiServer, data: Path, database: str, tmp_path: Path) -> None:
    project_id = new_project(server.url, width=640, height=352, fps=24)
    source = tmp_path / "noise.mp4"
    write_mp4(source, np.random.default_rng(1).integers(0, 255, (FRAMES, 352, 640, 3), dtype=np.uint8), 24.0)
    with source.open("rb") as file:
        asset = httpx.post(
            f"{server.url}/projects/{project_id}/assets", files={"file": ("noise.mp4", file, "video/mp4")}, timeout=60
        )
    assert asset.status_code == 201, asset.text
    v1 = next(t for t in httpx.get(f"{server.url}/projects/{project_id}").json()["tracks"] if t["name"] == "V1")
    clip = {"track_id": v1["id"], "start_frame": 0, "duration": FRAMES, "source_in": 0, "asset_id": asset.json()["id"]}
    placed = httpx.post(
        f"{server.url}/projects/{project_id}/timeline/edits", json={"changes": [{"op": "create", "clip": clip}]}
    )
    assert placed.status_code == 200, placed.text
    queued = httpx.post(f"{server.url}/projects/{project_id}/render", json={"format": "prores"})
    assert queued.status_code == 202, queued.text
    job_id = queued.json()["job_id"]
    renders = data / "projects" / project_id / "generated" / "renders"

    def half_way() -> bool:
        job = httpx.get(f"{server.url}/jobs/{job_id}").json()
        assert job["status"] in ("pending", "running"), job
        return job["status"] == "running" and 0.1 < job["progress"] < 0.9 and bool(hidden_temporaries(data))

    wait_until(half_way, 120, interval=0.02, what="the render half-way")
    server.kill()
    assert_intact(database)
    left = [p for p in renders.iterdir()]
    assert left and all(p.name.startswith(".") for p in left), left  # only the hidden temporary

    server.start()
    assert_intact(database)
    job = httpx.get(f"{server.url}/jobs/{job_id}").json()
    assert job["status"] == "failed" and job["error"].startswith("interrupted: the server stopped"), job
    assert hidden_temporaries(data) == []  # swept on start
    assert list(renders.iterdir()) == []
    again = httpx.post(f"{server.url}/projects/{project_id}/render", json={"range": {"in_frame": 0, "out_frame": 24}})
    done = wait_for_job(server.url, again.json()["job_id"], timeout=120)
    assert done["status"] == "completed", done
    assert [p.name for p in renders.iterdir() if p.name.startswith(".")] == []
