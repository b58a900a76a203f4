"""``GET /projects/{id}/timeline/changes?since=N``: what changed on the timeline since an event id, not everything."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.conftest import make_project, make_shot
from tests.api.test_timeline import create, edits, timeline, track_of


def changes(client: TestClient, project_id: str, since: int) -> dict:
    response = client.get(f"/projects/{project_id}/timeline/changes", params={"since": since})
    assert response.status_code == 200, response.text
    return response.json()


def test_since_zero_is_the_whole_timeline_with_a_cursor(idle_client: TestClient) -> None:
    project = make_project(idle_client)
    for _ in range(3):
        make_shot(idle_client, project["id"])
    whole = changes(idle_client, project["id"], 0)
    state = timeline(idle_client, project["id"])
    assert whole["full"] is True and whole["deleted"] == []
    assert whole["clips"] == state["clips"] and whole["tracks"] == state["tracks"]
    assert whole["cursor"] > 0 and whole["project_version"] == project["version"]
    # Nothing happened since: nothing to send.
    quiet = changes(idle_client, project["id"], whole["cursor"])
    assert (quiet["full"], quiet["clips"], quiet["deleted"], quiet["cursor"]) == (False, [], [], whole["cursor"])
    assert quiet["tracks"] == state["tracks"]


def test_only_the_clips_that_changed_and_the_ids_deleted(idle_client: TestClient) -> None:
    project = make_project(idle_client)
    pid = project["id"]
    shots = [make_shot(idle_client, pid) for _ in range(4)]
    cursor = changes(idle_client, pid, 0)["cursor"]
    state = timeline(idle_client, pid)
    first, second = state["clips"][0], state["clips"][1]
    v1 = track_of(state, "V1")
    moved = edits(
        idle_client,
        pid,
        {"op": "update", "id": second["id"], "version": second["version"], "gain_db": -6},
        {"op": "delete", "id": first["id"], "version": first["version"]},
    )
    assert moved.status_code == 200, moved.text
    added = edits(idle_client, pid, create(v1["id"], 10_000, 5, shot_id=shots[0]["id"]))
    assert added.status_code == 200, added.text

    delta = changes(idle_client, pid, cursor)
    assert delta["full"] is False and delta["cursor"] > cursor
    now = {c["id"]: c for c in timeline(idle_client, pid)["clips"]}
    assert sorted(c["id"] for c in delta["clips"]) == sorted([second["id"], added.json()["clips"][0]["id"]])
    assert all(c == now[c["id"]] for c in delta["clips"]), "each clip as it is now"
    assert delta["deleted"] == [first["id"]]
    # Following from the new cursor: nothing more.
    assert changes(idle_client, pid, delta["cursor"])["clips"] == []


def test_a_shot_change_brings_its_clips(idle_client: TestClient) -> None:
    project = make_project(idle_client)
    shot = make_shot(idle_client, project["id"])
    make_shot(idle_client, project["id"])
    cursor = changes(idle_client, project["id"], 0)["cursor"]
    patched = idle_client.patch(
        f"/projects/{project['id']}/shots/{shot['id']}", json={"version": shot["version"], "prompt": "a red car"}
    )
    assert patched.status_code == 200, patched.text
    delta = changes(idle_client, project["id"], cursor)
    assert [c["shot_id"] for c in delta["clips"]] == [shot["id"]]
    assert "a red car" in delta["clips"][0]["label"]


def test_other_projects_changes_are_not_sent(idle_client: TestClient) -> None:
    mine, other = make_project(idle_client), make_project(idle_client, name="Other")
    cursor = changes(idle_client, mine["id"], 0)["cursor"]
    make_shot(idle_client, other["id"])
    assert changes(idle_client, mine["id"], cursor)["clips"] == []


def test_a_cursor_from_the_future_or_an_unknown_project(idle_client: TestClient) -> None:
    project = make_project(idle_client)
    make_shot(idle_client, project["id"])
    ahead = changes(idle_client, project["id"], 10**9)  # e.g. a cursor from a database restored since
    assert ahead["full"] is True and len(ahead["clips"]) == 1
    assert idle_client.get("/projects/nope/timeline/changes", params={"since": 0}).status_code == 404
    assert idle_client.get(f"/projects/{project['id']}/timeline/changes", params={"since": -1}).status_code == 422


def shot_events(client: TestClient, project_id: str, after: int) -> dict[str, int]:
    """shot id → its index, as announced by the ``shot.updated`` events after ``after`` (the last one wins)."""
    events = client.app.state.studio.bus.replay(after, project_id)
    return {e.data["shot_id"]: e.data["shot"]["index"] for e in events if e.type == "shot.updated"}


def test_shots_renumbered_by_an_insert_a_move_or_a_delete_are_announced(idle_client: TestClient) -> None:
    """Another tab learns the new order from events alone: every shot whose index moved is sent."""
    project = make_project(idle_client)
    pid = project["id"]
    a, b, c = (make_shot(idle_client, pid, prompt=p) for p in ("a", "b", "c"))
    mark = changes(idle_client, pid, 0)["cursor"]
    first = idle_client.post(f"/projects/{pid}/shots", json={"prompt": "first", "index": 0})
    assert first.status_code == 201, first.text
    assert shot_events(idle_client, pid, mark) == {a["id"]: 1, b["id"]: 2, c["id"]: 3}

    mark = changes(idle_client, pid, 0)["cursor"]
    moved = idle_client.patch(f"/projects/{pid}/shots/{c['id']}", json={"index": 1, "version": c["version"]})
    assert moved.status_code == 200, moved.text
    assert shot_events(idle_client, pid, mark) == {c["id"]: 1, a["id"]: 2, b["id"]: 3}

    mark = changes(idle_client, pid, 0)["cursor"]
    assert idle_client.delete(f"/projects/{pid}/shots/{first.json()['id']}").status_code == 204
    assert shot_events(idle_client, pid, mark) == {c["id"]: 0, a["id"]: 1, b["id"]: 2}
    order = sorted(idle_client.get(f"/projects/{pid}").json()["shots"], key=lambda s: s["index"])
    assert [s["id"] for s in order] == [c["id"], a["id"], b["id"]]
