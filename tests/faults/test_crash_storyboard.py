"""SIGKILL during a storyboard commit: after the restart the project has all of the board's scenes and shots, or none."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from backend.testing.server_process import ApiServer
from tests.faults.conftest import assert_intact, count, kill_midway, new_project

pytestmark = pytest.mark.slow  # real servers, killed and restarted

SCENES, SHOTS = 300, 6


def board() -> dict:
    scenes = [
        {
            "heading": f"INT. ROOM {n} - DAY",
            "location": f"ROOM {n}",
            "shots": [{"text": f"beat {n}.{m}: the hero looks around", "duration_s": 1.0} for m in range(SHOTS)],
        }
        for n in range(SCENES)
    ]
    return {"scenes": scenes, "elements": [{"name": f"Person {n}", "type": "character"} for n in range(200)]}


def commit(url: str, project_id: str) -> httpx.Response:
    return httpx.post(f"{url}/projects/{project_id}/storyboard/commit", json=board(), timeout=120)


def test_killed_during_a_storyboard_commit(server: ApiServer, data: Path, database: str) -> None:
    measured = new_project(server.url)
    started = time.perf_counter()
    assert commit(server.url, measured).status_code in (200, 201)
    took = time.perf_counter() - started
    assert (
        count(database, "SELECT count(*) FROM shot WHERE project_id = :project_id", project_id=measured)
        == SCENES * SHOTS
    )

    project_id = new_project(server.url)
    kill_midway(server, lambda: commit(server.url, project_id), took)
    assert_intact(database)
    server.start()
    assert_intact(database)
    scenes = count(database, "SELECT count(*) FROM scene WHERE project_id = :project_id", project_id=project_id)
    shots = count(database, "SELECT count(*) FROM shot WHERE project_id = :project_id", project_id=project_id)
    clips = count(database, "SELECT count(*) FROM clip WHERE project_id = :project_id", project_id=project_id)
    elements = count(database, "SELECT count(*) FROM element WHERE project_id = :project_id", project_id=project_id)
    assert (scenes, shots, clips, elements) in ((0, 0, 0, 0), (SCENES, SCENES * SHOTS, SCENES * SHOTS, 200))
    # The project still works: the same commit now goes through whole.
    assert commit(server.url, project_id).status_code in (200, 201)
    assert (
        count(database, "SELECT count(*) FROM shot WHERE project_id = :project_id", project_id=project_id)
        == SCENES * SHOTS
    )
