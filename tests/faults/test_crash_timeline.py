"""SIGKILL during a timeline edit batch: after the restart every change of the batch is there, or none is."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import httpx
import pytest

from backend.testing.server_process import ApiServer
from tests.faults.conftest import assert_intact, count, kill_midway, new_project

pytestmark = pytest.mark.slow  # real servers, killed and restarted

CLIPS = 5000  # the batch limit (MAX_CHANGES): long enough to be cut in the middle


def prepare(url: str) -> tuple[str, str, list[str]]:
    project_id = new_project(url)
    shot = httpx.post(f"{url}/projects/{project_id}/shots", json={"prompt": "a door", "num_frames": 9}).json()
    tracks = [httpx.post(f"{url}/projects/{project_id}/tracks", json={"kind": "video"}).json() for _ in range(7)]
    v1 = next(t for t in httpx.get(f"{url}/projects/{project_id}").json()["tracks"] if t["name"] == "V1")
    return project_id, shot["id"], [v1["id"], *(t["id"] for t in tracks)]


def batch(url: str, project_id: str, shot_id: str, track_ids: list[str]) -> httpx.Response:
    changes = [
        {
            "op": "create",
            "clip": {
                "id": uuid.uuid4().hex,
                "track_id": track_ids[n % 8],
                "start_frame": 100 + (n // 8) * 9,
                "duration": 9,
                "source_in": 0,
                "shot_id": shot_id,
            },
        }
        for n in range(CLIPS)
    ]
    return httpx.post(f"{url}/projects/{project_id}/timeline/edits", json={"changes": changes}, timeout=120)


def test_killed_during_a_timeline_batch(server: ApiServer, data: Path, database: str) -> None:
    # Timed warm: the first batch a server takes also pays for its first use of the code paths, and half of that
    # can outlast a warm batch, which would then finish before the kill.
    assert batch(server.url, *prepare(server.url)).status_code == 200
    measured = prepare(server.url)
    started = time.perf_counter()
    assert batch(server.url, *measured).status_code == 200
    took = time.perf_counter() - started

    project_id, shot_id, track_ids = prepare(server.url)
    kill_midway(server, lambda: batch(server.url, project_id, shot_id, track_ids), took)
    assert_intact(database)
    server.start()
    assert_intact(database)
    clips = count(database, "SELECT count(*) FROM clip WHERE project_id = :project_id", project_id=project_id)
    assert clips in (1, 1 + CLIPS)  # the shot's own clip, plus all of the batch or nothing of it
    # The timeline still takes the batch whole.
    if clips == 1:
        assert batch(server.url, project_id, shot_id, track_ids).status_code == 200
        assert (
            count(database, "SELECT count(*) FROM clip WHERE project_id = :project_id", project_id=project_id)
            == 1 + CLIPS
        )
