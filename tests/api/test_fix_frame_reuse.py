"""Fix frame on a frame already grabbed reuses that frame's asset instead of adding a copy to the media bin each
time; another frame, or the same frame of a new take, is a new asset."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.test_modes import submit
from tests.api.test_segmentation import generated_shot
from tests.sqlite_only import sqlite_only  # noqa: F401 - the database_url fixture: SQLite only (see the module)


def frame_assets(client: TestClient, project_id: str) -> list[dict]:
    return [a for a in client.get(f"/projects/{project_id}").json()["assets"] if a["origin"] == "frame"]


def test_grabbing_the_same_frame_again_reuses_it(client: TestClient) -> None:
    project, shot = generated_shot(client)
    pid, sid = project["id"], shot["id"]
    grab = lambda frame: client.post(f"/projects/{pid}/shots/{sid}/frames", json={"frame": frame})  # noqa: E731
    first = grab(3).json()
    again = grab(3).json()
    assert again["id"] == first["id"] and again["url"] == first["url"]
    assert [a["id"] for a in frame_assets(client, pid)] == [first["id"]]
    other = grab(4).json()
    assert other["id"] != first["id"] and len(frame_assets(client, pid)) == 2

    submit(client, project_id=pid, shot_id=sid, mode="t2v", seed=99)  # a new take: frame 3 shows something else
    new_take = grab(3).json()
    assert new_take["id"] not in (first["id"], other["id"]) and len(frame_assets(client, pid)) == 3
