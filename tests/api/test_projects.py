"""Projects, scenes, shots and elements over HTTP: the whole-state read, ordering, versions and clear errors."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.conftest import make_project, make_shot


def test_create_and_read_whole_project_state(client: TestClient) -> None:
    project = make_project(client, fps=25, seed=7)
    assert project["version"] == 1
    state = client.get(f"/projects/{project['id']}").json()
    assert (state["width"], state["height"], state["fps"], state["seed"]) == (64, 64, 25.0, 7)
    assert state["shots"] == state["scenes"] == state["elements"] == state["assets"] == []

    scene = client.post(f"/projects/{project['id']}/scenes", json={"heading": "EXT. PIER - NIGHT"}).json()
    first = make_shot(client, project["id"], scene_id=scene["id"])
    second = make_shot(client, project["id"], prompt="second")
    inserted = make_shot(client, project["id"], prompt="inserted first", index=0)
    element = client.post(f"/projects/{project['id']}/elements", json={"name": "the hero"}).json()
    assert element["trigger"] == "@TheHero"

    state = client.get(f"/projects/{project['id']}").json()
    assert [s["id"] for s in state["shots"]] == [inserted["id"], first["id"], second["id"]]
    assert [s["index"] for s in state["shots"]] == [0, 1, 2]
    # New shots inherit the project's size, fps and seed.
    assert (second["width"], second["fps"], second["seed"]) == (64, 25.0, 7)
    assert state["scenes"][0]["heading"] == "EXT. PIER - NIGHT"
    assert state["elements"][0]["name"] == "the hero"
    assert client.get("/projects").json()[0]["shot_count"] == 3

    client.delete(f"/projects/{project['id']}/shots/{inserted['id']}")
    assert [s["index"] for s in client.get(f"/projects/{project['id']}").json()["shots"]] == [0, 1]


def test_stale_write_is_refused_and_nothing_is_lost(client: TestClient) -> None:
    project = make_project(client)
    shot = make_shot(client, project["id"])
    url = f"/projects/{project['id']}/shots/{shot['id']}"

    tab_a = client.patch(url, json={"version": shot["version"], "prompt": "tab A's prompt"})
    assert tab_a.status_code == 200 and tab_a.json()["version"] == shot["version"] + 1

    tab_b = client.patch(url, json={"version": shot["version"], "prompt": "tab B's prompt", "seed": 3})
    assert tab_b.status_code == 409
    body = tab_b.json()
    assert "changed elsewhere" in body["detail"] and "reload" in body["detail"]
    assert body["current"]["prompt"] == "tab A's prompt"

    saved = client.get(url).json()
    assert saved["prompt"] == "tab A's prompt" and saved["seed"] == shot["seed"]

    renamed = client.patch(f"/projects/{project['id']}", json={"version": 1, "name": "Renamed"})
    assert renamed.status_code == 200 and renamed.json()["version"] == 2
    assert client.patch(f"/projects/{project['id']}", json={"version": 1, "name": "Stale"}).status_code == 409


def test_unknown_ids_are_404_with_a_message(client: TestClient) -> None:
    project = make_project(client)
    missing = "0" * 32
    cases = [
        client.get(f"/projects/{missing}"),
        client.post(f"/projects/{missing}/shots", json={"prompt": "x"}),
        client.patch(f"/projects/{project['id']}/shots/{missing}", json={"version": 1}),
        client.get(f"/jobs/{missing}"),
        client.post(f"/jobs/{missing}/cancel"),
        client.post(f"/projects/{project['id']}/shots", json={"prompt": "x", "scene_id": missing}),
    ]
    for response in cases:
        assert response.status_code == 404, response.text
        assert missing in response.json()["detail"]


def test_shot_of_another_project_is_not_reachable(idle_client: TestClient) -> None:
    """Every route that takes a shot id (in its path or its body) refuses another project's shot, and changes
    nothing in either project. Path routes are read from the OpenAPI schema, so a new one must be added here."""
    client = idle_client
    mine, theirs = make_project(client), make_project(client)
    make_shot(client, mine["id"])
    their_shot = make_shot(client, theirs["id"])
    sid, pid = their_shot["id"], mine["id"]
    v1 = client.get(f"/projects/{pid}/timeline").json()["tracks"][0]["id"]
    bodies = {  # a well-formed request for each
        ("get", "/projects/{project_id}/shots/{shot_id}"): None,
        ("patch", "/projects/{project_id}/shots/{shot_id}"): {"version": 1, "prompt": "overwritten"},
        ("delete", "/projects/{project_id}/shots/{shot_id}"): None,
        ("post", "/projects/{project_id}/shots/{shot_id}/frames"): {"frame": 0},
        ("post", "/projects/{project_id}/shots/{shot_id}/track"): {"frame": 0, "points": [[1, 1, 1]]},
        ("get", "/projects/{project_id}/shots/{shot_id}/masks"): None,
        ("get", "/projects/{project_id}/shots/{shot_id}/quality"): None,
    }
    paths = client.get("/openapi.json").json()["paths"]
    assert {(method, path) for path in paths if "{shot_id}" in path for method in paths[path]} == set(bodies)

    def state() -> list:
        urls = [f"/projects/{p}{tail}" for p in (pid, theirs["id"]) for tail in ("", "/timeline", "/jobs")]
        return [client.get(url).json() for url in urls]

    before = state()
    clip = {"track_id": v1, "shot_id": sid, "start_frame": 500, "duration": 9}
    requests = [(method, path.format(project_id=pid, shot_id=sid), body) for (method, path), body in bodies.items()]
    requests += [
        ("post", "/generate/advanced", {"project_id": pid, "shot_id": sid, "mode": "t2v"}),
        ("post", "/director/enrich", {"project_id": pid, "shot_id": sid, "instruction": "more rain"}),
        ("post", f"/projects/{pid}/timeline/edits", {"changes": [{"op": "create", "clip": clip}]}),
    ]
    for method, url, body in requests:
        response = client.request(method.upper(), url, json=body)
        assert response.status_code == 404, (method, url, response.status_code, response.text)
        assert sid in response.json()["detail"] or "shot" in response.json()["detail"], (url, response.text)
    assert state() == before


def test_bad_fields_are_422_naming_the_field(client: TestClient) -> None:
    bad = client.post("/projects", json={"name": "", "width": 100, "fps": 0})
    assert bad.status_code == 422
    fields = {tuple(e["loc"])[-1] for e in bad.json()["detail"]}
    assert fields == {"name", "width", "fps"}
    assert client.post("/projects", json={"name": "x", "colour": "red"}).status_code == 422  # unknown field
    project = make_project(client)
    frames = client.post(f"/projects/{project['id']}/shots", json={"prompt": "x", "num_frames": 24})
    assert frames.status_code == 422
    assert "8k+1" in frames.text and "use 17 or 25" in frames.text


def test_a_null_for_a_field_that_must_have_a_value_is_a_422_and_changes_nothing(idle_client: TestClient) -> None:
    project = make_project(idle_client)
    for field in ("settings", "default_quality", "name"):
        response = idle_client.patch(f"/projects/{project['id']}", json={"version": project["version"], field: None})
        assert response.status_code == 422, (field, response.text)
        assert "cannot be null" in str(response.json()["detail"]) or field == "name"
    after = idle_client.get(f"/projects/{project['id']}").json()
    assert (after["version"], after["settings"], after["default_quality"]) == (project["version"], {}, "final")
    shot = make_shot(idle_client, project["id"])
    refused = idle_client.patch(
        f"/projects/{project['id']}/shots/{shot['id']}", json={"version": shot["version"], "num_frames": None}
    )
    assert refused.status_code == 422 and "num_frames cannot be null" in refused.json()["detail"]
    cleared = idle_client.patch(  # a nullable one still clears
        f"/projects/{project['id']}/shots/{shot['id']}", json={"version": shot["version"], "quality": None}
    )
    assert cleared.status_code == 200 and cleared.json()["quality"] is None
