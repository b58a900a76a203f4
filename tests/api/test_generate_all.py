"""Generate all / Generate scene through the API: what is queued (script order, skips, regenerate, scope), the
refusals, pause/resume/cancel, the worker's claim passing over a held batch, and a batch run to the end on the tiny
LTX-2 with its time left measured."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session

from backend.db.tables import Shot
from backend.services.job_queue import claim_next
from tests.api.conftest import make_project, make_shot
from tests.waiting import wait_until


def make_scene(client: TestClient, project_id: str, heading: str, **fields: object) -> dict:
    response = client.post(f"/projects/{project_id}/scenes", json={"heading": heading, **fields})
    assert response.status_code == 201, response.text
    return response.json()


def mark_generated(client: TestClient, shot_id: str) -> None:
    """A shot with a take, without spending a generation on it."""
    with Session(client.app.state.studio.engine) as session:
        shot = session.get(Shot, shot_id)
        assert shot is not None
        shot.video_path, shot.status = "generated/earlier.mp4", "ready"
        session.add(shot)
        session.commit()


def script(client: TestClient) -> tuple[str, dict, dict, list[str]]:
    """Two scenes, the second created first but ordered first; shots created out of script order."""
    project = make_project(client)
    pid = project["id"]
    later = make_scene(client, pid, "EXT. HARBOUR - NIGHT")
    first = make_scene(client, pid, "INT. LIGHTHOUSE - DAY", index=0)
    s3 = make_shot(client, pid, prompt="boats at night", scene_id=later["id"])
    s1 = make_shot(client, pid, prompt="a keeper climbs the stairs", scene_id=first["id"])
    s2 = make_shot(client, pid, prompt="the lamp turns", scene_id=first["id"])
    s4 = make_shot(client, pid, prompt="fog rolls in", scene_id=later["id"])
    return pid, first, later, [s1["id"], s2["id"], s3["id"], s4["id"]]


def generate_all(client: TestClient, project_id: str, **body: object) -> dict:
    response = client.post(f"/projects/{project_id}/generate-all", json=body)
    assert response.status_code == 202, response.text
    return response.json()


def shot_of(client: TestClient, job_id: str) -> str:
    return client.get(f"/jobs/{job_id}").json()["shot_id"]


def test_generate_all_queues_every_shot_in_script_order_and_skips_generated_ones(idle_client: TestClient) -> None:
    pid, _, _, ordered = script(idle_client)
    mark_generated(idle_client, ordered[1])
    accepted = generate_all(idle_client, pid, scope="project", what="videos")
    assert [shot_of(idle_client, j) for j in accepted["job_ids"]] == [ordered[0], ordered[2], ordered[3]]

    batch = idle_client.get(f"/batches/{accepted['batch_id']}").json()
    assert batch["status"] == "running" and batch["jobs_total"] == 3 and batch["jobs_done"] == 0
    assert [s["shot_id"] for s in batch["shots"]] == ordered
    assert [s["state"] for s in batch["shots"]] == ["pending", "skipped", "pending", "pending"]
    assert "already generated" in batch["shots"][1]["note"]
    assert batch["eta_s"] is None  # nothing measured on this machine yet
    job = idle_client.get(f"/jobs/{accepted['job_ids'][0]}").json()
    assert (job["kind"], job["batch_id"]) == ("t2v", accepted["batch_id"])  # the single-shot Generate's job
    shot = idle_client.get(f"/projects/{pid}/shots/{ordered[0]}").json()
    assert shot["status"] == "queued" and shot["last_job_id"] == accepted["job_ids"][0]

    # Queued shots are being generated: a second batch skips them, and has nothing left to do.
    again = idle_client.post(f"/projects/{pid}/generate-all", json={"what": "videos"})
    assert again.status_code == 422 and "nothing to generate" in again.json()["detail"]


def test_regenerate_includes_generated_shots_and_scene_scope_keeps_to_its_scene(idle_client: TestClient) -> None:
    pid, first, later, ordered = script(idle_client)
    for shot_id in ordered:
        mark_generated(idle_client, shot_id)
    nothing = idle_client.post(f"/projects/{pid}/generate-all", json={"scope": "scene", "scene_id": first["id"]})
    assert nothing.status_code == 422 and "regenerate: true" in nothing.json()["detail"]

    scene = generate_all(idle_client, pid, scope="scene", scene_id=later["id"], regenerate=True)
    assert [shot_of(idle_client, j) for j in scene["job_ids"]] == ordered[2:]
    batch = idle_client.get(f"/batches/{scene['batch_id']}").json()
    assert (batch["scope"], batch["scene_id"], [s["shot_id"] for s in batch["shots"]]) == (
        "scene",
        later["id"],
        ordered[2:],
    )
    rest = generate_all(idle_client, pid, regenerate=True)  # the project: the other scene's two shots
    assert [shot_of(idle_client, j) for j in rest["job_ids"]] == ordered[:2]


def test_bad_requests_say_what_to_fix(idle_client: TestClient) -> None:
    pid, first, _, _ = script(idle_client)
    other = make_project(idle_client, name="Other")
    foreign = make_scene(idle_client, other["id"], "INT. ELSEWHERE")
    empty = make_scene(idle_client, pid, "INT. EMPTY ROOM")
    cases = [
        ({"scope": "scene"}, 422, "needs scene_id"),
        ({"scope": "project", "scene_id": first["id"]}, 422, 'only for scope "scene"'),
        ({"scope": "everything"}, 422, "scope"),
        ({"what": "music"}, 422, "what"),
        ({"scope": "scene", "scene_id": foreign["id"]}, 404, "does not exist in project"),
        ({"scope": "scene", "scene_id": empty["id"]}, 422, "has no shots"),
    ]
    for body, code, words in cases:
        response = idle_client.post(f"/projects/{pid}/generate-all", json=body)
        assert response.status_code == code, (body, response.text)
        assert words in str(response.json()["detail"]), (body, response.text)
    assert idle_client.post("/projects/nope/generate-all", json={}).status_code == 404
    assert idle_client.get("/batches/nope").status_code == 404
    assert idle_client.get(f"/projects/{pid}/jobs").json() == []  # a refused batch queued nothing

    make_shot(idle_client, pid, prompt="   ", scene_id=first["id"])
    blank = idle_client.post(f"/projects/{pid}/generate-all", json={})
    assert (
        blank.status_code == 422 and "Shot 5" in blank.json()["detail"] and "prompt is empty" in blank.json()["detail"]
    )
    for what in ("frames", "both"):  # the frame step refuses it first, naming the shot once
        refused = idle_client.post(f"/projects/{pid}/generate-all", json={"what": what})
        assert refused.status_code == 422, refused.text
        assert refused.json()["detail"] == "shot 5 has no prompt: describe it before making its frame"
    assert idle_client.get(f"/projects/{pid}/jobs").json() == []


def test_pause_holds_the_waiting_jobs_resume_releases_them_cancel_ends_all(idle_client: TestClient) -> None:
    engine = idle_client.app.state.studio.engine
    pid, _, _, ordered = script(idle_client)
    accepted = generate_all(idle_client, pid)
    batch_id = accepted["batch_id"]

    paused = idle_client.post(f"/batches/{batch_id}/pause").json()
    assert paused["status"] == "paused" and {s["state"] for s in paused["shots"]} == {"held"}
    assert idle_client.post(f"/batches/{batch_id}/pause").json()["status"] == "paused"  # again: no change
    queue = idle_client.get("/jobs", params={"project_id": pid}).json()
    assert all(j["held"] and j["position"] is None for j in queue["items"])
    assert claim_next(engine) is None  # the worker passes over a paused batch

    resumed = idle_client.post(f"/batches/{batch_id}/resume").json()
    assert resumed["status"] == "running" and {s["state"] for s in resumed["shots"]} == {"pending"}
    claimed = claim_next(engine)  # as the worker would: the first shot in script order
    assert claimed is not None and claimed.id == accepted["job_ids"][0] and claimed.shot_id == ordered[0]
    running = idle_client.get(f"/batches/{batch_id}").json()
    assert running["shots"][0]["state"] == "running"

    cancelled = idle_client.post(f"/batches/{batch_id}/cancel").json()
    assert cancelled["status"] == "cancelled" and cancelled["eta_s"] == 0
    jobs = [idle_client.get(f"/jobs/{j}").json() for j in accepted["job_ids"]]
    assert [j["status"] for j in jobs[1:]] == ["cancelled"] * 3  # waiting ones: at once
    assert jobs[0]["status"] == "running"  # the running one stops at its next step (no worker here to run it)
    assert claim_next(engine) is None
    for action in ("pause", "resume"):
        refused = idle_client.post(f"/batches/{batch_id}/{action}")
        assert refused.status_code == 409 and "cancelled" in refused.json()["detail"]
    shots = {s["id"]: s for s in idle_client.get(f"/projects/{pid}").json()["shots"]}
    assert [shots[s]["status"] for s in ordered[1:]] == ["draft"] * 3
    types = [e.type for e in idle_client.app.state.studio.bus.replay(0)]
    assert types.count("batch.updated") >= 4  # created, paused, resumed, cancelled


def test_a_batch_runs_to_the_end_and_the_next_one_has_a_measured_eta(client: TestClient) -> None:
    project = make_project(client)
    pid = project["id"]
    shots = [make_shot(client, pid, prompt=f"waves, take {n}")["id"] for n in range(2)]
    accepted = generate_all(client, pid)

    def finished() -> dict | None:
        batch = client.get(f"/batches/{accepted['batch_id']}").json()
        return batch if batch["status"] not in ("running", "paused") else None

    batch = wait_until(finished, 120, what="the batch finishing")
    assert batch["status"] == "completed", batch
    assert (batch["progress"], batch["jobs_done"], batch["eta_s"]) == (1.0, 2, 0.0)
    assert [s["state"] for s in batch["shots"]] == ["completed", "completed"]
    assert all(client.get(f"/projects/{pid}/shots/{s}").json()["video_url"] for s in shots)

    again = generate_all(client, pid, regenerate=True)
    estimate = client.get(f"/batches/{again['batch_id']}").json()["eta_s"]
    assert estimate is not None and estimate > 0  # from the two jobs just measured
    events = [e for e in client.app.state.studio.bus.replay(0) if e.type == "batch.updated"]
    assert events[0].data["batch"]["status"] == "running" and events[0].data["batch_id"] == accepted["batch_id"]
    assert any(e.data["batch"]["status"] == "completed" for e in events)
    client.post(f"/batches/{again['batch_id']}/cancel")
