"""A shot's clips take the length of its current take (docs/timeline.md, "When a take changes length"): an
extension grows the clip and ripples the next one right, bringing the old take back shrinks it, a locked track stays
as it is; versions go up and ``timeline.changed`` tells the other tabs."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.conftest import make_project, make_shot, wait_job
from tests.api.test_extend import extend
from tests.api.test_generation import generate
from tests.api.test_timeline import timeline, track_of
from tests.sqlite_only import sqlite_only  # noqa: F401 - the database_url fixture: SQLite only (see the module)


def clips_of(client: TestClient, project_id: str) -> dict[str, dict]:
    return {c["shot_id"]: c for c in timeline(client, project_id)["clips"]}


def timeline_events(client: TestClient, project_id: str, after: int) -> list[dict]:
    bus = client.app.state.studio.bus
    return [e.data for e in bus.replay(after, project_id) if e.type == "timeline.changed"]


def test_an_extended_shot_plays_its_added_footage_on_the_timeline(client: TestClient) -> None:
    project = make_project(client)
    pid = project["id"]
    first = make_shot(client, pid)
    second = make_shot(client, pid, prompt="close on the keeper")
    assert wait_job(client, generate(client, pid, first["id"]))["status"] == "completed"
    before = clips_of(client, pid)
    assert (before[first["id"]]["duration"], before[second["id"]]["start_frame"]) == (9, 9)

    cursor = client.app.state.studio.bus.replay(0, pid)[-1].id
    job = wait_job(client, extend(client, pid, first["id"], extend_seconds=0.5, lock_prompt=True))
    assert job["status"] == "completed", job["error"]
    length = job["result"]["num_frames"]
    assert length > 9
    after = clips_of(client, pid)
    grown, pushed = after[first["id"]], after[second["id"]]
    assert (grown["start_frame"], grown["duration"], grown["source_frames"]) == (0, length, length)
    assert pushed["start_frame"] == length and pushed["duration"] == 9  # rippled right, not overlapped
    assert grown["version"] == before[first["id"]]["version"] + 1
    assert pushed["version"] == before[second["id"]]["version"] + 1
    announced = {c["id"]: c for e in timeline_events(client, pid, cursor) for c in e["clips"]}
    assert announced[grown["id"]]["duration"] == length and announced[pushed["id"]]["start_frame"] == length

    # Undo the extension (the old take back): the clip is the old length again; the next clip stays where it is.
    shot = client.get(f"/projects/{pid}/shots/{first['id']}").json()
    back = client.patch(
        f"/projects/{pid}/shots/{first['id']}",
        json={"version": shot["version"], "take": shot["params"]["takes"][0]["job_id"]},
    )
    assert back.status_code == 200, back.text
    undone = clips_of(client, pid)
    assert undone[first["id"]]["duration"] == 9 and undone[second["id"]]["start_frame"] == length


def test_a_locked_track_keeps_its_clips_and_an_unset_shot_follows_its_num_frames(idle_client: TestClient) -> None:
    client = idle_client
    project = make_project(client)
    pid = project["id"]
    shot = make_shot(client, pid)
    v1 = track_of(timeline(client, pid), "V1")
    changed = client.patch(f"/projects/{pid}/shots/{shot['id']}", json={"version": shot["version"], "num_frames": 49})
    assert changed.status_code == 200, changed.text
    assert clips_of(client, pid)[shot["id"]]["duration"] == 49  # not generated yet: the clip is the shot's length

    locked = client.patch(f"/projects/{pid}/tracks/{v1['id']}", json={"version": v1["version"], "locked": True})
    assert locked.status_code == 200, locked.text
    again = client.patch(
        f"/projects/{pid}/shots/{shot['id']}", json={"version": changed.json()["version"], "num_frames": 17}
    )
    assert again.status_code == 200, again.text
    assert clips_of(client, pid)[shot["id"]]["duration"] == 49
