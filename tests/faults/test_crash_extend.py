"""SIGKILL during a Smart Continue chunk (denoising the second chunk, the first committed): after the restart the
job is failed with how to resume, the chain is resumable, its files are whole (the latents are written atomically,
temporaries swept on start), and asking again resumes from the committed chunk and completes."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from backend.testing.server_process import ApiServer, wait_for_job
from tests.faults.conftest import assert_intact, hidden_temporaries, new_project, rows
from tests.waiting import wait_until

pytestmark = pytest.mark.slow  # real servers, killed and restarted

# 10.5 s: three chunks of the native length rule (85 frames on the tiny model), so there is a second one to kill.
SETTINGS = {"mode": "extend", "extend_seconds": 10.5, "overlap_seconds": 0.04, "lock_prompt": True}


def chains(database: str) -> list[tuple[str, list[dict]]]:
    # JSON comes back as text from SQLite, already decoded from PostgreSQL.
    return [
        (status, chunks if isinstance(chunks, list) else json.loads(chunks))
        for status, chunks in rows(database, "SELECT status, chunks FROM continuechain")
    ]


def test_killed_during_a_smart_continue_chunk(server: ApiServer, data: Path, database: str) -> None:
    project_id = new_project(server.url)
    shot = httpx.post(
        f"{server.url}/projects/{project_id}/shots",
        json={"prompt": "rain on a window", "num_frames": 9, "num_inference_steps": 2},
    ).json()
    base = {"project_id": project_id, "shot_id": shot["id"]}
    first = httpx.post(f"{server.url}/generate/advanced", json={**base, "mode": "t2v"}).json()["job_id"]
    assert wait_for_job(server.url, first, timeout=120)["status"] == "completed"
    body = {**base, **SETTINGS, "num_inference_steps": 10}
    job_id = httpx.post(f"{server.url}/generate/advanced", json=body).json()["job_id"]

    wait_until(lambda: any(len(c) == 1 for _, c in chains(database)), 120, interval=0.02, what="chunk 1 committed")
    committed_at = httpx.get(f"{server.url}/jobs/{job_id}").json()["progress"]

    def in_second_chunk() -> bool:
        job = httpx.get(f"{server.url}/jobs/{job_id}").json()
        assert job["status"] == "running", job
        return job["progress"] > committed_at + 0.01 and all(len(c) == 1 for _, c in chains(database))

    wait_until(in_second_chunk, 120, interval=0.02, what="denoising the second chunk")
    server.kill()
    assert_intact(database)
    assert [(s, len(c)) for s, c in chains(database)] == [("running", 1)]  # what the kill left: a chain mid-run

    server.start()
    assert_intact(database)
    job = httpx.get(f"{server.url}/jobs/{job_id}").json()
    assert job["status"] == "failed" and "resume from the last finished chunk" in job["error"], job
    assert [(s, len(c)) for s, c in chains(database)] == [("interrupted", 1)]
    assert hidden_temporaries(data) == []
    chain_dirs = list((data / "projects" / project_id / "workspace" / "chains").glob("*"))
    assert (
        len(chain_dirs) == 1
        and (chain_dirs[0] / "chunk_000.mp4").is_file()
        and (chain_dirs[0] / "chunk_000.pt").is_file()
    )
    shot_now = httpx.get(f"{server.url}/projects/{project_id}/shots/{shot['id']}").json()
    assert shot_now["video_url"], "the shot's own clip is still there"

    again = httpx.post(f"{server.url}/generate/advanced", json=body).json()["job_id"]  # the same extension
    done = wait_for_job(server.url, again, timeout=180)
    assert done["status"] == "completed", done["error"]
    assert done["result"]["resumed_from_chunk"] == 1
    assert done["result"]["chunks_generated"] == done["result"]["chunks"] - 1
