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


def test_shot_of_another_project_is_not_reachable(client: TestClient) -> None:
    mine, theirs = make_project(client), make_project(client)
    their_shot = make_shot(client, theirs["id"])
    response = client.patch(f"/projects/{mine['id']}/shots/{their_shot['id']}", json={"version": 1, "prompt": "x"})
    assert response.status_code == 404


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
